import { randomUUID } from 'node:crypto';
import type { PollScheduleStore } from '../core/polling/poll-schedule-store.js';
import type { RedisRunner } from './client.js';
import { budgetKeys, IN_FLIGHT_HOLD_MS, type RedisRequestBudget } from './request-budget.js';
import { CLAIM, DONE, READ, RELEASE, RENEW } from './scripts.js';

/** How often a process waiting for another's poll asks again (ms, plus up to as much jitter). */
const LEASE_RETRY_MS = 100;

interface Held {
  token: string;
  renewal: ReturnType<typeof setInterval>;
}

/**
 * The poll schedule of every queue in Redis, shared by all processes using the same key prefix. A claim is a
 * lease (`SET … PX`) renewed while its poll runs; a holder killed mid-poll stops renewing and its lease runs out
 * within `leaseMs`, after which another process takes over.
 *
 * Each process also remembers the latest next permitted time it has seen per queue and writes it back when
 * Redis holds an earlier one (data lost in a restart), so those who knew the schedule keep to it.
 */
export class RedisPollScheduleStore implements PollScheduleStore {
  readonly #process = randomUUID();
  #claims = 0;
  readonly #held = new Map<string, Held>();
  readonly #known = new Map<string, number>();

  constructor(
    private readonly runner: RedisRunner,
    private readonly prefix: string,
    private readonly leaseMs: number,
    /** The budget the poll after a claim will take from: the claim takes its place in the same step. */
    private readonly budget: RedisRequestBudget,
  ) {}

  /** The scheduler's lease length is replaced by this store's (renewed, so a short one is safe). */
  async claim(key: string, serverNow: number, _leaseMs: number): Promise<number | undefined> {
    const token = `${this.#process}:${++this.#claims}`;
    const organization = organizationOf(key);
    const limit = organization !== undefined && Number.isFinite(this.budget.limit) ? this.budget.limit : 0;
    const member = this.budget.newMember();
    const budget = limit > 0 ? budgetKeys(this.prefix, organization as string) : [`${this.#keys(key)[0]}:nobudget`, `${this.#keys(key)[0]}:nobudget`];
    let reply: number[];
    try {
      reply = (await this.runner.run(
        CLAIM,
        [...this.#keys(key), ...budget],
        [Math.floor(serverNow), this.leaseMs, token, this.#known.get(key) ?? 0, limit, IN_FLIGHT_HOLD_MS, member],
      )) as number[];
    } catch (error) {
      // A claim that timed out may still run once Redis answers (clients queue commands while reconnecting), and
      // would then hold the queue for a lease nobody renews or releases, and a place in the budget: end both as
      // soon as Redis is back.
      this.runner.runInBackground(RELEASE, this.#keys(key), [0, token]);
      if (limit > 0) this.runner.runInBackground(DONE, [budget[0] as string], [member]);
      throw error;
    }
    const [kind, next, third] = reply.map(Number) as [number, number, number | undefined];
    this.#remember(key, next);
    if (kind === 0) return next;
    if (kind === 1) return serverNow + Math.min(third ?? this.leaseMs, LEASE_RETRY_MS * (1 + Math.random()));
    if (third === 1) this.budget.pocket(organization as string, member);
    const renewal = setInterval(() => {
      this.runner.run(RENEW, [this.#keys(key)[1]], [token, this.leaseMs]).catch(() => undefined);
    }, this.leaseMs / 3);
    renewal.unref?.();
    this.#held.set(key, { token, renewal });
    return undefined;
  }

  /**
   * Records the queue's next permitted time and ends the claim, without waiting for Redis: the write is queued on
   * the client's connection before this returns, so this process's next claim runs after it, and until it lands
   * other processes find the lease still held (they wait; none polls early). When Redis cannot be reached the
   * write is retried in the background and this process keeps the time meanwhile: the poll has happened, and its
   * result must still reach the caller.
   */
  async release(key: string, nextPermitted: number): Promise<void> {
    this.#remember(key, nextPermitted);
    const held = this.#held.get(key);
    if (held) clearInterval(held.renewal);
    this.#held.delete(key);
    const args = [Math.ceil(nextPermitted), held?.token ?? ''];
    this.runner.run(RELEASE, this.#keys(key), args).catch(() => this.runner.runInBackground(RELEASE, this.#keys(key), args));
  }

  async nextPermitted(key: string): Promise<number | undefined> {
    // Right after a claim, the claim has just read it.
    if (this.#held.has(key)) return this.#known.get(key);
    const value = Number(await this.runner.run(READ, [this.#keys(key)[0]], []));
    return value < 0 ? undefined : value;
  }

  #remember(key: string, next: number): void {
    if (next > (this.#known.get(key) ?? 0)) this.#known.set(key, next);
  }

  #keys(key: string): [string, string] {
    // The organisation's hash tag, so that a claim's keys and its budget's sit in one slot of a Redis Cluster.
    const tag = organizationOf(key) ?? key;
    return [`${this.prefix}{${tag}}:poll:${key}:next`, `${this.prefix}{${tag}}:poll:${key}:lease`];
  }
}

/** The organisation of a queue key (`{organisation number}/{queue}#{flow}`, see Sender.queueKey). */
function organizationOf(key: string): string | undefined {
  return /^([0-9]{9})\//.exec(key)?.[1];
}
