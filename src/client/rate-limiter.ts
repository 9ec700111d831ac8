import { sleep } from '../util/sleep.js';
import type { RequestBudget } from '../core/polling/request-budget.js';

/** How long a request counts while in flight, at most (its response or failure frees it sooner). */
const IN_FLIGHT_HOLD_MS = 60_000;
/** How often a caller waiting on requests still in flight looks again. */
const IN_FLIGHT_RECHECK_MS = 20;

/**
 * Keeps each organisation under the API's documented limit of 10 calls a second. Past it the API's rate
 * limiter (DoSFilter) blocks the whole organisation for 30 seconds, which hurts far more than a short wait
 * here. The default `RequestBudget`: one per configuration, in memory.
 *
 * `limit` places: a request takes one when it starts and frees it `windowMs` (a second and a margin for network
 * jitter) after its response. The server counts a request when it arrives, somewhere between its start and its
 * response, so no second of the server's can see more than `limit`; counting starts alone let requests that waited
 * for a connection (TLS handshakes on a busy machine) arrive in the same second as later ones.
 */
export class RateLimiter implements RequestBudget {
  /** Per key: the time at which each place taken frees. */
  readonly #places = new Map<string, { freeAt: number }[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs = 1_100,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Resolves when a request for `key` may start, with the function to call once its response has arrived. */
  async acquire(key: string, signal?: AbortSignal): Promise<(() => void) | void> {
    if (!Number.isFinite(this.limit)) return;
    for (;;) {
      signal?.throwIfAborted();
      const now = this.now();
      const places = (this.#places.get(key) ?? []).filter((p) => p.freeAt > now);
      this.#places.set(key, places);
      if (places.length < this.limit) {
        const place = { freeAt: now + IN_FLIGHT_HOLD_MS };
        places.push(place);
        return () => {
          place.freeAt = this.now() + this.windowMs;
        };
      }
      const wait = Math.min(...places.map((p) => p.freeAt)) - now;
      // A place freeing later than one window from now still belongs to a request in flight: its response may free
      // it any moment, so look again soon rather than sleep until the hold runs out.
      await sleep(wait > this.windowMs ? IN_FLIGHT_RECHECK_MS : Math.max(1, wait), signal);
    }
  }
}

/** The organisation an API URL acts for (`…/api/{org}/…`), the key the API limits by. */
export function organizationOfUrl(url: string): string {
  return /\/api\/([0-9]{9})(?:[/?]|$)/.exec(url)?.[1] ?? '';
}
