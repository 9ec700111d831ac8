import { randomUUID } from 'node:crypto';
import { sleep } from '../core/http/retry.js';
import type { RequestBudget } from '../core/polling/request-budget.js';
import type { RedisRunner } from './client.js';
import { TAKE } from './scripts.js';

/** The window of the sliding limit: a second and a margin for network jitter, as the in-memory limiter. */
const WINDOW_MS = 1_100;

/** The organisation's request budget in Redis: at most `limit` request starts in any window, for all processes. */
export class RedisRequestBudget implements RequestBudget {
  readonly #process = randomUUID();
  #taken = 0;

  constructor(
    private readonly runner: RedisRunner,
    private readonly prefix: string,
    private readonly limit: number,
  ) {}

  async acquire(organization: string, signal?: AbortSignal): Promise<void> {
    if (!Number.isFinite(this.limit)) return;
    const keys = [`${this.prefix}budget:{${organization}}:starts`, `${this.prefix}budget:{${organization}}:known`];
    for (;;) {
      signal?.throwIfAborted();
      const wait = Number(await this.runner.run(TAKE, keys, [this.limit, WINDOW_MS, `${this.#process}:${++this.#taken}`]));
      if (wait <= 0) return;
      await sleep(wait, signal);
    }
  }
}
