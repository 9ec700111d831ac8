// Every XSD limit and business rule is enforced when the model object is constructed, with a ValidationError
// naming the field: a mistake is reported at the line that made it, not as an HTTP 400 after an upload.
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/errors/index.js';
import {
  ContactInformation,
  CustomIdentifier,
  DirectJob,
  DirectSigner,
  Document,
  Email,
  ExitUrls,
  FileType,
  Notifications,
  NotificationsUsingLookup,
  OnBehalfOf,
  PersonalIdentificationNumber,
  PortalJob,
  PortalSigner,
  Sms,
} from '../../../src/model/index.js';

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

describe('signers', () => {
  it('refuses duplicate signers', () => {
    refused(() => direct({ signers: [dSigner(), dSigner()] }), 'signers[1].identifier');
    refused(
      () => direct({ signers: [new DirectSigner(new CustomIdentifier('a')), dSigner(), new DirectSigner(new CustomIdentifier('a'))] }),
      'signers[2].identifier',
    );
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
      () =>
        new (PortalSigner as unknown as new (...a: unknown[]) => PortalSigner)(
          new ContactInformation({ sms: new Sms('12345678') }),
          new NotificationsUsingLookup(),
        ),
      'signer.notifications',
    );
  });

  it('refuses unknown enum values', () => {
    refused(() => new DirectSigner(pin(), { signatureType: 'QUALIFIED' as never }), 'signer.signatureType');
    refused(() => new DirectSigner(pin(), { onBehalfOf: 'self' as never }), 'signer.onBehalfOf');
  });
});
