import { ConfigurationError } from '../errors/index.js';
import type { PollScheduleStore } from '../core/polling/poll-schedule-store.js';
import type { RequestBudget } from '../core/polling/request-budget.js';
import { RedisRunner, type RedisClientLike } from './client.js';
import { RedisPollScheduleStore } from './poll-schedule.js';
import { RedisRequestBudget } from './request-budget.js';

/** Options of {@link redisCoordination}. */
export interface RedisCoordinationOptions {
  /**
   * Prepended to every key. Processes that share a prefix (and a Redis) share schedules and the budget; use one
   * prefix per organisation certificate and environment. Default `posten-signering:`.
   */
  keyPrefix?: string;
  /**
   * Requests started per organisation in any second, by all processes together. Default 10, the API's limit
   * (past it the API blocks the organisation for 30 s). `Infinity` shares no budget (e.g. against the simulator).
   */
  maxRequestsPerSecond?: number;
  /**
   * How long a claim on a queue lasts without renewal (ms). The holder renews it every third of this while its
   * poll runs; if the holder dies, another process may poll that queue this long after. Default 15 000.
   */
  leaseMs?: number;
  /**
   * How long one Redis call may take (ms) before the SDK call fails with `CoordinationError`; nothing is sent to
   * the API then. Default 2 000.
   */
  commandTimeoutMs?: number;
}

/** What {@link redisCoordination} returns: spread it into `new ClientConfiguration({ ... })`. */
export interface RedisCoordination {
  /** Give it as `ClientConfiguration`'s `pollScheduleStore`: poll schedules shared by the fleet. */
  readonly pollScheduleStore: PollScheduleStore;
  /** Give it as `ClientConfiguration`'s `requestBudget`: one request budget per organisation for the fleet. */
  readonly requestBudget: RequestBudget;
}

/**
 * `ClientConfiguration` options that coordinate every process using the same Redis and key prefix: each queue's
 * next permitted poll time (the API server's clock), a self-expiring lease so that one poll per queue is in
 * flight at a time, and the organisation's request budget, taken atomically in a Lua script. Keys expire by
 * themselves.
 *
 * `client` is a connected node-redis client (`createClient()` of the `redis` package, v4 or v5) or an ioredis
 * client; this package imports neither. Keep an `error` listener on it: node-redis reconnects by itself, and
 * while Redis is down or slow calls fail with `CoordinationError` after `commandTimeoutMs`, without sending a poll,
 * and `statusChanges()` / `processStatusChanges` wait and try again with backoff.
 *
 * @throws ConfigurationError for a client of neither kind or an option out of range.
 */
export function redisCoordination(client: RedisClientLike, options: RedisCoordinationOptions = {}): RedisCoordination {
  const keyPrefix = options.keyPrefix ?? 'posten-signering:';
  if (typeof keyPrefix !== 'string') throw new ConfigurationError('redisCoordination: keyPrefix must be a string');
  const rate = options.maxRequestsPerSecond ?? 10;
  if (!(typeof rate === 'number' && rate >= 1 && (Number.isInteger(rate) || rate === Infinity))) {
    throw new ConfigurationError(`redisCoordination: maxRequestsPerSecond must be a whole number of at least 1, or Infinity; got ${String(rate)}`);
  }
  const leaseMs = positiveWhole('leaseMs', options.leaseMs ?? 15_000, 100);
  const timeoutMs = positiveWhole('commandTimeoutMs', options.commandTimeoutMs ?? 2_000, 1);
  const runner = new RedisRunner(client, timeoutMs);
  const requestBudget = new RedisRequestBudget(runner, keyPrefix, rate);
  return { pollScheduleStore: new RedisPollScheduleStore(runner, keyPrefix, leaseMs, requestBudget), requestBudget };
}

function positiveWhole(name: string, value: number, min: number): number {
  if (!(typeof value === 'number' && Number.isInteger(value) && value >= min)) {
    throw new ConfigurationError(`redisCoordination: ${name} must be a whole number of at least ${min}; got ${String(value)}`);
  }
  return value;
}
