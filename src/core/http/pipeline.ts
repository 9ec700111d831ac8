import { Agent, type Dispatcher } from 'undici';
import {
  AbortError,
  ConfigurationError,
  JobCreationOutcomeUnknownError,
  TimeoutError,
  TransportError,
} from '../../errors/index.js';
import type { Environment } from '../environment.js';
import { type Aborter, type BodyGuard, concat, guardedStream, readBounded } from './body.js';
import { createMutualTlsConnector } from './connector.js';
import { Download } from './download.js';
import { errorForResponse, type ResponseErrorClass } from './error-mapping.js';
import { AttemptFailure, classifyFailure, type Failure, type FailureContext } from './failure.js';
import { type Logger, type LogLevel, loggableUrl, MaskingLogger } from './logger.js';
import { backoffDelay, DEFAULT_MAX_RETRIES, RETRYABLE_STATUSES, retryAfterDelay, sleep } from './retry.js';
import { resolveTimeouts, type Timeouts } from './timeouts.js';
import { userAgent } from './user-agent.js';
import { undiciTransport } from './undici-transport.js';

export interface PipelineOptions {
  environment: Environment;
  /** Unencrypted PKCS#8 PEM of the organisation certificate's private key. */
  clientKeyPem: string;
  /** The organisation certificate and its intermediates (PEM), sent in the TLS handshake. */
  clientCertChainPem: string;
  /** @default { connectMs: 5000, responseMs: 10000, downloadMs: 60000 } */
  timeouts?: Partial<Timeouts>;
  /** Retries of idempotent calls after connection errors and 502/503/504. Job creation is never retried. @default 3 */
  maxRetries?: number;
  /** Size of the keep-alive connection pool. @default 10 */
  maxConnections?: number;
  /** Appended to the User-Agent in parentheses, e.g. your application's name and version. */
  userAgent?: string;
  /** Off by default. Lines carry method, path, status and duration, masked; never bodies or keys. */
  logger?: Logger;
  /** @default 'info' when a logger is given */
  logLevel?: LogLevel;
  /** An HTTP(S) proxy; TLS to the API runs through it end to end (CONNECT), with the same server checks. */
  proxy?: string | URL;
  /**
   * An undici Dispatcher to use instead of the built-in mutual TLS pool. It must do mutual TLS itself; to keep
   * the server identity checks, build it with `createMutualTlsConnector`.
   */
  dispatcher?: Dispatcher;
  /**
   * A runtime's own fetch that already does mutual TLS (Bun's `tls` option, Deno's `createHttpClient`). When set,
   * undici is not used, and the server identity checks are the runtime's responsibility.
   */
  fetch?: typeof fetch;
  /** How long the API's rate limiter (DoSFilter) blocks after a 429. @default 30000 */
  dosFilterBlockingMs?: number;
  clock?: () => Date;
}

export interface ApiRequest {
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  /** For logs and error messages, e.g. `create direct job`. */
  operation: string;
  headers?: Record<string, string>;
  /**
   * The body. Given as chunks it is streamed as they are, with its Content-Length, and never concatenated: a
   * 10 MB job is not copied twice more on its way out (fetch copies a single buffer body).
   */
  body?: Uint8Array | string | readonly Uint8Array[];
  /** Whether sending the request twice is harmless. Only idempotent requests are retried. */
  idempotent: boolean;
  signal?: AbortSignal;
  /** Job creation only: the job's reference, named in JobCreationOutcomeUnknownError so the caller can reconcile. */
  jobReference?: string;
  /** Error classes for statuses the caller gives a meaning (409 on cancel), used when no error code has its own. */
  errorForStatus?: Partial<Record<number, ResponseErrorClass>>;
}

/** Response headers; `get` is case-insensitive. */
export interface ResponseHeaders {
  get(name: string): string | null;
  has(name: string): boolean;
}

export interface ApiResponse {
  status: number;
  headers: ResponseHeaders;
  body: Uint8Array;
  /** The server's Date header, for clock-skew-tolerant scheduling. */
  serverDate: Date | undefined;
}

/** Non-download responses larger than this are refused: no API document comes near it. */
export const MAX_RESPONSE_BYTES = 5 * 1024 * 1024;
/** Error bodies are read up to this much; an error document is tiny, a proxy's HTML page need not be read whole. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;
export const DEFAULT_MAX_CONNECTIONS = 10;
export const DEFAULT_DOS_FILTER_BLOCKING_MS = 30_000;

interface FetchResponse {
  status: number;
  headers: ResponseHeaders;
  body: ReadableStream<Uint8Array> | null;
  /** The undici transport's direct read, under its own idle timeout (see undici-transport.ts). */
  readAll?: (limit: number, overflow: 'refuse' | 'truncate') => Promise<Uint8Array>;
  /** The undici transport's way to drop a response without an AbortSignal. */
  cancel?: (reason?: unknown) => void;
}
interface FetchInit {
  method: string;
  headers: Record<string, string>;
  /** A list of ranges only for undici (see outgoingBody). */
  body?: Uint8Array | string | ReadableStream<Uint8Array> | readonly Uint8Array[];
  duplex?: 'half';
  signal?: AbortSignal;
  redirect: 'manual';
  /** Honoured by the undici transport; a runtime's fetch ignores them and the pipeline's own timers apply. */
  headersTimeoutMs?: number;
  bodyTimeoutMs?: number;
}
type FetchLike = (url: string, init: FetchInit) => Promise<FetchResponse>;

/** Which timeout bounds the silence within a response body. */
type BodyPhase = 'response' | 'download';

interface Attempt {
  response: FetchResponse;
  controller: Aborter;
  /** Detaches the caller's signal; runs when the response (or download) is finished with. */
  release: () => void;
}

/**
 * The one path every API call takes: mutual TLS with server identity checks, headers, timeouts, cancellation,
 * retries of idempotent calls, error mapping and masked logging. The clients only build requests and parse
 * responses.
 */
export class RequestPipeline {
  readonly #fetch: FetchLike;
  /**
   * Sending through undici (ours or the caller's dispatcher), not a runtime's fetch: it writes a list of byte
   * ranges itself, with back-pressure, and times each request out itself (connect, headers, body).
   */
  #viaUndici = false;
  readonly #ownedDispatcher: Agent | undefined;
  readonly #timeouts: Timeouts;
  readonly #maxRetries: number;
  readonly #userAgent: string;
  readonly #log: MaskingLogger;
  readonly #clock: () => Date;
  readonly #dosFilterBlockingMs: number;

  constructor(options: PipelineOptions) {
    this.#timeouts = resolveTimeouts(options.timeouts);
    this.#maxRetries = nonNegativeInteger(options.maxRetries ?? DEFAULT_MAX_RETRIES, 'maxRetries');
    const maxConnections = nonNegativeInteger(options.maxConnections ?? DEFAULT_MAX_CONNECTIONS, 'maxConnections');
    if (maxConnections < 1) throw new ConfigurationError('maxConnections must be at least 1');
    this.#userAgent = userAgent(options.userAgent);
    this.#log = new MaskingLogger(options.logger, options.logLevel);
    this.#clock = options.clock ?? (() => new Date());
    this.#dosFilterBlockingMs = options.dosFilterBlockingMs ?? DEFAULT_DOS_FILTER_BLOCKING_MS;

    const transports = [options.fetch, options.dispatcher].filter((x) => x !== undefined).length;
    if (transports > 1) throw new ConfigurationError('Give either fetch or dispatcher, not both');
    if (options.proxy !== undefined && transports > 0) {
      throw new ConfigurationError('proxy applies to the built-in connection pool; configure it in your own fetch or dispatcher');
    }
    if (options.fetch !== undefined) {
      const runtimeFetch = options.fetch;
      // The DOM typings reject Uint8Array<ArrayBufferLike> bodies that every runtime accepts.
      this.#fetch = (url, init) => runtimeFetch(url, init as RequestInit) as Promise<FetchResponse>;
      this.#ownedDispatcher = undefined;
      return;
    }
    let dispatcher = options.dispatcher;
    if (dispatcher === undefined) {
      if (!options.clientKeyPem?.includes('PRIVATE KEY') || !options.clientCertChainPem?.includes('CERTIFICATE')) {
        throw new ConfigurationError('clientKeyPem and clientCertChainPem must be PEM (a private key and a certificate chain)');
      }
      this.#ownedDispatcher = new Agent({
        connect: createMutualTlsConnector({
          clientKeyPem: options.clientKeyPem,
          clientCertChainPem: options.clientCertChainPem,
          trustedCertificates: options.environment.trustedCertificates,
          serverOrganizationNumber: options.environment.serverOrganizationNumber,
          environmentName: options.environment.name,
          connectTimeoutMs: this.#timeouts.connectMs,
          clock: this.#clock,
          ...(options.proxy === undefined ? {} : { proxy: new URL(String(options.proxy)) }),
        }),
        connections: maxConnections,
        // undici measures these precisely per phase; the pipeline's own timers are the backstop.
        headersTimeout: this.#timeouts.responseMs,
        bodyTimeout: Math.max(this.#timeouts.downloadMs, this.#timeouts.responseMs),
      });
      dispatcher = this.#ownedDispatcher;
    } else {
      this.#ownedDispatcher = undefined;
    }
    this.#fetch = undiciTransport(dispatcher);
    this.#viaUndici = true;
  }

  /** Sends a request and reads its (bounded) response. Resolves for 2xx; throws a mapped error otherwise. */
  async send(request: ApiRequest): Promise<ApiResponse> {
    return this.#run(request, 'application/xml', 'response', async (attempt, guard) => {
      const { response } = attempt;
      let body: Uint8Array;
      try {
        body = await readWhole(response, isSuccess(response.status) ? MAX_RESPONSE_BYTES : MAX_ERROR_BODY_BYTES, isSuccess(response.status) ? 'refuse' : 'truncate', guard);
      } finally {
        attempt.release();
      }
      if (!isSuccess(response.status)) throw this.#errorFor(request, response, body);
      return { status: response.status, headers: response.headers, body, serverDate: dateHeader(response.headers) };
    });
  }

  /** Starts a download and resolves when its headers arrive; the body streams under the download (idle) timeout. */
  async download(request: Omit<ApiRequest, 'body'>): Promise<Download> {
    return this.#run({ ...request }, 'application/octet-stream, application/xml', 'download', async (attempt, guard) => {
      const { response } = attempt;
      if (!isSuccess(response.status)) {
        let body: Uint8Array;
        try {
          body = await readWhole(response, MAX_ERROR_BODY_BYTES, 'truncate', guard);
        } finally {
          attempt.release();
        }
        throw this.#errorFor(request, response, body);
      }
      const downloadGuard: BodyGuard = {
        ...guard,
        // The stream's reader sees SDK errors, not the pipeline's internal retry wrapper.
        mapError: (cause) => {
          const mapped = guard.mapError(cause);
          return mapped instanceof AttemptFailure ? mapped.failure.error : mapped;
        },
        idleMs: this.#timeouts.downloadMs,
        idleError: () =>
          new TimeoutError(`${request.operation}: no data for ${this.#timeouts.downloadMs} ms while downloading (download timeout)`),
      };
      const length = Number(response.headers.get('content-length') ?? Number.NaN);
      return new Download(
        guardedStream(response.body, downloadGuard, attempt.release),
        response.headers.get('content-type') ?? undefined,
        Number.isSafeInteger(length) && length >= 0 ? length : undefined,
      );
    });
  }

  /** Closes the built-in connection pool (a dispatcher or fetch you supplied is yours to close). */
  async close(): Promise<void> {
    await this.#ownedDispatcher?.close();
  }

  async #run<T>(
    request: ApiRequest,
    accept: string,
    bodyPhase: BodyPhase,
    handle: (attempt: Attempt, guard: BodyGuard) => Promise<T>,
  ): Promise<T> {
    // Log lines are only put together when a logger will print them: most calls log nothing.
    let loggable: string | undefined;
    const path = (): string => (loggable ??= loggableUrl(request.url));
    // Parsed once per call: a malformed URL fails here, before anything is sent; the host names the server in errors.
    const host = hostOf(request.url);
    let retries = 0;
    let closedSocketRetried = false;
    for (;;) {
      const started = Date.now();
      if (this.#log.enabled('debug')) {
        this.#log.log('debug', `${request.method} ${path()}`, { operation: request.operation, method: request.method, url: path() });
      }
      let failure: Failure;
      try {
        const attempt = await this.#attempt(request, host, accept, bodyPhase);
        const { status, headers } = attempt.response;
        const level = isSuccess(status) ? 'info' : 'warn';
        if (this.#log.enabled(level)) {
          const durationMs = Date.now() - started;
          this.#log.log(level, `${request.method} ${path()} ${status} in ${durationMs} ms`, {
            operation: request.operation,
            method: request.method,
            url: path(),
            status,
            durationMs,
          });
        }
        if (request.idempotent && RETRYABLE_STATUSES.has(status) && retries < this.#maxRetries) {
          const wait = retryAfterDelay(headers.get('retry-after'), this.#clock());
          if (wait !== Number.POSITIVE_INFINITY) {
            attempt.controller.abort(new AbortError('discarded before a retry'));
            attempt.release();
            await this.#pause(request, wait ?? backoffDelay(retries), `HTTP ${status}`, retries + 1);
            retries++;
            continue;
          }
        }
        return await handle(attempt, this.#guard(request, host, attempt.controller, bodyPhase));
      } catch (e) {
        if (!(e instanceof AttemptFailure)) throw e;
        failure = e.failure;
      }
      if (request.idempotent && failure.retryable) {
        // A kept-alive socket closed while idle (a frozen serverless container, a NAT timeout) says nothing about
        // the server; one fresh try is allowed even with retries turned off.
        if (failure.closedSocket && !closedSocketRetried) {
          closedSocketRetried = true;
          this.#log.log('warn', `${request.method} ${path()}: ${failure.error.message}; retrying on a new connection`, { operation: request.operation });
          continue;
        }
        if (retries < this.#maxRetries) {
          await this.#pause(request, backoffDelay(retries), failure.error.message, retries + 1);
          retries++;
          continue;
        }
      }
      this.#log.log('warn', `${request.method} ${path()} failed: ${failure.error.message}`, { operation: request.operation });
      if (!request.idempotent && failure.maybeSent && !(failure.error instanceof AbortError)) {
        const ref = request.jobReference;
        throw new JobCreationOutcomeUnknownError(
          ref,
          `${request.operation}: the outcome is unknown (${failure.error.message}). The job may have been created. ` +
            `Do not simply create it again: reconcile first${ref === undefined ? '' : ` by its reference "${ref}"`} ` +
            '(its status changes will arrive on the polling queue, or look it up in the portal).',
          { cause: failure.error },
        );
      }
      throw failure.error;
    }
  }

  async #pause(request: ApiRequest, ms: number, reason: string, retry: number): Promise<void> {
    this.#log.log('warn', `${request.method} ${loggableUrl(request.url)}: ${reason}; retry ${retry} in ${ms} ms`, {
      operation: request.operation,
    });
    try {
      await sleep(ms, request.signal);
    } catch {
      throw new AbortError(`${request.operation} was aborted`);
    }
  }

  async #attempt(request: ApiRequest, host: string, accept: string, bodyPhase: BodyPhase): Promise<Attempt> {
    if (request.signal?.aborted) throw new AbortError(`${request.operation} was aborted before it was sent`);
    if (this.#viaUndici && request.signal === undefined && bodyPhase === 'response') return this.#plainAttempt(request, host, accept);
    const controller = new AbortController();
    const onAbort = (): void => controller.abort(new AbortError(`${request.operation} was aborted`));
    request.signal?.addEventListener('abort', onAbort, { once: true });
    const release = (): void => request.signal?.removeEventListener('abort', onAbort);
    // The backstop covers connecting and waiting for headers (and a wait for a free pooled connection).
    const budget = this.#timeouts.connectMs + this.#timeouts.responseMs;
    const timer = setTimeout(
      () => controller.abort(new TimeoutError(`${request.operation} (${host}): no response within ${budget} ms (response timeout)`)),
      budget,
    );
    try {
      const response = await this.#fetch(request.url, this.#init(request, accept, bodyPhase, controller.signal));
      return { response, controller, release };
    } catch (cause) {
      release();
      throw this.#failure(cause, request, host, bodyPhase, controller.signal);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * An API call nobody can cancel, on undici: no AbortController, no timer and no listener (together about 20 µs
   * a request, measured while draining a queue). undici's own timers bound it: the connector's connect timeout,
   * then the headers and body timeouts per request. Waiting for a free pooled connection is bounded by the calls
   * holding them, which are bounded the same way.
   */
  async #plainAttempt(request: ApiRequest, host: string, accept: string): Promise<Attempt> {
    try {
      const response = await this.#fetch(request.url, this.#init(request, accept, 'response', undefined));
      const controller: Aborter = { signal: NEVER_ABORTED, abort: (reason?: unknown) => response.cancel?.(reason) };
      return { response, controller, release: noop };
    } catch (cause) {
      throw this.#failure(cause, request, host, 'response', NEVER_ABORTED);
    }
  }

  #init(request: ApiRequest, accept: string, bodyPhase: BodyPhase, signal: AbortSignal | undefined): FetchInit {
    const outgoing = outgoingBody(request.body, this.#viaUndici);
    return {
      method: request.method,
      headers: { Accept: accept, ...request.headers, ...outgoing.headers, 'User-Agent': this.#userAgent },
      ...outgoing.init,
      ...(signal === undefined ? {} : { signal }),
      // Redirects are not part of the API; following one could send the request somewhere unchecked.
      redirect: 'manual',
      headersTimeoutMs: this.#timeouts.responseMs,
      bodyTimeoutMs: this.#bodyTimeoutMs(bodyPhase),
    };
  }

  #failure(cause: unknown, request: ApiRequest, host: string, bodyPhase: BodyPhase, signal: AbortSignal): AttemptFailure {
    return new AttemptFailure(classifyFailure(cause, this.#failureContext(request, host, bodyPhase, signal)));
  }

  #failureContext(request: ApiRequest, host: string, bodyPhase: BodyPhase, signal: AbortSignal): FailureContext {
    return {
      operation: request.operation,
      host,
      connectMs: this.#timeouts.connectMs,
      responseMs: this.#timeouts.responseMs,
      bodyTimeout: this.#bodyTimeoutLabel(bodyPhase),
      signal,
    };
  }

  /** The longest silence within a body: an API document is under the response timeout, a download its own. */
  #bodyTimeoutMs(phase: BodyPhase): number {
    return phase === 'response' ? this.#timeouts.responseMs : this.#timeouts.downloadMs;
  }

  #bodyTimeoutLabel(phase: BodyPhase): string {
    return `the response body stalled for ${this.#bodyTimeoutMs(phase)} ms (${phase} timeout)`;
  }

  #guard(request: ApiRequest, host: string, controller: Aborter, bodyPhase: BodyPhase): BodyGuard {
    return {
      controller,
      idleMs: this.#bodyTimeoutMs(bodyPhase),
      idleError: () => new TimeoutError(`${request.operation} (${host}): ${this.#bodyTimeoutLabel(bodyPhase)}`),
      mapError: (cause) => {
        if (cause instanceof AttemptFailure) return cause;
        const failure = classifyFailure(cause, this.#failureContext(request, host, bodyPhase, controller.signal));
        // Headers arrived, so the request certainly reached the server.
        return new AttemptFailure({ ...failure, maybeSent: true, closedSocket: false });
      },
    };
  }

  #errorFor(request: ApiRequest, response: FetchResponse, body: Uint8Array): Error {
    return errorForResponse(response.status, response.headers, body, {
      now: this.#clock(),
      dosFilterBlockingMs: this.#dosFilterBlockingMs,
      errorForStatus: request.errorForStatus,
    });
  }
}

/** Reads a whole (bounded) body: directly where the transport can, else from its stream under the guard's timers. */
async function readWhole(response: FetchResponse, limit: number, overflow: 'refuse' | 'truncate', guard: BodyGuard): Promise<Uint8Array> {
  if (response.readAll === undefined) return readBounded(response.body, limit, overflow, guard);
  try {
    return await response.readAll(limit, overflow);
  } catch (cause) {
    const error = guard.mapError(cause);
    guard.controller.abort(error);
    throw error;
  }
}

/** The signal of a call nobody can cancel. */
const NEVER_ABORTED = new AbortController().signal;

function noop(): void {}

function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

function dateHeader(headers: ResponseHeaders): Date | undefined {
  const v = headers.get('date');
  if (v === null) return undefined;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    throw new TransportError(`Not a URL: ${loggableUrl(url)}`);
  }
}

function nonNegativeInteger(v: number, name: string): number {
  if (!Number.isInteger(v) || v < 0) throw new ConfigurationError(`${name} must be a non-negative integer, got ${String(v)}`);
  return v;
}

const BODY_VIEW_BYTES = 64 * 1024;
const JOIN_BODIES_UP_TO = 1024 * 1024;
/** Ranges smaller than this are copied together: one socket write each would cost more than the copy. */
const COALESCE_BELOW = 16 * 1024;

/**
 * Ranges as they go to the socket: neighbouring small ones joined, large ones in views of at most 64 KB, so that
 * TLS never holds an encrypted copy of a whole 10 MB document bundle in its write buffer.
 */
function socketWrites(chunks: readonly Uint8Array[]): Uint8Array[] {
  const writes: Uint8Array[] = [];
  let small: Uint8Array[] = [];
  let smallBytes = 0;
  const flush = (): void => {
    if (small.length > 0) writes.push(concat(small, smallBytes));
    small = [];
    smallBytes = 0;
  };
  for (const chunk of chunks) {
    if (chunk.byteLength < COALESCE_BELOW) {
      small.push(chunk);
      smallBytes += chunk.byteLength;
      if (smallBytes >= COALESCE_BELOW) flush();
      continue;
    }
    flush();
    for (let i = 0; i < chunk.byteLength; i += BODY_VIEW_BYTES) writes.push(chunk.subarray(i, i + BODY_VIEW_BYTES));
  }
  flush();
  return writes;
}

/**
 * The body as fetch options, and the headers it needs. Given as ranges (a job: the XML part, headers, the
 * caller's documents), the body is never joined into one copy for undici, which writes the list itself with its
 * Content-Length: measured at 100 KB a job, the joined copy cost 0.1–0.2 ms of CPU a job, most of it in the
 * major garbage collections its external memory set off. A runtime's fetch gets ranges up to 1 MB joined (one write is cheaper), larger ones as a stream
 * over the same buffers, sent with their Content-Length so the server sees a plain body rather than chunked
 * encoding (a stream also needs `duplex: 'half'`).
 */
function outgoingBody(
  body: ApiRequest['body'],
  sendsChunkLists: boolean,
): { headers: Record<string, string>; init: Pick<FetchInit, 'body' | 'duplex'> } {
  if (body === undefined) return { headers: {}, init: {} };
  if (!Array.isArray(body)) return { headers: {}, init: { body: body as Uint8Array | string } };
  const chunks = body as readonly Uint8Array[];
  const total = chunks.reduce((n, c) => n + c.byteLength, 0);
  const writes = socketWrites(chunks);
  if (writes.length <= 1) return { headers: {}, init: { body: writes[0] ?? new Uint8Array(0) } };
  if (sendsChunkLists) return { headers: { 'Content-Length': String(total) }, init: { body: writes } };
  if (total <= JOIN_BODIES_UP_TO) return { headers: {}, init: { body: concat(chunks, total) } };
  let next = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const view = writes[next++];
        if (view === undefined) controller.close();
        else controller.enqueue(view);
      },
    },
    { highWaterMark: 0 },
  );
  return { headers: { 'Content-Length': String(total) }, init: { body: stream, duplex: 'half' } };
}
