import { randomUUID } from 'node:crypto';
import { sleep } from '../util/sleep.js';
import type { RequestBudget } from '../core/polling/request-budget.js';
import type { RedisRunner } from './client.js';
import { DONE, TAKE } from './scripts.js';

/**
 * How long a request counts while in flight, at most: past the API's response timeout, so that a process that
 * dies mid-request frees its slot by itself.
 */
export const IN_FLIGHT_HOLD_MS = 15_000;

/** A place taken along with a queue's claim is used by the poll right after; one left unused is given back. */
const POCKET_MS = 1_000;

/** The keys of an organisation's budget; its hash tag is the organisation's, as for its queues' schedules. */
export function budgetKeys(prefix: string, organization: string): [slots: string, known: string] {
  return [`${prefix}{${organization}}:budget:slots`, `${prefix}{${organization}}:budget:known`];
}

/**
 * The organisation's request budget in Redis, for all processes together: `limit` slots, each taken when a
 * request starts and freed a window (1.1 s) after its response.
 */
export class RedisRequestBudget implements RequestBudget {
  readonly #process = randomUUID();
  #taken = 0;
  /** Places taken in Redis along with a claim (see `pocket`), per organisation. */
  readonly #pocket = new Map<string, { member: string; timer: ReturnType<typeof setTimeout> }[]>();

  constructor(
    private readonly runner: RedisRunner,
    private readonly prefix: string,
    readonly limit: number,
  ) {}

  /** A member name no other request of the fleet uses. */
  newMember(): string {
    return `${this.#process}:${++this.#taken}`;
  }

  /** Keeps a place the claim script took for the poll about to be sent; the next acquire() uses it. */
  pocket(organization: string, member: string): void {
    const list = this.#pocket.get(organization) ?? [];
    const timer = setTimeout(() => {
      const i = list.findIndex((p) => p.member === member);
      if (i >= 0) list.splice(i, 1);
      this.#done(organization, member);
    }, POCKET_MS);
    timer.unref?.();
    list.push({ member, timer });
    this.#pocket.set(organization, list);
  }

  async acquire(organization: string, signal?: AbortSignal): Promise<(() => void) | void> {
    if (!Number.isFinite(this.limit)) return;
    const pocketed = this.#pocket.get(organization)?.shift();
    if (pocketed) {
      clearTimeout(pocketed.timer);
      return () => this.#done(organization, pocketed.member);
    }
    const keys = budgetKeys(this.prefix, organization);
    const member = this.newMember();
    for (;;) {
      signal?.throwIfAborted();
      let wait: number;
      try {
        wait = Number(await this.runner.run(TAKE, keys, [this.limit, IN_FLIGHT_HOLD_MS, member]));
      } catch (error) {
        // A take that timed out may still run when Redis answers again; its slot must not stay held for the
        // in-flight hold, so it is freed as soon as Redis is back.
        this.runner.runInBackground(DONE, [keys[0]], [member]);
        throw error;
      }
      if (wait <= 0) break;
      await sleep(wait, signal);
    }
    return () => this.#done(organization, member);
  }

  /** Not awaited: the caller has its response. Should it fail, the slot frees when its in-flight hold ends. */
  #done(organization: string, member: string): void {
    this.runner.run(DONE, [budgetKeys(this.prefix, organization)[0]], [member]).catch(() => undefined);
  }
}
