import { SignatureJobClient, signalOf, type CallOptions } from '../client/base-client.js';
import { nextPermittedServerTime, pollUrl } from '../client/poll-response.js';
import {
  iterateStatusChanges,
  processStatusChanges,
  type ConfirmableChange,
  type ProcessStatusChangesOptions,
  type StatusChangesOptions,
} from '../client/status-changes.js';
import { ValidationError } from '../errors/index.js';
import {
  DirectJob,
  DirectJobResponse,
  DirectJobStatusResponse,
  SignerReference,
  StatusReference,
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
} from '../xml/index.js';

/** The direct flow: the signer is redirected from your web application to sign, and back to an exit URL. */
export class DirectClient extends SignatureJobClient {
  /** Creates the job. The job is validated and signed locally first; creation is never retried automatically. */
  async create(job: DirectJob, options?: CallOptions): Promise<DirectJobResponse> {
    if (!(job instanceof DirectJob)) throw new ValidationError('job', 'must be a DirectJob');
    const sender = this.resolveSender(job.sender);
    const packed = await this.packJob('direct', job, sender, (documents) => ({
      requestXml: directJobRequestXml(job, sender),
      manifestXml: directManifestXml(job, sender, documents),
    }));
    const response = await this.sendJob('direct', sender, packed, job.reference, options);
    return parseDirectJobResponse(response.body);
  }

  /**
   * The job's status after the signer came back to an exit URL: pass
   * `jobResponse.responseUrls.status(statusQueryToken)`. Confirm it afterwards if it carries a confirmation.
   */
  async getStatus(reference: StatusReference, options?: CallOptions): Promise<DirectJobStatusResponse> {
    const response = await this.send({ method: 'GET', url: reference.url, operation: 'get direct job status', idempotent: true, ...signalOf(options) });
    return parseDirectJobStatusResponse(response.body);
  }

  /**
   * One change from the queue of jobs created with `StatusRetrievalMethod.Polling`, or `JobStatus.NoChanges`.
   * Throws `TooEagerPollingError` without sending anything when the queue may not be polled yet.
   */
  getStatusChange(sender?: Sender, options?: CallOptions): Promise<DirectJobStatusResponse> {
    const s = this.resolveSender(sender);
    return this.scheduler.pollNow(s.queueKey + '#direct', () => this.#poll(s, options?.signal));
  }

  /** Every change of the queue as it comes, waiting for the permitted poll time by itself. */
  statusChanges(options: StatusChangesOptions = {}): AsyncGenerator<ConfirmableChange<DirectJobStatusResponse>, void, undefined> {
    const sender = this.resolveSender(options.sender);
    return iterateStatusChanges(
      {
        scheduler: this.scheduler,
        key: sender.queueKey + '#direct',
        poll: (signal) => this.#poll(sender, signal),
        confirmationOf: (change) => change.references.confirmation,
        confirm: (reference) => this.confirm(reference),
      },
      options.signal,
    );
  }

  /** Runs `handler` for each change and confirms it only after the handler resolves (at-least-once). */
  processStatusChanges(handler: (change: ConfirmableChange<DirectJobStatusResponse>) => Promise<void> | void, options: ProcessStatusChangesOptions = {}): Promise<number> {
    return processStatusChanges(this.statusChanges(options), handler, options.maxChanges);
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

  async #poll(sender: Sender, signal: AbortSignal | undefined) {
    const response = await this.send({
      method: 'GET',
      url: pollUrl(this.configuration.environment.apiRoot, 'direct', sender),
      operation: 'poll direct status changes',
      idempotent: true,
      ...(signal ? { signal } : {}),
    });
    const next = nextPermittedServerTime(response, this.scheduler);
    const local = new Date(this.scheduler.serverClock.toLocal(next));
    const result = response.status === 204 || response.body.byteLength === 0 ? DirectJobStatusResponse.noChanges(local) : parseDirectJobStatusResponse(response.body, local);
    return { result, nextPermittedServerTime: next };
  }
}
