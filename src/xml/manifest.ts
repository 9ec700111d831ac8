import { ContactInformation, NotificationsUsingLookup, PersonalIdentificationNumber, type DirectJob, type PortalJob, type Sender } from '../model/index.js';
import { apiDocument, optionalElement, toBytes, type XmlElement } from './serialize.js';

/** A document's entry in the manifest: its file name in the ASiC-E (`href`) and media type. */
export interface ManifestDocument {
  href: string;
  mimeType: string;
  title: string;
}

/** `direct-signature-job-manifest` (current multi-document form). */
export function directManifestXml(job: DirectJob, sender: Sender, documents: readonly ManifestDocument[]): Uint8Array {
  const root = apiDocument('direct-signature-job-manifest');
  for (const signer of job.signers) {
    const el = root.ele('signer');
    if (signer.identifier instanceof PersonalIdentificationNumber) el.ele('personal-identification-number').txt(signer.identifier.value);
    else el.ele('signer-identifier').txt(signer.identifier.value);
    optionalElement(el, 'signature-type', signer.signatureType);
    optionalElement(el, 'on-behalf-of', signer.onBehalfOf);
  }
  jobBody(root, job, sender, documents, undefined);
  optionalElement(root, 'required-authentication', job.authenticationLevel);
  optionalElement(root, 'identifier-in-signed-documents', job.identifierInSignedDocuments);
  return toBytes(root.doc());
}

/** `portal-signature-job-manifest` (current multi-document form). */
export function portalManifestXml(job: PortalJob, sender: Sender, documents: readonly ManifestDocument[]): Uint8Array {
  const root = apiDocument('portal-signature-job-manifest');
  const signers = root.ele('signers');
  for (const signer of job.signers) {
    const el = signers.ele('signer');
    if (signer.order !== undefined) el.att('order', String(signer.order));
    if (signer.identifier instanceof PersonalIdentificationNumber) el.ele('personal-identification-number').txt(signer.identifier.value);
    else el.ele('identified-by-contact-information');
    optionalElement(el, 'signature-type', signer.signatureType);
    const n = signer.notifications;
    if (n instanceof NotificationsUsingLookup) {
      const lookup = el.ele('notifications-using-lookup');
      lookup.ele('email');
      if (n.sms) lookup.ele('sms');
    } else {
      // A contact-information signer is notified at the addresses that identify it.
      const contact = signer.identifier instanceof ContactInformation ? signer.identifier : n;
      const notifications = el.ele('notifications');
      if (contact?.email) notifications.ele('email').att('address', contact.email.address);
      if (contact?.sms) notifications.ele('sms').att('number', contact.sms.number);
    }
    optionalElement(el, 'on-behalf-of', signer.onBehalfOf);
  }
  jobBody(root, job, sender, documents, job.nonSensitiveTitle);
  optionalElement(root, 'required-authentication', job.authenticationLevel);
  if (job.availability !== undefined) {
    const availability = root.ele('availability');
    optionalElement(availability, 'activation-time', job.availability.activation?.toISOString());
    optionalElement(availability, 'available-seconds', job.availability.availableSeconds?.toString());
  }
  optionalElement(root, 'identifier-in-signed-documents', job.identifierInSignedDocuments);
  return toBytes(root.doc());
}

function jobBody(
  root: XmlElement,
  job: DirectJob | PortalJob,
  sender: Sender,
  documents: readonly ManifestDocument[],
  nonSensitiveTitle: string | undefined,
): void {
  root.ele('sender').ele('organization-number').txt(sender.organizationNumber);
  root.ele('title').txt(job.title);
  optionalElement(root, 'nonsensitive-title', nonSensitiveTitle);
  optionalElement(root, 'description', job.description);
  const docs = root.ele('documents');
  for (const d of documents) docs.ele('document', { href: d.href, mime: d.mimeType }).ele('title').txt(d.title);
}
