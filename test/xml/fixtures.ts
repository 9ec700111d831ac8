// Small builders shared by the XML tests: valid defaults that each test overrides one option at a time.
import {
  CustomIdentifier,
  DirectSigner,
  Document,
  Email,
  ExitUrls,
  FileType,
  mimeTypeOf,
  Notifications,
  PersonalIdentificationNumber,
  PortalSigner,
  Sender,
} from '../../src/model/index.js';
import type { ManifestDocument } from '../../src/xml/index.js';

export const PIN_A = '01013300001';
export const PIN_B = '01013300002';
export const ORG = '123456789';

export const bytes = new Uint8Array([0x25, 0x50, 0x44, 0x46]);
export const pdf = (title = 'Avtale', message?: string): Document => new Document(title, message, FileType.Pdf, bytes);
export const txt = (title = 'Vilkår'): Document => new Document(title, undefined, FileType.Txt, bytes);

export const exitUrls = new ExitUrls('https://example.com/complete', 'https://example.com/reject', 'https://example.com/error');
export const sender = new Sender(ORG);

export const pinSigner = (pin = PIN_A): DirectSigner => new DirectSigner(new PersonalIdentificationNumber(pin));
export const customSigner = (id = 'kunde-1'): DirectSigner => new DirectSigner(new CustomIdentifier(id));
export const portalPinSigner = (pin = PIN_A): PortalSigner =>
  new PortalSigner(new PersonalIdentificationNumber(pin), new Notifications(new Email('ola@example.com')));

/** Manifest entries as the client makes them: `NNNN_<name>.<ext>`, the document's media type and title. */
export const manifestDocuments = (docs: readonly Document[]): ManifestDocument[] =>
  docs.map((d, i) => ({
    href: `${String(i).padStart(4, '0')}_title.${d.fileType === FileType.Txt ? 'txt' : 'pdf'}`,
    mimeType: mimeTypeOf(d.fileType),
    title: d.title,
  }));

export const utf8 = (b: Uint8Array): string => new TextDecoder().decode(b);
