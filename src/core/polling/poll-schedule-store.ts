/**
 * Where the poll schedule of each queue lives: the time before which the queue must not be polled, and whether
 * a poll is in flight. Times are the SERVER's clock (epoch milliseconds), so processes whose clocks disagree
 * can share one store: each converts with its own estimate of its skew against the server.
 *
 * The in-memory store serves one process. To coordinate several, implement this interface over a shared store
 * (see the README: a Redis `SET key value NX PX lease` for `claim`, a plain `SET` for `release`).
 */
export interface PollScheduleStore {
  /**
   * Claims the right to poll `key` at server time `serverNow`. Succeeds (returns `undefined`) only when the
   * queue's next permitted time is not after `serverNow` and no unexpired claim is held; the claim then lasts
   * until `serverNow + leaseMs` or `release`. Otherwise returns the server time at which to try again.
   */
  claim(key: string, serverNow: number, leaseMs: number): Promise<number | undefined>;
  /** Ends a claim and records the queue's next permitted poll time (server clock). */
  release(key: string, nextPermitted: number): Promise<void>;
  /** The recorded next permitted time of `key`, if any. */
  nextPermitted(key: string): Promise<number | undefined>;
}

interface Entry {
  nextPermitted: number;
  claimedUntil: number;
}

/** The default store: one process, any number of clients and iterators. */
export class InMemoryPollScheduleStore implements PollScheduleStore {
  readonly #entries = new Map<string, Entry>();

  async claim(key: string, serverNow: number, leaseMs: number): Promise<number | undefined> {
    const entry = this.#entries.get(key) ?? { nextPermitted: 0, claimedUntil: 0 };
    if (entry.nextPermitted > serverNow) return entry.nextPermitted;
    if (entry.claimedUntil > serverNow) return entry.claimedUntil;
    this.#entries.set(key, { nextPermitted: entry.nextPermitted, claimedUntil: serverNow + leaseMs });
    return undefined;
  }

  async release(key: string, nextPermitted: number): Promise<void> {
    this.#entries.set(key, { nextPermitted, claimedUntil: 0 });
  }

  async nextPermitted(key: string): Promise<number | undefined> {
    return this.#entries.get(key)?.nextPermitted;
  }
}
