// Every XSD limit and business rule is enforced when the model object is constructed, with a ValidationError
// naming the field: a mistake is reported at the line that made it, not as an HTTP 400 after an upload.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors/index.js';
import {
  Availability,
  ContactInformation,
  CustomIdentifier,
  DirectJob,
  DirectSigner,
  Document,
  Email,
  ExitUrls,
  FileType,
  MAX_AVAILABLE_SECONDS,
  Notifications,
  NotificationsUsingLookup,
  OnBehalfOf,
  PersonalIdentificationNumber,
  PollingQueue,
  PortalJob,
  PortalSigner,
  Sender,
  Sms,
} from '../../src/model/index.js';

const bytes = new Uint8Array([1]);
const pdf = (title = 'Avtale', message?: string): Document => new Document(title, message, FileType.Pdf, bytes);
const exit = ExitUrls.single('https://example.com/exit');
const pin = (p = '01013300001'): PersonalIdentificationNumber => new PersonalIdentificationNumber(p);
const dSigner = (p = '01013300001'): DirectSigner => new DirectSigner(pin(p));
const pSigner = (p = '01013300001'): PortalSigner => new PortalSigner(pin(p), new NotificationsUsingLookup());
const direct = (opts: { docs?: Document[]; signers?: DirectSigner[]; reference?: string; title?: string; description?: string } = {}): DirectJob =>
  new DirectJob(opts.docs ?? [pdf()], opts.signers ?? [dSigner()], opts.reference, exit, { title: opts.title, description: opts.description });
const portal = (opts: ConstructorParameters<typeof PortalJob>[3] & { signers?: PortalSigner[] } = {}): PortalJob =>
  new PortalJob(pdf(), opts.signers ?? [pSigner()], undefined, opts);

/** Asserts that `f` throws a ValidationError whose `field` is `field`. */
function refused(f: () => unknown, field: string | RegExp): ValidationError {
  let caught: unknown;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  expect(caught, 'expected a ValidationError').toBeInstanceOf(ValidationError);
  const error = caught as ValidationError;
  if (typeof field === 'string') expect(error.field).toBe(field);
  else expect(error.field).toMatch(field);
  expect(error.message.startsWith(`${error.field}: `)).toBe(true);
  return error;
}

describe('identifiers', () => {
  it.each(['', '0101330000', '010133000011', '0101330000a', ' 01013300001', '01013300001\n', '０１０１３３０００１１', '٠١٠١٣٣٠٠٠٠١'])(
    'refuses the PIN %j',
    (value) => {
      refused(() => new PersonalIdentificationNumber(value), 'personalIdentificationNumber');
    },
  );

  it('refuses a PIN that is not a string, and says so', () => {
    const e = refused(() => new PersonalIdentificationNumber(1013300001 as unknown as string), 'personalIdentificationNumber');
    expect(e.message).toBe('personalIdentificationNumber: must be a string of 11 digits, got number');
    expect(refused(() => new PersonalIdentificationNumber(null as unknown as string), 'personalIdentificationNumber').message).toMatch(/must be a string of 11 digits, got null$/);
  });

  it('counts in the right number: 1 character, 2 characters', () => {
    expect(refused(() => new PersonalIdentificationNumber('1'), 'personalIdentificationNumber').message).toBe('personalIdentificationNumber: must be exactly 11 digits, got 1 character');
    expect(refused(() => new PersonalIdentificationNumber('12'), 'personalIdentificationNumber').message).toBe('personalIdentificationNumber: must be exactly 11 digits, got 2 characters');
    expect(refused(() => new CustomIdentifier('x'.repeat(81)), 'customIdentifier').message).toBe('customIdentifier: must be at most 80 characters, got 81');
  });

  it.each([
    ['+47 999 99 999', '+4799999999'],
    ['0047 999 99 999', '+4799999999'],
    ['0047-999-99-999', '+4799999999'],
    ['+4799999999', '+4799999999'],
    ['999 99 999', '99999999'],
    ['99-99-99-99', '99999999'],
    ['+46\u00A070-123 45 67', '+46701234567'],
    ['00000000', '00000000'],
  ])('Sms accepts %j as people write it and keeps %j', (written, normalised) => {
    expect(new Sms(written).number).toBe(normalised);
  });

  it.each(['', 'abc', '+47 999 99 99x', '++4799999999', '12', '+', '0047 (999) 99 999', '1'.repeat(21)])('Sms refuses %j', (value) => {
    refused(() => new Sms(value), 'sms');
  });

  it('custom identifiers are 1 to 80 characters', () => {
    refused(() => new CustomIdentifier(''), 'customIdentifier');
    refused(() => new CustomIdentifier('x'.repeat(81)), 'customIdentifier');
    expect(new CustomIdentifier('x'.repeat(80)).value).toHaveLength(80);
    expect(new CustomIdentifier('😀'.repeat(80)).value).toHaveLength(160); // 80 characters, 160 UTF-16 units
    refused(() => new CustomIdentifier('😀'.repeat(81)), 'customIdentifier');
  });

  it('sender organisation numbers are exactly 9 digits', () => {
    for (const org of ['', '12345678', '1234567890', '12345678a', ' 123456789']) refused(() => new Sender(org), 'sender.organizationNumber');
    refused(() => new Sender(123456789 as unknown as string), 'sender.organizationNumber');
    expect(new Sender('123456789').organizationNumber).toBe('123456789');
  });

  it('polling queue names are 1 to 100 characters of XML text', () => {
    refused(() => new PollingQueue(''), 'pollingQueue');
    refused(() => new PollingQueue('q'.repeat(101)), 'pollingQueue');
    refused(() => new PollingQueue('a\u0000b'), 'pollingQueue');
  });
});

describe('signers', () => {
  it('refuses duplicate signers', () => {
    refused(() => direct({ signers: [dSigner(), dSigner()] }), 'signers[1].identifier');
    refused(() => direct({ signers: [new DirectSigner(new CustomIdentifier('a')), dSigner(), new DirectSigner(new CustomIdentifier('a'))] }), 'signers[2].identifier');
    refused(() => portal({ signers: [pSigner(), new PortalSigner(pin(), new Notifications(new Email('a@b.no')))] }), 'signers[1].identifier');
    const contact = (): PortalSigner => new PortalSigner(new ContactInformation({ email: new Email('a@b.no'), sms: new Sms('12345678') }));
    refused(() => portal({ signers: [contact(), contact()] }), 'signers[1].identifier');
  });

  it('a job has 1 to 10 signers', () => {
    refused(() => direct({ signers: [] }), 'signers');
    refused(() => portal({ signers: [] }), 'signers');
    const eleven = Array.from({ length: 11 }, (_, i) => `010133000${String(i).padStart(2, '0')}`);
    refused(() => direct({ signers: eleven.map((p) => dSigner(p)) }), 'signers');
    refused(() => portal({ signers: eleven.map((p) => pSigner(p)) }), 'signers');
    expect(direct({ signers: eleven.slice(0, 10).map((p) => dSigner(p)) }).signers).toHaveLength(10);
  });

  it.each([-1, 10, 1.5, Number.NaN, Infinity])('refuses order %s', (order) => {
    refused(() => new PortalSigner(pin(), new NotificationsUsingLookup(), { order }), 'signer.order');
  });

  it('accepts orders 0 to 9', () => {
    for (let order = 0; order <= 9; order++) expect(new PortalSigner(pin(), new NotificationsUsingLookup(), { order }).order).toBe(order);
  });

  it('refuses OTHER with NotificationsUsingLookup, accepts it with explicit notifications', () => {
    refused(() => new PortalSigner(pin(), new NotificationsUsingLookup(), { onBehalfOf: OnBehalfOf.Other }), 'signer.onBehalfOf');
    refused(() => new PortalSigner(pin(), new NotificationsUsingLookup({ sms: true }), { onBehalfOf: OnBehalfOf.Other }), 'signer.onBehalfOf');
    expect(new PortalSigner(pin(), new Notifications(new Email('a@b.no')), { onBehalfOf: OnBehalfOf.Other }).onBehalfOf).toBe('OTHER');
  });

  it('refuses empty Notifications and empty ContactInformation', () => {
    refused(() => new Notifications(), 'notifications');
    refused(() => new ContactInformation({}), 'contactInformation');
    refused(() => new ContactInformation({ email: undefined, sms: undefined }), 'contactInformation');
  });

  it('a PIN signer needs notifications; a contact signer takes none', () => {
    refused(() => new PortalSigner(pin(), undefined as unknown as Notifications), 'signer.notifications');
    refused(
      () => new (PortalSigner as unknown as new (...a: unknown[]) => PortalSigner)(new ContactInformation({ sms: new Sms('12345678') }), new NotificationsUsingLookup()),
      'signer.notifications',
    );
  });

  it('refuses unknown enum values', () => {
    refused(() => new DirectSigner(pin(), { signatureType: 'QUALIFIED' as never }), 'signer.signatureType');
    refused(() => new DirectSigner(pin(), { onBehalfOf: 'self' as never }), 'signer.onBehalfOf');
  });
});

describe('documents and job texts', () => {
  it('a job has 1 to 20 documents', () => {
    refused(() => direct({ docs: [], title: 't' }), 'documents');
    refused(() => direct({ docs: Array.from({ length: 21 }, () => pdf()), title: 't' }), 'documents');
    expect(direct({ docs: Array.from({ length: 20 }, () => pdf()), title: 't' }).documents).toHaveLength(20);
  });

  it('titles are 1 to 80 characters, counted in characters', () => {
    refused(() => pdf(''), 'document.title');
    refused(() => pdf('t'.repeat(81)), 'document.title');
    refused(() => direct({ docs: [pdf(), pdf()], title: '' }), 'title');
    refused(() => direct({ docs: [pdf(), pdf()] }), 'title'); // several documents: the job needs its own title
    refused(() => direct({ title: 't'.repeat(81) }), 'title');
    expect(direct({ title: 'æ'.repeat(80), docs: [pdf('æ'.repeat(80))] }).title).toBe('æ'.repeat(80));
    expect(pdf('𝔸'.repeat(80)).title).toHaveLength(160);
  });

  it('descriptions are at most 220 characters', () => {
    refused(() => direct({ description: 'd'.repeat(221) }), 'description');
    refused(() => pdf('t', 'd'.repeat(221)), 'document.message');
    expect(direct({ description: 'ø'.repeat(220) }).description).toHaveLength(220);
  });

  it('nonSensitiveTitle is 1 to 80 characters', () => {
    refused(() => portal({ nonSensitiveTitle: 'n'.repeat(81) }), 'nonSensitiveTitle');
    refused(() => portal({ nonSensitiveTitle: '' }), 'nonSensitiveTitle');
    expect(portal({ nonSensitiveTitle: 'n'.repeat(80) }).nonSensitiveTitle).toHaveLength(80);
  });

  it('references are at most 50 characters', () => {
    refused(() => direct({ reference: 'r'.repeat(51) }), 'reference');
    refused(() => new PortalJob(pdf(), [pSigner()], 'r'.repeat(51)), 'reference');
    expect(direct({ reference: 'å'.repeat(50) }).reference).toHaveLength(50);
  });

  it.each([
    ['a C0 control character', 'a\u0001b'],
    ['NUL', '\u0000'],
    ['form feed', 'a\fb'],
    ['a lone high surrogate', 'a\uD800b'],
    ['a lone low surrogate', 'a\uDC00b'],
    ['a trailing high surrogate', 'ab\uD83D'],
    ['reversed surrogates', '\uDE00\uD83D'],
    ['U+FFFE', 'a\uFFFE'],
    ['U+FFFF', '\uFFFF'],
  ])('refuses %s in any text field', (_name, bad) => {
    refused(() => pdf(bad), 'document.title');
    refused(() => pdf('t', bad), 'document.message');
    refused(() => direct({ title: bad }), 'title');
    refused(() => direct({ description: bad }), 'description');
    refused(() => direct({ reference: bad }), 'reference');
    refused(() => portal({ nonSensitiveTitle: bad }), 'nonSensitiveTitle');
    refused(() => new CustomIdentifier(bad), 'customIdentifier');
    refused(() => new PollingQueue(bad), 'pollingQueue');
    refused(() => new Email(`a${bad}@b.no`), 'email');
    refused(() => ExitUrls.single(`https://example.com/${bad}`), 'exitUrls.completionUrl');
  });

  it('accepts tab, newline, carriage return and astral characters in text', () => {
    expect(direct({ title: 'a\tb\nc\rd 😀', description: 'e\r\nf' }).title).toBe('a\tb\nc\rd 😀');
  });
});

describe('exit URLs', () => {
  it.each(['/relative', 'example.com/x', '', 'not a url', 'ftp://example.com/x', 'javascript:alert(1)', 'mailto:a@b.no'])('refuses %j', (url) => {
    refused(() => new ExitUrls('https://example.com/ok', url, 'https://example.com/ok'), 'exitUrls.rejectionUrl');
  });

  it('refuses URLs over 500 characters and accepts 500', () => {
    const base = 'https://example.com/';
    refused(() => ExitUrls.single(base + 'x'.repeat(501 - base.length)), 'exitUrls.completionUrl');
    refused(() => new ExitUrls(base, base, base + 'x'.repeat(501 - base.length)), 'exitUrls.errorUrl');
    expect(ExitUrls.single(base + 'x'.repeat(500 - base.length)).completionUrl).toHaveLength(500);
    expect(ExitUrls.single(new URL('https://example.com/a?b=c')).errorUrl).toBe('https://example.com/a?b=c');
  });
});

describe('availability', () => {
  it.each([-1, 0.5, 1.5, MAX_AVAILABLE_SECONDS + 1, Number.NaN, Infinity, -0.000001])('refuses availableSeconds %s', (availableSeconds) => {
    refused(() => new Availability({ availableSeconds }), 'availability.availableSeconds');
  });

  it('accepts 0 and 7 776 000 seconds (90 days)', () => {
    expect(MAX_AVAILABLE_SECONDS).toBe(7_776_000);
    expect(new Availability({ availableSeconds: 7_776_000 }).availableSeconds).toBe(7_776_000);
    expect(new Availability({ availableSeconds: 0 }).availableSeconds).toBe(0);
  });

  it('refuses invalid activation dates and years xs:dateTime cannot carry as written', () => {
    refused(() => new Availability({ activation: new Date('nope') }), 'availability.activation');
    refused(() => new Availability({ activation: '2030-01-01' as unknown as Date }), 'availability.activation');
    refused(() => new Availability({ activation: new Date('+010000-01-01T00:00:00Z') }), 'availability.activation');
    refused(() => new Availability({ activation: new Date(Date.UTC(0, 0, 1) - 1000 * 86400 * 366 * 1900) }), 'availability.activation');
    expect(new Availability({ activation: new Date('9999-12-31T23:59:59.999Z') }).activation?.toISOString()).toBe('9999-12-31T23:59:59.999Z');
  });

  it('copies the activation date so that later mutation of the caller’s Date does not change the job', () => {
    const d = new Date('2030-01-01T00:00:00Z');
    const a = new Availability({ activation: d });
    d.setUTCFullYear(12000);
    expect(a.activation?.toISOString()).toBe('2030-01-01T00:00:00.000Z');
  });
});

describe('PersonalIdentificationNumber never shows more than six digits', () => {
  const value = '01013312345';
  const p = new PersonalIdentificationNumber(value);

  it('toString, template strings and String()', () => {
    expect(p.toString()).toBe('PersonalIdentificationNumber(010133*****)');
    expect(`${p}`).not.toContain('12345');
    expect(String(p)).not.toContain(value);
  });

  it('JSON.stringify, alone and nested in signers and jobs', () => {
    expect(JSON.stringify(p)).toBe('"010133*****"');
    const job = new DirectJob(pdf(), [new DirectSigner(p)], undefined, exit);
    expect(JSON.stringify(job)).not.toContain(value);
    expect(JSON.stringify({ signer: new PortalSigner(p, new NotificationsUsingLookup()) })).not.toContain(value);
  });

  it('util.inspect, alone, nested, and inside errors', () => {
    expect(inspect(p)).toBe('PersonalIdentificationNumber(010133*****)');
    expect(inspect({ deep: { deeper: [p] } }, { depth: 10 })).not.toContain(value);
    expect(inspect(new DirectSigner(p), { depth: 10 })).not.toContain(value);
    expect(inspect(new DirectJob(pdf(), [new DirectSigner(p)], undefined, exit), { depth: 10 })).not.toContain(value);
    expect(inspect(new PortalSigner(p, new NotificationsUsingLookup()), { depth: 10, showHidden: true })).not.toContain(value);
  });

  it('the error for a malformed PIN does not echo it', () => {
    const e = refused(() => new PersonalIdentificationNumber('0101331234'), 'personalIdentificationNumber');
    expect(e.message).not.toContain('0101331234');
    expect(inspect(e)).not.toContain('0101331234');
  });

  it('the full value stays available where it is needed', () => {
    expect(p.value).toBe(value);
  });
});

describe('validation messages about contact details name the field and the rule, not the value', () => {
  it.each([
    ['email', () => new Email('Ola Nordmann@eksempel'), 'Ola Nordmann'],
    ['email', () => new Email('ola.nordmann.eksempel.no'), 'ola.nordmann'],
    ['sms', () => new Sms('+47 999 99 99x'), '99x'],
    ['sms', () => new Sms('call 99999999'), '99999999'],
  ])('%s', (field, make, value) => {
    const e = refused(make, field);
    expect(e.message).not.toContain(value);
    expect(e.message).toMatch(field === 'email' ? /must be an e-mail address: .*"@"/ : /must be a mobile number: .*digits/);
  });
});
