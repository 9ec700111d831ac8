import { TooEagerPollingError } from '../errors/index.js';
import { JobStatus, type ConfirmationReference, type NoChanges, type Sender } from '../model/index.js';
import type { PollScheduler, PollOutcome } from '../core/polling/poll-scheduler.js';

/** A polled status change that can confirm itself. Confirming twice sends one request. */
export type ConfirmableChange<T> = T & {
  /** Acknowledges the change as processed, so the server does not deliver it again. Idempotent. */
  confirm(): Promise<void>;
  readonly confirmed: boolean;
};

export interface StatusChangesOptions {
  /** Whose queue to poll; default the configuration's global sender (with its polling queue). */
  sender?: Sender;
  /** Ends the iteration promptly: no request or timer is left behind. */
  signal?: AbortSignal;
}

export interface ProcessStatusChangesOptions extends StatusChangesOptions {
  /** Stop after this many changes (for batch jobs); default: until `signal` aborts. */
  maxChanges?: number;
}

interface PollSource<T extends { status: JobStatus }> {
  scheduler: PollScheduler;
  key: string;
  poll(signal: AbortSignal | undefined): Promise<PollOutcome<T | NoChanges>>;
  confirmationOf(change: T): ConfirmationReference | undefined;
  confirm(reference: ConfirmationReference | undefined): Promise<void>;
}

/** Adds `confirm()` without copying the change: the result keeps its class and getters through the prototype. */
export function confirmable<T extends object>(change: T, confirm: () => Promise<void>): ConfirmableChange<T> {
  let done: Promise<void> | undefined;
  let confirmed = false;
  return Object.create(change, {
    confirm: {
      value: () => {
        // A failed confirm may be retried; a successful one is never sent again.
        done ??= confirm().then(
          () => {
            confirmed = true;
          },
          (error: unknown) => {
            done = undefined;
            throw error;
          },
        );
        return done;
      },
    },
    confirmed: { get: () => confirmed },
  }) as ConfirmableChange<T>;
}

/**
 * Yields each change of a queue, waiting between polls exactly as long as the server asks: never before the
 * permitted time, `NoChanges` never yielded.
 */
export async function* iterateStatusChanges<T extends { status: JobStatus }>(
  source: PollSource<T>,
  signal: AbortSignal | undefined,
): AsyncGenerator<ConfirmableChange<T>, void, undefined> {
  for (;;) {
    if (signal?.aborted) return;
    let change: T | NoChanges;
    try {
      change = await source.scheduler.pollWhenPermitted(source.key, () => source.poll(signal), signal);
    } catch (error) {
      if (signal?.aborted) return;
      // A 429 has moved the schedule to the time it named; the next claim waits for it.
      if (error instanceof TooEagerPollingError) continue;
      throw error;
    }
    if (isNoChanges(change)) continue;
    const found = change;
    yield confirmable(found, () => source.confirm(source.confirmationOf(found)));
  }
}

function isNoChanges(change: { status: JobStatus }): change is NoChanges {
  return change.status === JobStatus.NoChanges;
}

/**
 * Runs `handler` for each change and confirms only after it resolves: if the process dies or the handler
 * throws before that, the change is not confirmed and the server delivers it again (at least once).
 */
export async function processStatusChanges<T extends { status: JobStatus }>(
  changes: AsyncIterable<ConfirmableChange<T>>,
  handler: (change: ConfirmableChange<T>) => Promise<void> | void,
  maxChanges = Infinity,
): Promise<number> {
  let processed = 0;
  if (maxChanges <= 0) return 0;
  for await (const change of changes) {
    await handler(change);
    await change.confirm();
    if (++processed >= maxChanges) break;
  }
  return processed;
}
