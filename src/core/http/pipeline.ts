import { AbortError, TimeoutError, TransportError } from '../../errors/index.js';
import { MAX_RESPONSE_BYTES } from '../../protocol/facts.js';
import type { Environment } from '../environment.js';
import { AttemptStage, readWhole, type Attempt, type CallContext } from './attempt.js';
import { type BodyGuard, guardedStream } from './bounded-body.js';
import { chooseTransport, type ClientCredentials } from './choose-transport.js';
import { Download } from './download.js';
import { errorForFailure, errorForResponse } from './error-mapping.js';
import { AttemptFailure } from './failure.js';
import { loggableUrl, MaskingLogger } from './logger.js';
import type { ApiRequest, ApiResponse } from './request.js';
import { RetryableStatus, RetryPolicy } from './retry.js';
import type { HttpSettings } from './settings.js';
import type { ResponseHeaders, Transport, TransportResponse } from './transport.js';

/** Error bodies are read up to this much; an error document is tiny, a proxy's HTML page need not be read whole. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

/**
 * The one path every API call takes, as stages: the transport (undici with mutual TLS and server identity
 * checks, or a runtime's fetch), one attempt under timeouts and the caller's signal, the retry policy around it,
 * and the mapping of answers and failures to typed errors, with masked logging throughout. Every stage reads the
 * settings resolved once by the configuration. The clients only build requests and parse responses.
 */
export class RequestPipeline {
  readonly #transport: Transport;
  readonly #attempts: AttemptStage;
  readonly #retries: RetryPolicy;
  readonly #settings: HttpSettings;

  constructor(environment: Environment, credentials: ClientCredentials, settings: HttpSettings) {
    this.#settings = settings;
    const log = new MaskingLogger(settings.logger, settings.logLevel);
    this.#transport = chooseTransport(settings, environment, credentials);
    this.#attempts = new AttemptStage(this.#transport, settings.timeouts, settings.userAgent, log);
    this.#retries = new RetryPolicy(settings.maxRetries, settings.clock, log);
  }

  /** Sends a request and reads its (bounded) response. Resolves for 2xx; throws a mapped error otherwise. */
  async send(request: ApiRequest): Promise<ApiResponse> {
    return this.#run(request, 'application/xml', 'response', async (attempt, guard) => {
      const { response } = attempt;
      const ok = isSuccess(response.status);
      let body: Uint8Array;
      try {
        body = await readWhole(response, ok ? MAX_RESPONSE_BYTES : MAX_ERROR_BODY_BYTES, ok ? 'refuse' : 'truncate', guard);
      } finally {
        attempt.release();
      }
      if (!ok) throw this.#errorFor(request, response, body);
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
      const downloadMs = this.#settings.timeouts.downloadMs;
      const downloadGuard: BodyGuard = {
        ...guard,
        // The stream's reader sees SDK errors, not the retry policy's internal wrapper.
        mapError: (cause) => {
          const mapped = guard.mapError(cause);
          return mapped instanceof AttemptFailure ? mapped.failure.error : mapped;
        },
        idleError: () => new TimeoutError(`${request.operation}: no data for ${downloadMs} ms while downloading (download timeout)`),
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
  close(): Promise<void> {
    return this.#transport.close();
  }

  async #run<T>(request: ApiRequest, accept: string, phase: CallContext['phase'], handle: (attempt: Attempt, guard: BodyGuard) => Promise<T>): Promise<T> {
    // Log lines are only put together when a logger will print them: most calls log nothing.
    let loggable: string | undefined;
    const call: CallContext = { request, host: hostOf(request.url), path: () => (loggable ??= loggableUrl(request.url)), accept, phase };
    try {
      return await this.#retries.run(request, call.path, async (retryWait) => {
        const attempt = await this.#attempts.start(call);
        const wait = retryWait(attempt.response.status, attempt.response.headers);
        if (wait !== undefined) {
          attempt.controller.abort(new AbortError('discarded before a retry'));
          attempt.release();
          throw new RetryableStatus(attempt.response.status, wait);
        }
        return await handle(attempt, this.#attempts.guard(call, attempt.controller));
      });
    } catch (e) {
      if (e instanceof AttemptFailure) throw errorForFailure(request, e.failure);
      throw e;
    }
  }

  #errorFor(request: Pick<ApiRequest, 'errorForStatus'>, response: TransportResponse, body: Uint8Array): Error {
    return errorForResponse(response.status, response.headers, body, {
      now: this.#settings.clock(),
      dosFilterBlockingMs: this.#settings.dosFilterBlockingMs,
      errorForStatus: request.errorForStatus,
    });
  }
}

function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

function dateHeader(headers: ResponseHeaders): Date | undefined {
  const v = headers.get('date');
  if (v === null) return undefined;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** Parsed once per call: a malformed URL fails here, before anything is sent. */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    throw new TransportError(`Not a URL: ${loggableUrl(url)}`);
  }
}
