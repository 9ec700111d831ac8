// Every XML document the SDK can send, across its options, must validate against the official XSDs: the server
// validates requests and manifests against them, so a document that does not is a job that cannot be created.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AuthenticationLevel,
  Availability,
  ContactInformation,
  DirectJob,
  DirectSigner,
  Document,
  Email,
  ExitUrls,
  IdentifierInSignedDocuments,
  MAX_AVAILABLE_SECONDS,
  Notifications,
  NotificationsUsingLookup,
  OnBehalfOf,
  PersonalIdentificationNumber,
  PollingQueue,
  PortalJob,
  PortalSigner,
  Sender,
  SignatureType,
  Sms,
  StatusRetrievalMethod,
  CustomIdentifier,
} from '../../../src/model/index.js';
import {
  directJobRequestXml,
  directManifestXml,
  directSignerUpdateRequestXml,
  parseDirectJobResponse,
  parseDirectJobStatusResponse,
  parseDirectSignerResponse,
  parsePortalJobResponse,
  parsePortalJobStatusChanged,
  portalJobRequestXml,
  portalManifestXml,
} from '../../../src/xml/index.js';
import { attribute, child, children, text } from '../../../src/xml/safe-xml.js';
import { parseXml } from '../../../src/xml/index.js';
import { validateAgainstApiSchema, validateManyAgainstApiSchema, type XsdResult } from '../../helpers/xsd.js';
import { customSigner, exitUrls, manifestDocuments, ORG, pdf, PIN_A, PIN_B, pinSigner, portalPinSigner, sender, txt, utf8 } from '../../fixtures/responses.js';

const queueSender = new Sender(ORG, new PollingQueue('avdeling-øst'));
const queueSenderWith = (suffix: string): Sender => new Sender(ORG, new PollingQueue(`q${suffix}`));
const special = 'Avtale & <vilkår> "æøå" \'ÆØÅ\'';

const directManifest = (job: DirectJob, s: Sender = sender): Uint8Array => directManifestXml(job, s, manifestDocuments(job.documents));
const portalManifest = (job: PortalJob, s: Sender = sender): Uint8Array => portalManifestXml(job, s, manifestDocuments(job.documents));
const direct = (
  signers: DirectSigner[],
  options: ConstructorParameters<typeof DirectJob>[4] = {},
  documents: Document | Document[] = pdf(),
  reference?: string,
): DirectJob => new DirectJob(documents, signers, reference, exitUrls, options);
const portal = (
  signers: PortalSigner[],
  options: ConstructorParameters<typeof PortalJob>[3] = {},
  documents: Document | Document[] = pdf(),
  reference?: string,
): PortalJob => new PortalJob(documents, signers, reference, options);
const twenty = (): Document[] => Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? pdf(`Dokument ${i} æøå`) : txt(`Vedlegg ${i} <&>`)));
const pin = (p: string): PersonalIdentificationNumber => new PersonalIdentificationNumber(p);

// name → the bytes the SDK produces. Built (and validated in one xmllint run) in beforeAll.
const cases: Record<string, () => Uint8Array> = {
  // direct-signature-job-request
  'direct request: minimal': () => directJobRequestXml(direct([pinSigner()]), sender),
  'direct request: with reference': () => directJobRequestXml(direct([pinSigner()], {}, pdf(), 'ref-123 æøå & <x>'), sender),
  'direct request: reference of 50 characters': () => directJobRequestXml(direct([pinSigner()], {}, pdf(), 'r'.repeat(50)), sender),
  'direct request: WaitForCallback': () =>
    directJobRequestXml(direct([pinSigner()], { statusRetrievalMethod: StatusRetrievalMethod.WaitForCallback }, pdf(), 'r'), sender),
  'direct request: Polling': () => directJobRequestXml(direct([pinSigner()], { statusRetrievalMethod: StatusRetrievalMethod.Polling }), sender),
  'direct request: Polling with a named queue': () =>
    directJobRequestXml(direct([pinSigner()], { statusRetrievalMethod: StatusRetrievalMethod.Polling }, pdf(), 'ref'), queueSender),
  'direct request: named queue, no method': () => directJobRequestXml(direct([pinSigner()]), queueSender),
  'direct request: exit URLs with query, & and 500 characters': () => {
    const long = `https://example.com/x?a=1&b=${'q'.repeat(500 - 'https://example.com/x?a=1&b='.length)}`;
    const job = new DirectJob(pdf(), [pinSigner()], undefined, new ExitUrls(long, 'https://example.com/r?x=<&>', 'http://localhost:8080/e'));
    return directJobRequestXml(job, sender);
  },

  // direct-signature-job-manifest
  'direct manifest: PIN signer': () => directManifest(direct([pinSigner()])),
  'direct manifest: custom identifier signer': () => directManifest(direct([customSigner('kunde <1> & "æøå"')])),
  'direct manifest: custom identifier of 80 characters': () => directManifest(direct([customSigner('å'.repeat(80))])),
  'direct manifest: mixed signers, 10 of them': () =>
    directManifest(direct([pinSigner(PIN_A), customSigner('a'), ...Array.from({ length: 8 }, (_, i) => customSigner(`signer-${i}`))])),
  'direct manifest: advanced signature': () => directManifest(direct([new DirectSigner(pin(PIN_A), { signatureType: SignatureType.AdvancedSignature })])),
  'direct manifest: authenticated signature': () =>
    directManifest(direct([new DirectSigner(pin(PIN_A), { signatureType: SignatureType.AuthenticatedSignature })])),
  'direct manifest: on behalf of SELF': () => directManifest(direct([new DirectSigner(pin(PIN_A), { onBehalfOf: OnBehalfOf.Self })])),
  'direct manifest: on behalf of OTHER with signature type': () =>
    directManifest(direct([new DirectSigner(new CustomIdentifier('x'), { signatureType: SignatureType.AdvancedSignature, onBehalfOf: OnBehalfOf.Other })])),
  'direct manifest: authentication level 3': () => directManifest(direct([pinSigner()], { authenticationLevel: AuthenticationLevel.Three })),
  'direct manifest: authentication level 4': () => directManifest(direct([pinSigner()], { authenticationLevel: AuthenticationLevel.Four })),
  'direct manifest: identifier PIN and name': () =>
    directManifest(direct([pinSigner()], { identifierInSignedDocuments: IdentifierInSignedDocuments.PersonalIdentificationNumberAndName })),
  'direct manifest: identifier date of birth and name': () =>
    directManifest(direct([pinSigner()], { identifierInSignedDocuments: IdentifierInSignedDocuments.DateOfBirthAndName })),
  'direct manifest: identifier name': () =>
    directManifest(direct([pinSigner()], { identifierInSignedDocuments: IdentifierInSignedDocuments.Name, authenticationLevel: AuthenticationLevel.Three })),
  'direct manifest: 20 documents, title and description': () =>
    directManifest(direct([pinSigner()], { title: special, description: 'Beskrivelse & <b>' }, twenty())),
  'direct manifest: one document, no description': () => directManifest(direct([pinSigner()], {}, pdf('Uten beskrivelse'))),
  'direct manifest: one document, description from its message': () => directManifest(direct([pinSigner()], {}, pdf(special, 'Melding æøå <&>'))),
  'direct manifest: description of 220 characters': () => directManifest(direct([pinSigner()], { description: 'ø'.repeat(220) })),
  'direct manifest: title of 80 characters': () => directManifest(direct([pinSigner()], { title: 'æ'.repeat(80) }, pdf('æ'.repeat(80)))),
  'direct manifest: every option at once': () =>
    directManifest(
      direct(
        [
          new DirectSigner(pin(PIN_A), { signatureType: SignatureType.AuthenticatedSignature, onBehalfOf: OnBehalfOf.Self }),
          new DirectSigner(new CustomIdentifier('ansatt'), { signatureType: SignatureType.AdvancedSignature, onBehalfOf: OnBehalfOf.Other }),
        ],
        {
          title: special,
          description: special,
          authenticationLevel: AuthenticationLevel.Four,
          identifierInSignedDocuments: IdentifierInSignedDocuments.DateOfBirthAndName,
          statusRetrievalMethod: StatusRetrievalMethod.Polling,
          sender: queueSender,
        },
        [pdf(special), txt()],
        'ref',
      ),
      queueSender,
    ),

  // direct-signer-update-request
  'direct signer update request': () => directSignerUpdateRequestXml(),

  // portal-signature-job-request
  'portal request: minimal': () => portalJobRequestXml(portal([portalPinSigner()]), sender),
  'portal request: reference': () => portalJobRequestXml(portal([portalPinSigner()], {}, pdf(), 'ref <&> æøå'), sender),
  'portal request: named queue': () => portalJobRequestXml(portal([portalPinSigner()]), queueSender),
  'portal request: reference and named queue': () => portalJobRequestXml(portal([portalPinSigner()], {}, pdf(), 'r'.repeat(50)), queueSender),

  // portal-signature-job-manifest
  'portal manifest: PIN + email': () => portalManifest(portal([new PortalSigner(pin(PIN_A), new Notifications(new Email('a@example.com')))])),
  'portal manifest: PIN + sms': () => portalManifest(portal([new PortalSigner(pin(PIN_A), new Notifications(undefined, new Sms('+4799999999')))])),
  'portal manifest: PIN + sms given first': () =>
    portalManifest(portal([new PortalSigner(pin(PIN_A), new Notifications(new Sms('99999999') as unknown as Email))])),
  'portal manifest: PIN + email and sms': () =>
    portalManifest(portal([new PortalSigner(pin(PIN_A), new Notifications(new Email('a&b@example.com'), new Sms('99999999')))])),
  'portal manifest: PIN + lookup (email only)': () => portalManifest(portal([new PortalSigner(pin(PIN_A), new NotificationsUsingLookup())])),
  'portal manifest: PIN + lookup with sms': () => portalManifest(portal([new PortalSigner(pin(PIN_A), new NotificationsUsingLookup({ sms: true }))])),
  'portal manifest: PIN + lookup, sms false': () => portalManifest(portal([new PortalSigner(pin(PIN_A), new NotificationsUsingLookup({ sms: false }))])),
  'portal manifest: contact information email': () => portalManifest(portal([new PortalSigner(new ContactInformation({ email: new Email('k@example.com') }))])),
  'portal manifest: contact information sms': () => portalManifest(portal([new PortalSigner(new ContactInformation({ sms: new Sms('+4712345678') }))])),
  'portal manifest: contact information both': () =>
    portalManifest(portal([new PortalSigner(new ContactInformation({ email: new Email('"q"<x>@example.com'), sms: new Sms('12345678') }))])),
  ...Object.fromEntries(
    Array.from({ length: 10 }, (_, order) => [
      `portal manifest: order ${order}`,
      () => portalManifest(portal([new PortalSigner(pin(PIN_A), new NotificationsUsingLookup(), { order })])),
    ]),
  ),
  'portal manifest: 10 signers in orders 0-9, both identifier kinds': () =>
    portalManifest(
      portal(
        Array.from({ length: 10 }, (_, i) =>
          i % 2 === 0
            ? new PortalSigner(pin(`0101330000${i}`), new Notifications(new Email(`p${i}@example.com`)), { order: 9 - i })
            : new PortalSigner(new ContactInformation({ sms: new Sms(`+47${90000000 + i}`) }), { order: i }),
        ),
      ),
    ),
  'portal manifest: availability, activation only': () =>
    portalManifest(portal([portalPinSigner()], { availability: new Availability({ activation: new Date('2030-01-02T03:04:05.678Z') }) })),
  'portal manifest: availability, seconds only': () =>
    portalManifest(portal([portalPinSigner()], { availability: new Availability({ availableSeconds: 86_400 }) })),
  'portal manifest: availability, 0 seconds': () => portalManifest(portal([portalPinSigner()], { availability: new Availability({ availableSeconds: 0 }) })),
  'portal manifest: availability, maximum seconds': () =>
    portalManifest(portal([portalPinSigner()], { availability: new Availability({ availableSeconds: MAX_AVAILABLE_SECONDS }) })),
  'portal manifest: availability, both': () =>
    portalManifest(portal([portalPinSigner()], { availability: new Availability({ activation: new Date(0), availableSeconds: 3600 }) })),
  'portal manifest: availability, neither': () => portalManifest(portal([portalPinSigner()], { availability: new Availability() })),
  'portal manifest: availability, activation before year 1000': () =>
    portalManifest(portal([portalPinSigner()], { availability: new Availability({ activation: new Date('0999-12-31T23:59:59Z') }) })),
  'portal manifest: nonSensitiveTitle': () => portalManifest(portal([portalPinSigner()], { nonSensitiveTitle: special })),
  'portal manifest: nonSensitiveTitle of 80 characters': () => portalManifest(portal([portalPinSigner()], { nonSensitiveTitle: 'å'.repeat(80) })),
  'portal manifest: advanced signature': () =>
    portalManifest(portal([new PortalSigner(pin(PIN_A), new NotificationsUsingLookup(), { signatureType: SignatureType.AdvancedSignature })])),
  'portal manifest: authenticated signature, contact signer': () =>
    portalManifest(portal([new PortalSigner(new ContactInformation({ email: new Email('a@b.no') }), { signatureType: SignatureType.AuthenticatedSignature })])),
  'portal manifest: on behalf of SELF with lookup': () =>
    portalManifest(portal([new PortalSigner(pin(PIN_A), new NotificationsUsingLookup({ sms: true }), { onBehalfOf: OnBehalfOf.Self })])),
  'portal manifest: on behalf of OTHER': () =>
    portalManifest(
      portal([
        new PortalSigner(pin(PIN_A), new Notifications(new Email('a@b.no'), new Sms('12345678')), {
          onBehalfOf: OnBehalfOf.Other,
          signatureType: SignatureType.AdvancedSignature,
          order: 3,
        }),
      ]),
    ),
  'portal manifest: authentication levels and identifiers': () =>
    portalManifest(
      portal([portalPinSigner()], { authenticationLevel: AuthenticationLevel.Three, identifierInSignedDocuments: IdentifierInSignedDocuments.Name }),
    ),
  'portal manifest: 20 documents, description': () => portalManifest(portal([portalPinSigner()], { title: special, description: 'ø'.repeat(220) }, twenty())),
  'portal manifest: one document without description': () => portalManifest(portal([portalPinSigner()], {}, txt(special))),
  'portal manifest: every option at once': () =>
    portalManifest(
      portal(
        [
          new PortalSigner(pin(PIN_A), new NotificationsUsingLookup({ sms: true }), {
            order: 0,
            signatureType: SignatureType.AuthenticatedSignature,
            onBehalfOf: OnBehalfOf.Self,
          }),
          new PortalSigner(pin(PIN_B), new Notifications(new Email('b@example.com'), new Sms('+4791234567')), { order: 1, onBehalfOf: OnBehalfOf.Other }),
          new PortalSigner(new ContactInformation({ email: new Email('c@example.com'), sms: new Sms('91234567') }), {
            order: 1,
            signatureType: SignatureType.AdvancedSignature,
          }),
        ],
        {
          title: special,
          nonSensitiveTitle: 'Kontrakt',
          description: special,
          authenticationLevel: AuthenticationLevel.Four,
          identifierInSignedDocuments: IdentifierInSignedDocuments.PersonalIdentificationNumberAndName,
          availability: new Availability({ activation: new Date('2031-06-01T12:00:00+02:00'), availableSeconds: 604_800 }),
          sender: queueSender,
        },
        [pdf(special, 'ignored'), txt()],
        'ref',
      ),
      queueSender,
    ),
};

const names = Object.keys(cases);
const results = new Map<string, { xml: string; result: XsdResult }>();

beforeAll(async () => {
  const xmls = names.map((name) => (cases[name] as () => Uint8Array)());
  const validated = await validateManyAgainstApiSchema(xmls);
  names.forEach((name, i) => results.set(name, { xml: utf8(xmls[i] as Uint8Array), result: validated[i] as XsdResult }));
});

describe('request and manifest XML validate against the official XSDs', () => {
  it.each(names)('%s', (name) => {
    const got = results.get(name);
    expect(got, name).toBeDefined();
    expect(got?.result.errors, got?.xml).toEqual([]);
    expect(got?.result.valid).toBe(true);
  });

  it('escapes markup characters and keeps non-ASCII text as UTF-8 characters', () => {
    const xml = results.get('direct manifest: 20 documents, title and description')?.xml ?? '';
    expect(xml).toContain('<title>Avtale &amp; &lt;vilkår&gt; "æøå" \'ÆØÅ\'</title>');
    expect(xml).toContain('<document href="0001_title.txt" mime="text/plain"><title>Vedlegg 1 &lt;&amp;&gt;</title></document>');
    expect(xml.match(/<document /g)).toHaveLength(20);
  });

  it('writes each option where the schema wants it', () => {
    const full = results.get('portal manifest: every option at once')?.xml ?? '';
    expect(full).toContain(
      '<availability><activation-time>2031-06-01T10:00:00.000Z</activation-time><available-seconds>604800</available-seconds></availability>',
    );
    expect(full).toContain('<notifications-using-lookup><email/><sms/></notifications-using-lookup>');
    expect(full).toContain('<identified-by-contact-information/>');
    expect(full).toContain('<nonsensitive-title>Kontrakt</nonsensitive-title>');
    const req = results.get('direct request: Polling with a named queue')?.xml ?? '';
    expect(req).toContain('<status-retrieval-method>POLLING</status-retrieval-method><polling-queue>avdeling-øst</polling-queue>');
  });
});

it('sends a mobile number as written by people in its normalised +digits form', () => {
  const job = new PortalJob(new Document('Avtale', undefined, 'PDF', new Uint8Array([1])), [
    new PortalSigner(new ContactInformation({ sms: new Sms('0047 999-99 999') })),
  ]);
  const xml = utf8(portalManifestXml(job, new Sender('123456789'), [{ href: 'a.pdf', mimeType: 'application/pdf', title: 'Avtale' }]));
  expect(xml).toContain('<sms number="+4799999999"/>');
});

describe('text that looks like a character or entity reference is sent as written', () => {
  // Regression (from when xmlbuilder2 wrote the XML): it left "&" alone before "name;" or "#digits;", so "&lt;" was sent as "<" and
  // "&foo;" / "&#0;" made the manifest unparseable (found by test/integration/xml/fuzz.test.ts).
  const tricky = ['&lt;', '&foo;', '&#0;', '&#60;', '&amp;', 'a &YxU; b', '&#x41;', '&'];

  it.each(tricky)('%j in every text and attribute value', async (value) => {
    const job = new PortalJob(
      [pdf(`t${value}`), txt(value)],
      [new PortalSigner(new ContactInformation({ email: new Email(`a${value.replaceAll(' ', '')}@example.com`) }))],
      `r${value}`,
      { title: value, description: value, nonSensitiveTitle: value },
    );
    const docs = manifestDocuments(job.documents).map((d) => ({ ...d, href: `${d.href}${value}` }));
    const manifest = portalManifestXml(job, queueSenderWith(value), docs);
    const request = portalJobRequestXml(job, queueSenderWith(value));
    const dJob = new DirectJob(
      pdf(value),
      [customSigner(value)],
      value,
      new ExitUrls(`https://example.com/?q=${value}`, 'https://example.com/', 'https://example.com/'),
    );
    const results = await validateManyAgainstApiSchema([manifest, request, directManifest(dJob), directJobRequestXml(dJob, sender)]);
    results.forEach((r) => expect(r.errors).toEqual([]));
    const { node } = parseXml(manifest);
    expect(text(child(node, 'title'))).toBe(value);
    expect(text(child(children(child(node, 'documents'), 'document')[0], 'title'))).toBe(`t${value}`);
    expect(attribute(children(child(node, 'documents'), 'document')[0], 'href')).toBe(`0000_title.pdf${value}`);
    const signer = child(child(node, 'signers'), 'signer');
    expect(attribute(child(child(signer, 'notifications'), 'email'), 'address')).toBe(`a${value.replaceAll(' ', '')}@example.com`);
    expect(text(child(parseXml(request).node, 'polling-queue'))).toBe(`q${value}`);
    expect(text(child(child(parseXml(directManifest(dJob)).node, 'signer'), 'signer-identifier'))).toBe(value);
    expect(text(child(child(parseXml(directJobRequestXml(dJob, sender)).node, 'exit-urls'), 'completion-url'))).toBe(`https://example.com/?q=${value}`);
  });
});

describe('the validator is live', () => {
  it('refuses a manifest without <sender>', async () => {
    const xml = utf8(directManifest(direct([pinSigner()]))).replace(/<sender>.*?<\/sender>/, '');
    expect(xml).not.toContain('<sender>');
    const result = await validateAgainstApiSchema(xml);
    expect(result.valid).toBe(false);
    expect(result.errors.join('\n')).toMatch(/sender/);
  });

  it('refuses a value over a facet limit (reference of 51 characters written by hand)', async () => {
    const xml = utf8(directJobRequestXml(direct([pinSigner()], {}, pdf(), 'r'.repeat(50)), sender)).replace('r'.repeat(50), 'r'.repeat(51));
    const result = await validateAgainstApiSchema(xml);
    expect(result.valid).toBe(false);
    expect(result.errors.join('\n')).toMatch(/maxLength/);
  });

  it('refuses a document in the wrong namespace, and one that is not XML', async () => {
    const wrongNs = utf8(directSignerUpdateRequestXml()).replace('http://signering.posten.no/schema/v1', 'urn:other');
    expect((await validateAgainstApiSchema(wrongNs)).valid).toBe(false);
    expect((await validateAgainstApiSchema('<direct-signer-update-request')).valid).toBe(false);
  });
});

// --- The specification's own example responses go through our parsers. ---------------------------------------

const EXAMPLES = resolve(import.meta.dirname, '../../../resources/signature-api-spec/schema/examples');
const example = (path: string): Uint8Array => new Uint8Array(readFileSync(resolve(EXAMPLES, path)));
const BASE = 'https://api.signering.posten.no/api/123456789';

describe('the specification examples', () => {
  it('are themselves valid (requests, manifests and responses we parse)', async () => {
    const files = [
      'direct/request.xml',
      'direct/manifest.xml',
      'direct/manifest-signer-without-pin.xml',
      'direct/manifest-specify-signtype-and-auth.xml',
      'direct/signer-update-request.xml',
      'direct/response.xml',
      'direct/signer-response.xml',
      'direct/status-response.xml',
      'direct/multiple_signers/response.xml',
      'direct/multiple_signers/status-response.xml',
      'portal/request.xml',
      'portal/manifest.xml',
      'portal/response.xml',
      'portal/status-change-response.xml',
      'portal/status-change-response-signer-without-pin.xml',
    ];
    const results = await validateManyAgainstApiSchema(files.map(example));
    files.forEach((f, i) => expect(results[i]?.errors, f).toEqual([]));
  });

  it('direct/response.xml: trims whitespace and drops the comment inside redirect-url', () => {
    const r = parseDirectJobResponse(example('direct/response.xml'));
    expect(r.signatureJobId).toBe('1');
    expect(r.reference).toBeUndefined();
    expect(r.statusUrl).toBe(`${BASE}/direct/signature-jobs/1/status`);
    expect(r.signers).toHaveLength(1);
    const s = r.signers[0];
    expect(s?.identifier).toEqual(new PersonalIdentificationNumber('12345678910'));
    expect(s?.redirectUrl).toBe('https://signering.posten.no#/redirect/421e7ac38da1f81150cfae8a053cef62f9e7433ffd9395e5805e820980653657');
    expect(s?.signerUrl.url).toBe(`${BASE}/direct/signature-jobs/1/signers/1`);
  });

  it('direct/multiple_signers/response.xml: a PIN signer and a custom-identifier signer', () => {
    const r = parseDirectJobResponse(example('direct/multiple_signers/response.xml'));
    expect(r.signers.map((s) => [String(s.identifier), s.redirectUrl, s.signerUrl.url])).toEqual([
      [
        'PersonalIdentificationNumber(109876*****)',
        'https://signering.posten.no#/redirect/cwYjoZOX5jOc1BACfTdhuIPjWr4BzZ234PqHOgJj03o',
        `${BASE}/direct/signature-jobs/1/signers/1`,
      ],
      [
        'CustomIdentifier(123abc)',
        'https://signering.posten.no#/redirect/P1P-rdPK03Vf-z4NZb1mtDcExjpOzzVEkwal_F9FKm0',
        `${BASE}/direct/signature-jobs/1/signers/2`,
      ],
    ]);
    expect(r.getSignerFor(new CustomIdentifier('123abc')).signerUrl.url).toBe(`${BASE}/direct/signature-jobs/1/signers/2`);
  });

  it('direct/signer-response.xml: leading comment and multi-line redirect-url', () => {
    const r = parseDirectSignerResponse(example('direct/signer-response.xml'));
    expect(r.identifier).toEqual(new PersonalIdentificationNumber('12345678910'));
    expect(r.redirectUrl).toBe('https://signering.posten.no#/redirect/421e7ac38da1f81150cfae8a053cef62f9e7433ffd9395e5805e820980653657');
    expect(r.signerUrl.url).toBe(`${BASE}/direct/signature-jobs/1/signers/1`);
  });

  it('direct/multiple_signers/status-response.xml: statuses and XAdES URLs matched by signer', () => {
    const r = parseDirectJobStatusResponse(example('direct/multiple_signers/status-response.xml'));
    expect(r.signatureJobId).toBe('1');
    expect(r.status).toBe('COMPLETED_SUCCESSFULLY');
    expect(r.signatures.map((s) => [s.signer?.value, s.signatureStatus, s.since.toISOString(), s.xadesReference?.url])).toEqual([
      ['123abc', 'SIGNED', '2017-01-23T11:51:43.000Z', `${BASE}/direct/signature-jobs/1/xades/1`],
      ['10987654321', 'SIGNED', '2017-01-23T11:51:43.000Z', `${BASE}/direct/signature-jobs/1/xades/2`],
    ]);
    expect(r.references.confirmation?.url).toBe(`${BASE}/direct/signature-jobs/1/complete`);
    expect(r.references.pades?.url).toBe(`${BASE}/direct/signature-jobs/1/pades`);
    expect(r.references.deleteDocuments).toBeUndefined();
  });

  // The schema makes the `signer` attribute optional and the single-signer example omits it.
  it('direct/status-response.xml: a status without a signer attribute (single signer)', () => {
    const r = parseDirectJobStatusResponse(example('direct/status-response.xml'));
    expect(r.status).toBe('COMPLETED_SUCCESSFULLY');
    expect(r.signatures).toHaveLength(1);
    expect(r.signatures[0]?.signatureStatus).toBe('SIGNED');
    expect(r.signatures[0]?.signer).toBeUndefined();
    expect(r.references.pades?.url).toBe(`${BASE}/direct/signature-jobs/1/pades`);
  });

  it('portal/response.xml', () => {
    const r = parsePortalJobResponse(example('portal/response.xml'));
    expect(r.signatureJobId).toBe('1');
    expect(r.cancellationReference.url).toBe(`${BASE}/portal/signature-jobs/1/cancel`);
  });

  it('portal/status-change-response.xml: PAdES URL inside <signatures>', () => {
    const next = new Date('2030-01-01T00:00:00Z');
    const r = parsePortalJobStatusChanged(example('portal/status-change-response.xml'), next);
    expect(r.signatureJobId).toBe('1');
    expect(r.status).toBe('COMPLETED_SUCCESSFULLY');
    expect(r.confirmationReference?.url).toBe(`${BASE}/portal/signature-jobs/1/complete`);
    expect(r.padesReference?.url).toBe(`${BASE}/portal/signature-jobs/1/pades`);
    expect(r.cancellationReference).toBeUndefined();
    expect(r.nextPermittedPollTime).toBe(next);
    const s = r.getSignatureFor(new PersonalIdentificationNumber('12345678910'));
    expect([s.signatureStatus, s.since.toISOString(), s.xadesReference?.url]).toEqual([
      'SIGNED',
      '2017-01-23T11:51:43.000Z',
      `${BASE}/portal/signature-jobs/1/xades/1`,
    ]);
  });

  it('portal/status-change-response-signer-without-pin.xml: signers by contact information', () => {
    const r = parsePortalJobStatusChanged(example('portal/status-change-response-signer-without-pin.xml'), new Date());
    const byEmail = r.getSignatureFor(new ContactInformation({ email: new Email('test@example.com') }));
    const byBoth = r.getSignatureFor(new ContactInformation({ email: new Email('test@example.com'), sms: new Sms('12345678') }));
    expect(byEmail.xadesReference?.url).toBe(`${BASE}/portal/signature-jobs/1/xades/1`);
    expect(byBoth.xadesReference?.url).toBe(`${BASE}/portal/signature-jobs/1/xades/2`);
  });
});
