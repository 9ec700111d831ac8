import { AbortError, TimeoutError } from '../../errors/index.js';
import { type Aborter, type BodyGuard, readBounded } from './bounded-body.js';
import { encodeBody } from './body.js';
import { AttemptFailure, classifyFailure, type FailureContext } from './failure.js';
import type { MaskingLogger } from './logger.js';
import type { ApiRequest } from './request.js';
import type { Timeouts } from './timeouts.js';
import type { Overflow, Transport, TransportInit, TransportResponse } from './transport.js';

/** Which timeout bounds the silence within a response body. */
export type BodyPhase = 'response' | 'download';

/** A request sent once, whose headers arrived. */
export interface Attempt {
  response: TransportResponse;
  controller: Aborter;
  /** Detaches the caller's signal; runs when the response (or download) is finished with. */
  release: () => void;
}

/** What the attempt stage needs to know about the call it sends, worked out once per call. */
export interface CallContext {
  request: ApiRequest;
  /** The URL's host, naming the server in errors. */
  host: string;
  /** The URL as it may be logged, built only when a logger prints it. */
  path: () => string;
  accept: string;
  phase: BodyPhase;
}

/**
 * One attempt of a call: the request sent on the transport under the connect and response timeouts and the
 * caller's signal, its failure classified for the retry policy, and the guard its body is read under.
 */
export class AttemptStage {
  constructor(
    private readonly transport: Transport,
    private readonly timeouts: Readonly<Timeouts>,
    private readonly userAgent: string,
    private readonly log: MaskingLogger,
  ) {}

  /** Sends the request once and resolves when its headers arrive; a failure is thrown as AttemptFailure. */
  async start(call: CallContext): Promise<Attempt> {
    const { request } = call;
    const started = Date.now();
    if (this.log.enabled('debug')) {
      this.log.log('debug', `${request.method} ${call.path()}`, { operation: request.operation, method: request.method, url: call.path() });
    }
    const attempt = await this.#send(call);
    const { status } = attempt.response;
    const level = status >= 200 && status < 300 ? 'info' : 'warn';
    if (this.log.enabled(level)) {
      const durationMs = Date.now() - started;
      this.log.log(level, `${request.method} ${call.path()} ${status} in ${durationMs} ms`, {
        operation: request.operation,
        method: request.method,
        url: call.path(),
        status,
        durationMs,
      });
    }
    return attempt;
  }

  async #send(call: CallContext): Promise<Attempt> {
    const { request } = call;
    if (request.signal?.aborted) throw new AbortError(`${request.operation} was aborted before it was sent`);
    if (this.transport.timesOut && request.signal === undefined && call.phase === 'response') return this.#plainSend(call);
    const controller = new AbortController();
    const onAbort = (): void => controller.abort(new AbortError(`${request.operation} was aborted`));
    request.signal?.addEventListener('abort', onAbort, { once: true });
    const release = (): void => request.signal?.removeEventListener('abort', onAbort);
    // The backstop covers connecting and waiting for headers (and a wait for a free pooled connection).
    const budget = this.timeouts.connectMs + this.timeouts.responseMs;
    const timer = setTimeout(
      () => controller.abort(new TimeoutError(`${request.operation} (${call.host}): no response within ${budget} ms (response timeout)`)),
      budget,
    );
    try {
      const response = await this.transport.send(request.url, this.#init(call, controller.signal));
      return { response, controller, release };
    } catch (cause) {
      release();
      throw this.#failure(cause, call, controller.signal);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * A call nobody can cancel, on a transport that times out by itself (undici): no AbortController, no timer and
   * no listener (a measurable cost per request, bench/README.md). undici's own timers bound it: the
   * connector's connect timeout, then the headers and body timeouts per request. Waiting for a free pooled
   * connection is bounded by the calls holding them, which are bounded the same way.
   */
  async #plainSend(call: CallContext): Promise<Attempt> {
    try {
      const response = await this.transport.send(call.request.url, this.#init(call, undefined));
      const controller: Aborter = { signal: NEVER_ABORTED, abort: (reason?: unknown) => response.cancel?.(reason) };
      return { response, controller, release: noop };
    } catch (cause) {
      throw this.#failure(cause, call, NEVER_ABORTED);
    }
  }

  #init(call: CallContext, signal: AbortSignal | undefined): TransportInit {
    const { request } = call;
    const outgoing = encodeBody(request.body, this.transport);
    return {
      method: request.method,
      headers: { Accept: call.accept, ...request.headers, ...outgoing.headers, 'User-Agent': this.userAgent },
      ...outgoing.init,
      ...(signal === undefined ? {} : { signal }),
      redirect: 'manual',
      headersTimeoutMs: this.timeouts.responseMs,
      bodyTimeoutMs: this.bodyTimeoutMs(call.phase),
    };
  }

  #failure(cause: unknown, call: CallContext, signal: AbortSignal): AttemptFailure {
    return new AttemptFailure(classifyFailure(cause, this.#failureContext(call, signal)));
  }

  #failureContext(call: CallContext, signal: AbortSignal): FailureContext {
    return {
      operation: call.request.operation,
      host: call.host,
      connectMs: this.timeouts.connectMs,
      responseMs: this.timeouts.responseMs,
      bodyTimeout: this.#bodyTimeoutLabel(call.phase),
      signal,
    };
  }

  /** The longest silence within a body: an API document is under the response timeout, a download its own. */
  bodyTimeoutMs(phase: BodyPhase): number {
    return phase === 'response' ? this.timeouts.responseMs : this.timeouts.downloadMs;
  }

  #bodyTimeoutLabel(phase: BodyPhase): string {
    return `the response body stalled for ${this.bodyTimeoutMs(phase)} ms (${phase} timeout)`;
  }

  /** The guard an attempt's body is read under: its idle timeout, and its failures as AttemptFailure. */
  guard(call: CallContext, controller: Aborter): BodyGuard {
    return {
      controller,
      idleMs: this.bodyTimeoutMs(call.phase),
      idleError: () => new TimeoutError(`${call.request.operation} (${call.host}): ${this.#bodyTimeoutLabel(call.phase)}`),
      mapError: (cause) => {
        if (cause instanceof AttemptFailure) return cause;
        const failure = classifyFailure(cause, this.#failureContext(call, controller.signal));
        // Headers arrived, so the request certainly reached the server.
        return new AttemptFailure({ ...failure, maybeSent: true, closedSocket: false });
      },
    };
  }
}

/** Reads a whole (bounded) body: directly where the transport can, else from its stream under the guard's timers. */
export async function readWhole(response: TransportResponse, limit: number, overflow: Overflow, guard: BodyGuard): Promise<Uint8Array> {
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
