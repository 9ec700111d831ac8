import { AbortError } from '../../errors/index.js';
import { sleep } from '../../util/sleep.js';
import { AttemptFailure } from './failure.js';
import type { MaskingLogger } from './logger.js';
import type { ApiRequest } from './request.js';
import type { ResponseHeaders } from './transport.js';

/*
 * The retry policy, a stage wrapped around one attempt: which answers and failures are tried again, how long to
 * wait, and when to give up. Only idempotent requests are retried (job creation never is).
 */

/** Statuses that say "try again" from a gateway or an overloaded server: the request was not processed. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([502, 503, 504]);

const BASE_DELAY_MS = 200;
const MAX_DELAY_MS = 5_000;
/** A `Retry-After` longer than this is not waited for: the error goes to the caller, who can decide. */
export const MAX_RETRY_AFTER_MS = 30_000;

/** 200 ms·2ⁿ capped at 5 s, with jitter (50–100 %) so many clients hit by one outage do not retry in lockstep. */
export function backoffDelay(retry: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** retry);
  return Math.round(ceiling * (0.5 + random() / 2));
}

/**
 * The wait a `Retry-After` header asks for (seconds or an HTTP date), undefined when absent or unreadable, and
 * `Infinity` when longer than MAX_RETRY_AFTER_MS.
 */
export function retryAfterDelay(header: string | null, now: Date): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  let ms: number;
  if (/^\d+$/.test(value)) ms = Number(value) * 1000;
  else {
    const at = Date.parse(value);
    if (Number.isNaN(at)) return undefined;
    ms = Math.max(0, at - now.getTime());
  }
  return ms > MAX_RETRY_AFTER_MS ? Number.POSITIVE_INFINITY : ms;
}

/** Thrown by an attempt whose answer asks for a retry (see `RetryPolicy.run`): the response is already discarded. */
export class RetryableStatus extends Error {
  constructor(
    readonly status: number,
    readonly waitMs: number,
  ) {
    super(`HTTP ${status}`);
  }
}

/** Decides, for one call, whether an answer is tried again and after how long; undefined: take it as it is. */
export type RetryWait = (status: number, headers: ResponseHeaders) => number | undefined;

/** Runs attempts of one call until one succeeds, fails for good, or the retries are used up. */
export class RetryPolicy {
  constructor(
    private readonly maxRetries: number,
    private readonly clock: () => Date,
    private readonly log: MaskingLogger,
  ) {}

  /**
   * Calls `attempt` until it resolves. It throws `RetryableStatus` for an answer `retryWait` allows to retry, and
   * `AttemptFailure` for a failure; the last failure is rethrown as it is, for the error mapping to name.
   */
  async run<T>(request: ApiRequest, path: () => string, attempt: (retryWait: RetryWait) => Promise<T>): Promise<T> {
    let retries = 0;
    let closedSocketRetried = false;
    const retryWait: RetryWait = (status, headers) => {
      if (!request.idempotent || !RETRYABLE_STATUSES.has(status) || retries >= this.maxRetries) return undefined;
      const wait = retryAfterDelay(headers.get('retry-after'), this.clock());
      if (wait === Number.POSITIVE_INFINITY) return undefined;
      return wait ?? backoffDelay(retries);
    };
    for (;;) {
      try {
        return await attempt(retryWait);
      } catch (e) {
        if (e instanceof RetryableStatus) {
          await this.#pause(request, path, e.waitMs, e.message, ++retries);
          continue;
        }
        if (!(e instanceof AttemptFailure)) throw e;
        const { failure } = e;
        if (request.idempotent && failure.retryable) {
          // A kept-alive socket closed while idle (a frozen serverless container, a NAT timeout) says nothing about
          // the server; one fresh try is allowed even with retries turned off.
          if (failure.closedSocket && !closedSocketRetried) {
            closedSocketRetried = true;
            this.log.log('warn', `${request.method} ${path()}: ${failure.error.message}; retrying on a new connection`, { operation: request.operation });
            continue;
          }
          if (retries < this.maxRetries) {
            await this.#pause(request, path, backoffDelay(retries), failure.error.message, ++retries);
            continue;
          }
        }
        this.log.log('warn', `${request.method} ${path()} failed: ${failure.error.message}`, { operation: request.operation });
        throw e;
      }
    }
  }

  async #pause(request: ApiRequest, path: () => string, ms: number, reason: string, retry: number): Promise<void> {
    this.log.log('warn', `${request.method} ${path()}: ${reason}; retry ${retry} in ${ms} ms`, { operation: request.operation });
    try {
      await sleep(ms, request.signal);
    } catch {
      throw new AbortError(`${request.operation} was aborted`);
    }
  }
}
