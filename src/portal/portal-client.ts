import { SignatureJobClient, signalOf, type CallOptions } from '../client/base-client.js';
import { nextPermittedServerTime, pollUrl } from '../client/poll-response.js';
import {
  iterateStatusChanges,
  processStatusChanges,
  type ConfirmableChange,
  type ProcessStatusChangesOptions,
  type StatusChangesOptions,
} from '../client/status-changes.js';
import { JobCannotBeCancelledError, NotCancellableError, ValidationError } from '../errors/index.js';
import { PortalJob, PortalJobResponse, PortalJobStatusChanged, type CancellationReference, type Sender } from '../model/index.js';
import { parsePortalJobResponse, parsePortalJobStatusChanged, portalJobRequestXml, portalManifestXml } from '../xml/index.js';

/** The portal flow: signers are notified and sign in Posten's portal; you follow the job by polling. */
export class PortalClient extends SignatureJobClient {
  /** Creates the job. The job is validated and signed locally first; creation is never retried automatically. */
  async create(job: PortalJob, options?: CallOptions): Promise<PortalJobResponse> {
    if (!(job instanceof PortalJob)) throw new ValidationError('job', 'must be a PortalJob');
    const sender = this.resolveSender(job.sender);
    const packed = await this.packJob('portal', job, sender, (documents) => ({
      requestXml: portalJobRequestXml(job, sender),
      manifestXml: portalManifestXml(job, sender, documents),
    }));
    const response = await this.sendJob('portal', sender, packed, job.reference, options);
    return parsePortalJobResponse(response.body);
  }

  /**
   * One change from the queue, or `JobStatus.NoChanges` with `nextPermittedPollTime`. Throws
   * `TooEagerPollingError` without sending anything when the queue may not be polled yet.
   */
  getStatusChange(sender?: Sender, options?: CallOptions): Promise<PortalJobStatusChanged> {
    const s = this.resolveSender(sender);
    return this.scheduler.pollNow(s.queueKey + '#portal', () => this.#poll(s, options?.signal));
  }

  /** Every change of the queue as it comes, waiting for the permitted poll time by itself. */
  statusChanges(options: StatusChangesOptions = {}): AsyncGenerator<ConfirmableChange<PortalJobStatusChanged>, void, undefined> {
    const sender = this.resolveSender(options.sender);
    return iterateStatusChanges(
      {
        scheduler: this.scheduler,
        key: sender.queueKey + '#portal',
        poll: (signal) => this.#poll(sender, signal),
        confirmationOf: (change) => change.confirmationReference,
        confirm: (reference) => this.confirm(reference),
      },
      options.signal,
    );
  }

  /** Runs `handler` for each change and confirms it only after the handler resolves (at-least-once). */
  processStatusChanges(handler: (change: ConfirmableChange<PortalJobStatusChanged>) => Promise<void> | void, options: ProcessStatusChangesOptions = {}): Promise<number> {
    return processStatusChanges(this.statusChanges(options), handler, options.maxChanges);
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

  async #poll(sender: Sender, signal: AbortSignal | undefined) {
    const response = await this.send({
      method: 'GET',
      url: pollUrl(this.configuration.environment.apiRoot, 'portal', sender),
      operation: 'poll portal status changes',
      idempotent: true,
      ...(signal ? { signal } : {}),
    });
    const next = nextPermittedServerTime(response, this.scheduler);
    const local = new Date(this.scheduler.serverClock.toLocal(next));
    const result = response.status === 204 || response.body.byteLength === 0 ? PortalJobStatusChanged.noChanges(local) : parsePortalJobStatusChanged(response.body, local);
    return { result, nextPermittedServerTime: next };
  }
}
