/** Statuses that say "try again" from a gateway or an overloaded server: the request was not processed. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([502, 503, 504]);

export const DEFAULT_MAX_RETRIES = 3;
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

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  // setTimeout fires at once for delays past 2^31-1 ms; a far-off time must not turn a wait into a busy loop.
  const delay = Math.min(Math.max(0, ms), 2_147_483_647);
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, delay);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
