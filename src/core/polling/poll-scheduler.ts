import { AbortError, TooEagerPollingError } from '../../errors/index.js';
import { sleep } from '../../util/sleep.js';
import type { PollScheduleStore } from './poll-schedule-store.js';
import type { ServerClock } from './server-clock.js';

/** What one poll learnt: its result and the queue's next permitted time on the server's clock. */
export interface PollOutcome<T> {
  result: T;
  nextPermittedServerTime: number;
}

/**
 * Guards every poll of a queue: no poll leaves before the queue's permitted time, whoever asks (plain calls,
 * iterators, other clients sharing the store), and only one poll of a queue is in flight at a time, since two
 * concurrent polls would make the second arrive after the first set a later permitted time.
 */
export class PollScheduler {
  constructor(
    private readonly store: PollScheduleStore,
    readonly serverClock: ServerClock,
    /** A claim outlives a request that never returns, so that a crashed poller cannot block the queue forever. */
    private readonly leaseMs = 120_000,
  ) {}

  /** Polls now if permitted; otherwise throws `TooEagerPollingError` without sending anything. */
  async pollNow<T>(key: string, send: () => Promise<PollOutcome<T>>): Promise<T> {
    const retryAt = await this.store.claim(key, this.serverClock.serverNow(), this.leaseMs);
    if (retryAt !== undefined) throw new TooEagerPollingError(new Date(this.serverClock.toLocal(retryAt)), false);
    return this.#run(key, send);
  }

  /** Waits (abortably) until the queue may be polled, then polls. */
  async pollWhenPermitted<T>(key: string, send: () => Promise<PollOutcome<T>>, signal?: AbortSignal): Promise<T> {
    for (;;) {
      if (signal?.aborted) throw new AbortError('Polling was aborted', { cause: signal.reason });
      const retryAt = await this.store.claim(key, this.serverClock.serverNow(), this.leaseMs);
      if (retryAt === undefined) return this.#run(key, send);
      await sleep(this.serverClock.toLocal(retryAt) - this.serverClock.localNow(), signal).catch((cause: unknown) => {
        throw new AbortError('Polling was aborted', { cause });
      });
    }
  }

  async #run<T>(key: string, send: () => Promise<PollOutcome<T>>): Promise<T> {
    const previous = (await this.store.nextPermitted(key)) ?? 0;
    try {
      const outcome = await send();
      await this.store.release(key, outcome.nextPermittedServerTime);
      return outcome.result;
    } catch (error) {
      if (error instanceof TooEagerPollingError) {
        // The server's word wins: move the schedule to the time its 429 named (its clock; our error is local).
        const serverTime = error.nextPermittedPollTime.getTime() + (error.blockedByRateLimiter ? this.serverClock.skewLowerBound : 0);
        await this.store.release(key, Math.max(previous, serverTime));
        throw new TooEagerPollingError(new Date(this.serverClock.toLocal(serverTime)), error.blockedByRateLimiter);
      } else {
        await this.store.release(key, previous);
      }
      throw error;
    }
  }
}
