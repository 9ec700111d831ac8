import { createAsiceChunks } from '../asice/asice.js';
import { documentFileName } from '../asice/file-name.js';
import type { Download } from '../core/http/download.js';
import type { ApiResponse } from '../core/http/request.js';
import type { PollOutcome } from '../core/polling/poll-scheduler.js';
import { DocumentsNotDeletableError, ResponseParseError, ValidationError } from '../errors/index.js';
import { MaskingLogger } from '../core/http/logger.js';
import {
  type ConfirmationReference,
  type DeleteDocumentsReference,
  JobStatus,
  extensionOf,
  mimeTypeOf,
  type PadesReference,
  type Sender,
  type XadesReference,
  type DirectJob,
  type NoChanges,
  type PortalJob,
  type ReportedJobStatus,
} from '../model/index.js';
import type { Flow } from '../protocol/facts.js';
import { concat } from '../util/bytes.js';
import type { ManifestDocument } from '../xml/index.js';
import { ApiClient, signalOf, type CallOptions } from './api-client.js';
import { documentBytes } from './document-bytes.js';
import { createBodyFrame } from './multipart.js';
import { nodePrimitives } from './node-primitives.js';
import { nextPermittedServerTime, pollUrl } from './poll-response.js';
import {
  iterateStatusChanges,
  logUnprocessed,
  pollChanges,
  processStatusChanges as runStatusChanges,
  UnreadableChange,
  type ConfirmableChange,
  type ProcessStatusChangesOptions,
  type StatusChangesOptions,
} from './status-changes.js';

/** The XML of a job and its signed ASiC-E, ready to send. */
export interface PackedJob {
  requestXml: Uint8Array;
  /** The ASiC-E as consecutive byte ranges; large documents are the caller's own buffers, not copies. */
  asice: readonly Uint8Array[];
  /** The multipart/mixed request body (the XML part, then the ASiC-E part) as consecutive byte ranges. */
  body: { contentType: string; chunks: readonly Uint8Array[] };
}

/**
 * The direct and portal clients: packing and sending jobs, polling their queue, and the calls on URLs the server
 * handed out. A flow says how its XML is built and read; everything else is the same for both.
 */
export abstract class SignatureJobClient<
  TJob extends DirectJob | PortalJob,
  TChange extends { readonly status: ReportedJobStatus; readonly nextPermittedPollTime: Date },
> extends ApiClient {
  protected abstract readonly flow: Flow;
  protected abstract buildXml(job: TJob, sender: Sender, documents: ManifestDocument[]): { requestXml: Uint8Array; manifestXml: Uint8Array };
  protected abstract parseStatusChange(body: Uint8Array, nextPermittedPollTime: Date): TChange;
  protected abstract confirmationOf(change: TChange): ConfirmationReference | undefined;

  /** Validates, packs, signs and sends a job; returns the response body. Never retried automatically. */
  protected async createJob(job: TJob, options: CallOptions | undefined): Promise<Uint8Array> {
    const sender = this.resolveSender(job.sender);
    const packed = await this.packJob(job, sender);
    return (await this.sendJob(sender, packed, job.reference, options)).body;
  }

  /**
   * One change from the queue, or `NoChanges` (`status: JobStatus.NoChanges`, with `nextPermittedPollTime`)
   * when it is empty: narrow on `status` before reading the job (seed use cases "Get direct job status by
   * polling", "Get portal job status change"). Throws `TooEagerPollingError` without sending anything when the
   * queue may not be polled yet, and `ResponseParseError` for a change that cannot be read.
   */
  getStatusChange(sender?: Sender, options?: CallOptions): Promise<TChange | NoChanges> {
    const s = this.resolveSender(sender);
    return this.scheduler
      .pollNow(this.#queueKey(s), () => this.#poll(s, options?.signal))
      .then((change) => {
        if (change instanceof UnreadableChange) throw change.error;
        return change;
      });
  }

  /**
   * Every change of the queue as it comes, waiting for the permitted poll time by itself. A change that cannot be
   * read ends the iteration with its `ResponseParseError` (see `processStatusChanges` for a loop that goes on).
   */
  statusChanges(options: StatusChangesOptions = {}): AsyncGenerator<ConfirmableChange<TChange>, void, undefined> {
    return iterateStatusChanges(this.#pollSource(options.sender), options.signal);
  }

  /**
   * Runs `handler` for each change and confirms it only after the handler resolves (at-least-once). A handler that
   * throws, or a change that cannot be read, goes to `options.onError` (default: the configured logger) and stays
   * unconfirmed; the loop goes on until `signal` aborts, `maxChanges` is reached or `onError` throws.
   */
  processStatusChanges(
    handler: (change: ConfirmableChange<TChange>) => Promise<void> | void,
    options: ProcessStatusChangesOptions<TChange> = {},
  ): Promise<number> {
    return runStatusChanges(pollChanges(this.#pollSource(options.sender), options.signal), handler, {
      maxChanges: options.maxChanges,
      signal: options.signal,
      onError:
        options.onError ?? logUnprocessed(new MaskingLogger(this.configuration.resolved.http.logger, this.configuration.resolved.http.logLevel), this.flow),
    });
  }

  #pollSource(sender: Sender | undefined) {
    const s = this.resolveSender(sender);
    return {
      scheduler: this.scheduler,
      key: this.#queueKey(s),
      poll: (signal: AbortSignal | undefined) => this.#poll(s, signal),
      confirmationOf: (change: TChange) => this.confirmationOf(change),
      confirm: (reference: ConfirmationReference | undefined) => this.confirm(reference),
    };
  }

  #queueKey(sender: Sender): string {
    return `${sender.queueKey}#${this.flow}`;
  }

  async #poll(sender: Sender, signal: AbortSignal | undefined): Promise<PollOutcome<TChange | NoChanges | UnreadableChange>> {
    const response = await this.send({
      method: 'GET',
      url: pollUrl(this.configuration.environment.apiRoot, this.flow, sender),
      operation: `poll ${this.flow} status changes`,
      idempotent: true,
      ...(signal ? { signal } : {}),
    });
    const next = nextPermittedServerTime(response, this.scheduler);
    const local = new Date(this.scheduler.serverClock.toLocal(next));
    if (response.status === 204 || response.body.byteLength === 0) {
      const empty: NoChanges = Object.freeze({ status: JobStatus.NoChanges, nextPermittedPollTime: local });
      return { result: empty, nextPermittedServerTime: next };
    }
    try {
      return { result: this.parseStatusChange(response.body, local), nextPermittedServerTime: next };
    } catch (error) {
      // Passed on with the schedule the response set, so that polling goes on at the permitted time.
      if (error instanceof ResponseParseError) return { result: new UnreadableChange(error), nextPermittedServerTime: next };
      throw error;
    }
  }

  /**
   * Builds the request XML, the manifest and the signed ASiC-E. Nothing here touches the network; everything
   * is validated first, so an invalid job fails with ValidationError before any request.
   */
  protected async packJob(job: TJob, sender: Sender): Promise<PackedJob> {
    const [contents, certificate] = await Promise.all([documentBytes(job.documents), this.configuration.loadCertificate()]);
    const documents = job.documents.map((d, i) => ({
      href: documentFileName(i, d.title, extensionOf(d.fileType)),
      mimeType: mimeTypeOf(d.fileType),
      title: d.title,
    }));
    const { requestXml, manifestXml } = this.buildXml(job, sender, documents);
    const asice = await createAsiceChunks({
      documents: documents.map((d, i) => ({ fileName: d.href, mimeType: d.mimeType, bytes: contents[i] as Uint8Array })),
      manifestXml,
      signer: {
        privateKeyPkcs8: certificate.privateKeyPkcs8,
        chain: certificate.chain,
        issuerName: certificate.leaf.issuer,
        serialNumber: certificate.leaf.serialNumber,
      },
      signingTime: this.configuration.clock(),
      timeZone: this.configuration.timeZone,
      primitives: nodePrimitives,
    });
    const hook = this.configuration.resolved.onDocumentBundle;
    // Joined into one buffer only for a hook that asked to see it; sending needs no copy.
    if (hook !== undefined) await hook({ flow: this.flow, reference: job.reference, requestXml, asice: concat(asice, undefined, nodePrimitives.allocate) });
    const frame = createBodyFrame(requestXml);
    return { requestXml, asice, body: { contentType: frame.contentType, chunks: [frame.before, ...asice, frame.after] } };
  }

  /** POSTs a packed job. Never retried: a second POST could create a second job. */
  protected async sendJob(sender: Sender, packed: PackedJob, reference: string | undefined, options?: CallOptions): Promise<ApiResponse> {
    const flow = this.flow;
    return this.send({
      method: 'POST',
      url: `${this.configuration.environment.apiRoot}/${sender.organizationNumber}/${flow}/signature-jobs`,
      operation: `create ${flow} job`,
      headers: { 'Content-Type': packed.body.contentType },
      body: packed.body.chunks,
      idempotent: false,
      jobReference: reference,
      ...signalOf(options),
    });
  }

  /**
   * Acknowledges a status (change) as processed. Without confirmation a polled change comes back. Confirming
   * twice is harmless; a missing reference (a status that needs none) is a no-op.
   */
  async confirm(reference: ConfirmationReference | undefined, options?: CallOptions): Promise<void> {
    if (reference === undefined) return;
    await this.send({ method: 'POST', url: reference.url, operation: 'confirm', idempotent: true, ...signalOf(options) });
  }

  /**
   * Streams one signer's XAdES (seed use case "Get XAdES and PAdES"). A signature without one (not signed) fails
   * with `ValidationError`.
   */
  getXades(reference: XadesReference | undefined, options?: CallOptions): Promise<Download> {
    if (reference === undefined) return Promise.reject(new ValidationError('xadesReference', 'the signature has no XAdES URL: the signer has not signed'));
    return this.download({
      method: 'GET',
      url: reference.url,
      operation: 'get XAdES',
      idempotent: true,
      headers: { Accept: 'application/xml' },
      ...signalOf(options),
    });
  }

  /**
   * Streams the job's PAdES, a PDF (seed use case "Get XAdES and PAdES"). A status without one (no signature yet)
   * fails with `ValidationError`.
   */
  getPades(reference: PadesReference | undefined, options?: CallOptions): Promise<Download> {
    if (reference === undefined) return Promise.reject(new ValidationError('padesReference', 'the status has no PAdES URL: no signer has signed yet'));
    return this.download({
      method: 'GET',
      url: reference.url,
      operation: 'get PAdES',
      idempotent: true,
      headers: { Accept: 'application/octet-stream, application/xml' },
      ...signalOf(options),
    });
  }

  /** Deletes the job's documents at Posten (offered once the job is finished and forwarded). */
  async deleteDocuments(reference: DeleteDocumentsReference | undefined, options?: CallOptions): Promise<void> {
    if (reference === undefined) throw new DocumentsNotDeletableError('The status has no delete-documents URL: the documents cannot be deleted yet');
    await this.send({ method: 'DELETE', url: reference.url, operation: 'delete documents', idempotent: true, ...signalOf(options) });
  }
}
