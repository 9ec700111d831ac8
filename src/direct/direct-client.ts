import { signalOf, type CallOptions } from '../client/api-client.js';
import { SignatureJobClient } from '../client/signature-job-client.js';
import { ValidationError } from '../errors/index.js';
import {
  DirectJob,
  type DirectJobResponse,
  type DirectJobStatusChange,
  type DirectJobStatusResponse,
  SignerReference,
  type StatusReference,
  type ConfirmationReference,
  type DirectSignerResponse,
  type Sender,
} from '../model/index.js';
import {
  directJobRequestXml,
  directManifestXml,
  directSignerUpdateRequestXml,
  parseDirectJobResponse,
  parseDirectJobStatusResponse,
  parseDirectSignerResponse,
  type ManifestDocument,
} from '../xml/index.js';

/** The direct flow: the signer is redirected from your web application to sign, and back to an exit URL. */
export class DirectClient extends SignatureJobClient<DirectJob, DirectJobStatusChange> {
  protected readonly flow = 'direct';

  /**
   * Creates the job (seed use case "Create signature job"). The job is validated and signed locally first;
   * creation is never retried automatically.
   */
  async create(job: DirectJob, options?: CallOptions): Promise<DirectJobResponse> {
    if (!(job instanceof DirectJob)) throw new ValidationError('job', 'must be a DirectJob');
    return parseDirectJobResponse(await this.createJob(job, options));
  }

  /**
   * The job's status after the signer came back to an exit URL (seed use case "Get direct job status"): pass
   * `jobResponse.responseUrls.status(statusQueryToken)`. Confirm it afterwards if it carries a confirmation.
   */
  async getStatus(reference: StatusReference, options?: CallOptions): Promise<DirectJobStatusResponse> {
    const response = await this.send({ method: 'GET', url: reference.url, operation: 'get direct job status', idempotent: true, ...signalOf(options) });
    return parseDirectJobStatusResponse(response.body);
  }

  /** A fresh single-use redirect URL for a signer (the one from `create` can be used once). */
  async requestNewRedirectUrl(signer: DirectSignerResponse | SignerReference, options?: CallOptions): Promise<DirectSignerResponse> {
    const url = signer instanceof SignerReference ? signer.url : signer.signerUrl.url;
    const response = await this.send({
      method: 'POST',
      url,
      operation: 'request new redirect URL',
      headers: { 'Content-Type': 'application/xml' },
      body: directSignerUpdateRequestXml(),
      // Asking twice only invalidates the first fresh URL, so a retry is harmless.
      idempotent: true,
      ...signalOf(options),
    });
    return parseDirectSignerResponse(response.body);
  }

  protected buildXml(job: DirectJob, sender: Sender, documents: ManifestDocument[]) {
    return { requestXml: directJobRequestXml(job, sender), manifestXml: directManifestXml(job, sender, documents) };
  }
  protected parseStatusChange(body: Uint8Array, next: Date): DirectJobStatusChange {
    return parseDirectJobStatusResponse(body, next) as DirectJobStatusChange;
  }
  protected confirmationOf(change: DirectJobStatusResponse): ConfirmationReference | undefined {
    return change.references.confirmation;
  }
}
