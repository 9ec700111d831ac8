import { ClientConfiguration } from '../core/client-configuration.js';
import type { Download } from '../core/http/download.js';
import type { ApiRequest, ApiResponse } from '../core/http/request.js';
import type { PollScheduler } from '../core/polling/poll-scheduler.js';
import { ConfigurationError, SenderNotSpecifiedError } from '../errors/index.js';
import type { Sender } from '../model/index.js';
import { holdShared, pipelineFor, releaseShared, sharedState, withinBudget } from './shared-state.js';

/** Options every call takes. */
export interface CallOptions {
  /** Aborts the call; the request is cancelled and its socket freed. */
  signal?: AbortSignal;
}

/** What every client has: the request pipeline (shared per configuration), sender resolution, who-am-I. */
export abstract class ApiClient {
  constructor(
    /** The configuration this client was made from; clients of one configuration share its pool and poll schedule. */
    readonly configuration: ClientConfiguration,
  ) {
    // By brand: a configuration made by the other build (ESM/CJS) of this package is as good as our own.
    if (!(configuration instanceof ClientConfiguration)) {
      throw new ConfigurationError(
        `${new.target.name} needs a ClientConfiguration: new ${new.target.name}(new ClientConfiguration({ environment, certificate }))`,
      );
    }
  }

  /** Whether this client holds the configuration's shared pool (from its first call until `close()`). */
  #holds = false;

  /** The poll schedule shared by every client of the configuration. */
  protected get scheduler(): PollScheduler {
    return sharedState(this.configuration).scheduler;
  }

  #pipeline(): ReturnType<typeof pipelineFor> {
    if (!this.#holds) {
      this.#holds = true;
      holdShared(this.configuration);
    }
    return pipelineFor(this.configuration);
  }

  /** Sends through the pipeline and feeds the server's clock to the poll schedule. */
  protected async send(request: ApiRequest): Promise<ApiResponse> {
    const pipeline = await this.#pipeline();
    const response = await withinBudget(this.configuration, request, () => pipeline.send(request));
    this.scheduler.serverClock.observe(response.serverDate, this.configuration.clock().getTime());
    return response;
  }

  /** Starts a download through the pipeline; the body streams as the caller reads it. */
  protected async download(request: Omit<ApiRequest, 'body'>): Promise<Download> {
    const pipeline = await this.#pipeline();
    // The server has counted the request once its response has begun.
    return withinBudget(this.configuration, request, () => pipeline.download(request));
  }

  /** The job's own sender, else the given one, else the configuration's global sender. */
  protected resolveSender(...candidates: (Sender | undefined)[]): Sender {
    const sender = candidates.find((s) => s !== undefined) ?? this.configuration.globalSender;
    if (sender === undefined) throw new SenderNotSpecifiedError();
    return sender;
  }

  /**
   * Asks the API who the certificate is ("You are 123456789[, operating on behalf of 987654321]"): a check that
   * the certificate is accepted and may act for the sender.
   */
  async whoAmI(sender?: Sender, options?: CallOptions): Promise<string> {
    const s = this.resolveSender(sender);
    const response = await this.send({
      method: 'GET',
      url: `${this.configuration.environment.apiRoot}/${s.organizationNumber}`,
      operation: 'who am I',
      idempotent: true,
      headers: { Accept: 'text/plain' },
      ...signalOf(options),
    });
    return new TextDecoder().decode(response.body).trim();
  }

  /**
   * Lets go of the connection pool. Clients made from one configuration share one pool (and one poll schedule);
   * each holds it from its first call, and the pool's connections are closed when the last client holding it is
   * closed. Closing one client therefore never breaks another client of the same configuration. Closing twice is
   * harmless; a closed client that is called again takes the pool up again (and needs closing again). A
   * dispatcher or fetch given in the configuration is never closed: it is yours.
   */
  close(): Promise<void> {
    if (!this.#holds) return Promise.resolve();
    this.#holds = false;
    return releaseShared(this.configuration);
  }

  /** E.g. `DirectClient(ClientConfiguration(production, …))`; printing a client shows no secret (see ClientConfiguration). */
  toString(): string {
    return `${this.constructor.name}(${this.configuration.toString()})`;
  }
}

/** The call's signal as request fields (none when absent). */
export function signalOf(options: CallOptions | undefined): { signal?: AbortSignal } {
  return options?.signal ? { signal: options.signal } : {};
}
