import { CoordinationError, type ResponseParseError, TooEagerPollingError } from '../errors/index.js';
import { sleep } from '../util/sleep.js';
import { JobStatus, type ConfirmationReference, type NoChanges, type Sender } from '../model/index.js';
import type { PollScheduler, PollOutcome } from '../core/polling/poll-scheduler.js';
import type { MaskingLogger } from '../core/http/logger.js';

/** A polled status change that can confirm itself. Confirming twice sends one request. */
export type ConfirmableChange<T> = T & {
  /** Acknowledges the change as processed, so the server does not deliver it again. Idempotent. */
  confirm(): Promise<void>;
  /** Whether `confirm()` has succeeded. */
  readonly confirmed: boolean;
};

/** Options of `statusChanges()` (seed use cases "Get portal job status change", "Get direct job status by polling"). */
export interface StatusChangesOptions {
  /** Whose queue to poll; default the configuration's global sender (with its polling queue). */
  sender?: Sender;
  /** Ends the iteration promptly: no request or timer is left behind. */
  signal?: AbortSignal;
}

/** Options of `processStatusChanges()`. */
export interface ProcessStatusChangesOptions<T = unknown> extends StatusChangesOptions {
  /** Stop after this many changes, handled or reported to `onError` (for batch jobs); default: until `signal` aborts. */
  maxChanges?: number;
  /**
   * Called when the handler throws (with the change) or a change cannot be read (a `ResponseParseError`, without a
   * change; its `confirmationReference` and `responseBody()` let you set the change aside and confirm it). The
   * change stays unconfirmed, so the server delivers it again; polling goes on at the permitted time. Throw from
   * here to end `processStatusChanges` with that error. Default: the configured logger, at error level, masked.
   */
  onError?: (error: unknown, change?: ConfirmableChange<T>) => void | Promise<void>;
}

/** A polled change whose body could not be read: passed on instead of the change, with the error. */
export class UnreadableChange {
  constructor(readonly error: ResponseParseError) {}
}

interface PollSource<T extends { status: JobStatus }> {
  scheduler: PollScheduler;
  key: string;
  poll(signal: AbortSignal | undefined): Promise<PollOutcome<T | NoChanges | UnreadableChange>>;
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
 * permitted time, `NoChanges` never yielded. A change that cannot be read ends the iteration with its
 * `ResponseParseError` (the change stays unconfirmed and comes back).
 */
export async function* iterateStatusChanges<T extends { status: JobStatus }>(
  source: PollSource<T>,
  signal: AbortSignal | undefined,
): AsyncGenerator<ConfirmableChange<T>, void, undefined> {
  for await (const change of pollChanges(source, signal)) {
    if (change instanceof UnreadableChange) throw change.error;
    yield change;
  }
}

/** The changes of a queue as they come, an unreadable one passed on as such. */
export async function* pollChanges<T extends { status: JobStatus }>(
  source: PollSource<T>,
  signal: AbortSignal | undefined,
): AsyncGenerator<ConfirmableChange<T> | UnreadableChange, void, undefined> {
  const backoff = new CoordinationBackoff();
  for (;;) {
    if (signal?.aborted) return;
    let change: T | NoChanges | UnreadableChange;
    try {
      change = await source.scheduler.pollWhenPermitted(source.key, () => source.poll(signal), signal);
      backoff.reset();
    } catch (error) {
      if (signal?.aborted) return;
      // A 429 has moved the schedule to the time it named; the next claim waits for it.
      if (error instanceof TooEagerPollingError) continue;
      // The shared schedule is out of reach (Redis down or slow): nothing was sent; wait and ask it again.
      if (error instanceof CoordinationError && (await backoff.wait(signal))) continue;
      if (signal?.aborted) return;
      throw error;
    }
    if (change instanceof UnreadableChange) {
      yield change;
      continue;
    }
    if (isNoChanges(change)) continue;
    const read = change;
    yield confirmable(read, () => source.confirm(source.confirmationOf(read)));
  }
}

function isNoChanges(change: { status: JobStatus }): change is NoChanges {
  return change.status === JobStatus.NoChanges;
}

/**
 * Runs `handler` for each change and confirms only after it resolves: if the process dies or the handler
 * throws before that, the change is not confirmed and the server delivers it again (at least once). A handler
 * that throws, or a change that cannot be read, goes to `onError` and the loop goes on. Resolves to the number of
 * changes handled and confirmed.
 */
export async function processStatusChanges<T extends { status: JobStatus }>(
  changes: AsyncIterable<ConfirmableChange<T> | UnreadableChange>,
  handler: (change: ConfirmableChange<T>) => Promise<void> | void,
  options: {
    maxChanges?: number | undefined;
    onError: (error: unknown, change?: ConfirmableChange<T>) => void | Promise<void>;
    /** Ends a confirmation waiting out a shared budget out of reach (the change then stays unconfirmed). */
    signal?: AbortSignal | undefined;
  },
): Promise<number> {
  const maxChanges = options.maxChanges ?? Infinity;
  let processed = 0;
  let seen = 0;
  if (maxChanges <= 0) return 0;
  for await (const change of changes) {
    if (change instanceof UnreadableChange) {
      await options.onError(change.error);
    } else {
      let handled = false;
      try {
        await handler(change);
        handled = true;
      } catch (error) {
        await options.onError(error, change);
      }
      if (handled) {
        // Aborted while the budget was out of reach: unconfirmed, the change is delivered again.
        if (!(await confirmWhenReachable(change, options.signal))) break;
        processed++;
      }
    }
    if (++seen >= maxChanges) break;
  }
  return processed;
}

/** The default `onError`: one line at error level in the configured logger (masked, as every line it writes). */
export function logUnprocessed(log: MaskingLogger, flow: 'direct' | 'portal'): (error: unknown, change?: object) => void {
  return (error, change) => {
    const job = change === undefined ? 'that could not be read' : `of job ${(change as { signatureJobId?: string }).signatureJobId ?? '?'}`;
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    log.log('error', `${flow} status change ${job} left unconfirmed (the server delivers it again): ${message}`, {
      operation: `process ${flow} status changes`,
      error: error instanceof Error ? error.name : typeof error,
    });
  };
}

/** Confirms, waiting out a shared request budget that is out of reach: the handler has run and is not run again. */
async function confirmWhenReachable(change: { confirm(): Promise<void> }, signal: AbortSignal | undefined): Promise<boolean> {
  const backoff = new CoordinationBackoff();
  for (;;) {
    try {
      await change.confirm();
      return true;
    } catch (error) {
      if (!(error instanceof CoordinationError)) throw error;
      if (!(await backoff.wait(signal))) return false;
    }
  }
}

/** Exponential backoff with jitter (100 ms doubling to 5 s), so a fleet does not hammer a Redis coming back up. */
class CoordinationBackoff {
  #delayMs = 100;

  reset(): void {
    this.#delayMs = 100;
  }

  /** Waits the next delay; false when `signal` aborted meanwhile. */
  async wait(signal: AbortSignal | undefined): Promise<boolean> {
    const delay = this.#delayMs * (0.5 + Math.random() / 2);
    this.#delayMs = Math.min(this.#delayMs * 2, 5_000);
    return sleep(delay, signal).then(
      () => true,
      () => false,
    );
  }
}
