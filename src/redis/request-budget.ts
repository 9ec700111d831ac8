import { randomUUID } from 'node:crypto';
import { sleep } from '../core/http/retry.js';
import type { RequestBudget } from '../core/polling/request-budget.js';
import type { RedisRunner } from './client.js';
import { DONE, TAKE } from './scripts.js';

/**
 * How long a request counts while in flight, at most: past the API's response timeout, so that a process that
 * dies mid-request frees its slot by itself.
 */
const IN_FLIGHT_HOLD_MS = 15_000;

/**
 * The organisation's request budget in Redis, for all processes together: `limit` slots, each taken when a
 * request starts and freed a window (1.1 s) after its response.
 */
export class RedisRequestBudget implements RequestBudget {
  readonly #process = randomUUID();
  #taken = 0;

  constructor(
    private readonly runner: RedisRunner,
    private readonly prefix: string,
    private readonly limit: number,
  ) {}

  async acquire(organization: string, signal?: AbortSignal): Promise<(() => void) | void> {
    if (!Number.isFinite(this.limit)) return;
    const keys = [`${this.prefix}budget:{${organization}}:slots`, `${this.prefix}budget:{${organization}}:known`];
    const member = `${this.#process}:${++this.#taken}`;
    for (;;) {
      signal?.throwIfAborted();
      let wait: number;
      try {
        wait = Number(await this.runner.run(TAKE, keys, [this.limit, IN_FLIGHT_HOLD_MS, member]));
      } catch (error) {
        // A take that timed out may still run when Redis answers again; its slot must not stay held for the
        // in-flight hold, so it is freed as soon as Redis is back.
        this.runner.runInBackground(DONE, [keys[0] as string], [member]);
        throw error;
      }
      if (wait <= 0) break;
      await sleep(wait, signal);
    }
    // Not awaited: the caller has its response. Should it fail, the slot frees when its in-flight hold ends.
    return () => void this.runner.run(DONE, [keys[0] as string], [member]).catch(() => undefined);
  }
}
