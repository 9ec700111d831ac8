import { expect } from 'vitest';
import { ValidationError } from '../../src/errors/index.js';
import {
  DirectJob,
  DirectSigner,
  Document,
  ExitUrls,
  FileType,
  NotificationsUsingLookup,
  PersonalIdentificationNumber,
  PortalJob,
  PortalSigner,
} from '../../src/model/index.js';

// Small valid model objects for the model's unit tests, each overridable where a test needs one field wrong.
export const bytes = new Uint8Array([1]);
export const pdf = (title = 'Avtale', message?: string): Document => new Document(title, message, FileType.Pdf, bytes);
export const exit = ExitUrls.single('https://example.com/exit');
export const pin = (p = '01013300001'): PersonalIdentificationNumber => new PersonalIdentificationNumber(p);
export const dSigner = (p = '01013300001'): DirectSigner => new DirectSigner(pin(p));
export const pSigner = (p = '01013300001'): PortalSigner => new PortalSigner(pin(p), new NotificationsUsingLookup());
export const direct = (opts: { docs?: Document[]; signers?: DirectSigner[]; reference?: string; title?: string; description?: string } = {}): DirectJob =>
  new DirectJob(opts.docs ?? [pdf()], opts.signers ?? [dSigner()], opts.reference, exit, { title: opts.title, description: opts.description });
export const portal = (opts: ConstructorParameters<typeof PortalJob>[3] & { signers?: PortalSigner[] } = {}): PortalJob =>
  new PortalJob(pdf(), opts.signers ?? [pSigner()], undefined, opts);

/** Asserts that `f` throws a ValidationError whose `field` is `field`. */
export function refused(f: () => unknown, field: string | RegExp): ValidationError {
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
