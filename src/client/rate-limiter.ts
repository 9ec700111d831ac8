import { sleep } from '../core/http/retry.js';
import type { RequestBudget } from '../core/polling/request-budget.js';

/**
 * Keeps each organisation under the API's documented limit of 10 calls a second. Past it the API's rate
 * limiter (DoSFilter) blocks the whole organisation for 30 seconds, which hurts far more than a short wait
 * here. A sliding window with a little margin for network jitter: no window of `windowMs` holds more than
 * `limit` request starts. The default `RequestBudget`: one per configuration, in memory.
 */
export class RateLimiter implements RequestBudget {
  readonly #starts = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs = 1_100,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Resolves when a request for `key` may start, and records it as started. */
  async acquire(key: string, signal?: AbortSignal): Promise<void> {
    if (!Number.isFinite(this.limit)) return;
    for (;;) {
      signal?.throwIfAborted();
      const now = this.now();
      const starts = (this.#starts.get(key) ?? []).filter((t) => t > now - this.windowMs);
      if (starts.length < this.limit) {
        starts.push(now);
        this.#starts.set(key, starts);
        return;
      }
      await sleep(Math.max(1, (starts[0] as number) + this.windowMs - now), signal);
    }
  }
}

/** The organisation an API URL acts for (`…/api/{org}/…`), the key the API limits by. */
export function organizationOfUrl(url: string): string {
  return /\/api\/([0-9]{9})(?:[/?]|$)/.exec(url)?.[1] ?? '';
}
