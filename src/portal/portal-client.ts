import { signalOf, type CallOptions } from '../client/api-client.js';
import { SignatureJobClient } from '../client/signature-job-client.js';
import { JobCannotBeCancelledError, NotCancellableError, ValidationError } from '../errors/index.js';
import {
  PortalJob,
  type PortalJobResponse,
  type PortalJobStatusChanged,
  type CancellationReference,
  type ConfirmationReference,
  type Sender,
} from '../model/index.js';
import { parsePortalJobResponse, parsePortalJobStatusChanged, portalJobRequestXml, portalManifestXml, type ManifestDocument } from '../xml/index.js';

/** The portal flow: signers are notified and sign in Posten's portal; you follow the job by polling. */
export class PortalClient extends SignatureJobClient<PortalJob, PortalJobStatusChanged> {
  protected readonly flow = 'portal';

  /**
   * Creates the job (seed use case "Create and send portal signature job"). The job is validated and signed
   * locally first; creation is never retried automatically.
   */
  async create(job: PortalJob, options?: CallOptions): Promise<PortalJobResponse> {
    if (!(job instanceof PortalJob)) throw new ValidationError('job', 'must be a PortalJob');
    return parsePortalJobResponse(await this.createJob(job, options));
  }

  /** Cancels the job. `JobCannotBeCancelledError` when it finished since the status you saw. */
  async cancel(reference: CancellationReference | undefined, options?: CallOptions): Promise<void> {
    if (reference === undefined) throw new NotCancellableError('The job has no cancellation URL: it can no longer be cancelled');
    await this.send({
      method: 'POST',
      url: reference.url,
      operation: 'cancel portal job',
      idempotent: true,
      errorForStatus: { 409: JobCannotBeCancelledError },
      ...signalOf(options),
    });
  }

  protected buildXml(job: PortalJob, sender: Sender, documents: ManifestDocument[]) {
    return { requestXml: portalJobRequestXml(job, sender), manifestXml: portalManifestXml(job, sender, documents) };
  }
  protected parseStatusChange(body: Uint8Array, next: Date): PortalJobStatusChanged {
    return parsePortalJobStatusChanged(body, next);
  }
  protected confirmationOf(change: PortalJobStatusChanged): ConfirmationReference | undefined {
    return change.confirmationReference;
  }
}
