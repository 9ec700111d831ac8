import type { DirectJob, PortalJob, Sender } from '../model/index.js';
import { apiDocument, optionalElement, toBytes } from './serialize.js';

/** `direct-signature-job-request`: the first part of the multipart create request. */
export function directJobRequestXml(job: DirectJob, sender: Sender): Uint8Array {
  const root = apiDocument('direct-signature-job-request');
  optionalElement(root, 'reference', job.reference);
  const exits = root.ele('exit-urls');
  exits.ele('completion-url').txt(job.exitUrls.completionUrl);
  exits.ele('rejection-url').txt(job.exitUrls.rejectionUrl);
  exits.ele('error-url').txt(job.exitUrls.errorUrl);
  optionalElement(root, 'status-retrieval-method', job.statusRetrievalMethod);
  optionalElement(root, 'polling-queue', sender.pollingQueue?.name);
  return toBytes(root.doc());
}

/** `portal-signature-job-request`: the first part of the multipart create request. */
export function portalJobRequestXml(job: PortalJob, sender: Sender): Uint8Array {
  const root = apiDocument('portal-signature-job-request');
  optionalElement(root, 'reference', job.reference);
  optionalElement(root, 'polling-queue', sender.pollingQueue?.name);
  return toBytes(root.doc());
}

/** `direct-signer-update-request`: asks for a fresh redirect URL (the empty element's presence is the request). */
export function directSignerUpdateRequestXml(): Uint8Array {
  const root = apiDocument('direct-signer-update-request');
  root.ele('redirect-url');
  return toBytes(root.doc());
}
