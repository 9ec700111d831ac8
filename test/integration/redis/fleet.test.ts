// A fleet of worker processes coordinated through posten-signering/redis, against a real Redis and one simulator
// (its PKI takes seconds to make, so the scenarios share it, each on a queue of its own). The simulator counts
// early polls and the organisation's busiest second over all of them.
import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../../src/testing/index.js';
import {
  allConfirmed,
  fillQueue,
  fleetSimulator,
  ORG,
  redisUrl,
  removeWorkerBundle,
  spawnWorker,
  stopAll,
  until,
  type HandledLog,
  type Worker,
} from '../../helpers/redis-fleet.js';
import { startRedisServer, type RedisServer } from '../../helpers/redis-server.js';

let simulator: Simulator;
let workers: Worker[] = [];
let server: RedisServer | undefined;
beforeAll(async () => {
  simulator = await fleetSimulator({ redeliverAfterSeconds: 3 });
});
afterAll(async () => {
  await simulator?.close();
  await removeWorkerBundle();
});
afterEach(async () => {
  await stopAll(workers);
  workers = [];
  await server?.stop();
  server = undefined;
  // Whatever a scenario did, the whole run so far: nothing early, never more than 10 requests in a second.
  expect(simulator.stats.pollsBeforePermittedTime).toBe(0);
  expect(simulator.stats.peakRequestsPerSecond[ORG] ?? 0).toBeLessThanOrEqual(10);
});

/** Fleet scenarios wait for a budget of 10 requests a second: slow by design, and slower on a loaded machine. */
const SLOW = 120_000;

describe('a fleet through Redis', () => {
  it(
    'four worker processes (node-redis v5 and v4, ioredis) drain 60 changes: each handled and confirmed, none polled early, at most 10 requests a second',
    async () => {
      const url = redisUrl();
      const sim = simulator;
      const queue = 'sixty';
      const ids = await fillQueue(sim, 60, queue);
      const handled: HandledLog = [];
      const keyPrefix = `test:${randomUUID()}:`;
      const libraries = ['redis', 'ioredis', 'redis-v4', 'ioredis'] as const;
      workers = await Promise.all(
        libraries.map((library, i) => spawnWorker(`w${i}-${library}`, sim, { mode: 'drain', library, redisUrl: url, keyPrefix, queue }, handled)),
      );
      await until(
        () => allConfirmed(sim, ids),
        45_000,
        () => `${ids.filter((id) => !sim.job(id)?.confirmed).length} of 60 unconfirmed`,
      );
      // The fleet goes on polling the empty queue (1 s apart): the schedule holds there too.
      const polls = sim.stats.polls;
      await until(
        () => sim.stats.polls >= polls + 2,
        20_000,
        () => 'no polls of the empty queue',
      );
      await stopAll(workers);

      expect(new Set(handled.map((h) => h.jobId))).toEqual(new Set(ids));
      expect(sim.stats.pollsBeforePermittedTime).toBe(0);
      expect(sim.stats.peakRequestsPerSecond[ORG]).toBeLessThanOrEqual(10);
      // Every process took part (the lease passes between them), each with its own client library.
      expect(new Set(handled.map((h) => h.worker)).size).toBeGreaterThan(1);
    },
    SLOW,
  );

  it(
    'drains two queues at once, neither waiting for the other, within one shared budget',
    async () => {
      const url = redisUrl();
      const sim = simulator;
      const first = await fillQueue(sim, 12, 'first');
      const second = await fillQueue(sim, 12, 'second');
      const handled: HandledLog = [];
      const keyPrefix = `test:${randomUUID()}:`;
      const plan = [
        ['first', 'redis'],
        ['first', 'ioredis'],
        ['second', 'redis-v4'],
        ['second', 'ioredis'],
      ] as const;
      workers = await Promise.all(
        plan.map(([queue, library], i) => spawnWorker(`${queue}-${i}-${library}`, sim, { mode: 'drain', library, redisUrl: url, keyPrefix, queue }, handled)),
      );
      await until(
        () => allConfirmed(sim, [...first, ...second]),
        40_000,
        () => `${handled.length} of 24 handled`,
      );

      const order = handled.map((h) => (first.includes(h.jobId) ? 'first' : 'second'));
      expect(new Set(handled.filter((_, i) => order[i] === 'first').map((h) => h.jobId))).toEqual(new Set(first));
      expect(new Set(handled.filter((_, i) => order[i] === 'second').map((h) => h.jobId))).toEqual(new Set(second));
      // Interleaved: each queue had changes handled while the other was still being drained.
      expect(order.indexOf('second')).toBeLessThan(order.lastIndexOf('first'));
      expect(order.indexOf('first')).toBeLessThan(order.lastIndexOf('second'));
      expect(sim.stats.pollsBeforePermittedTime).toBe(0);
      expect(sim.stats.peakRequestsPerSecond[ORG]).toBeLessThanOrEqual(10);
    },
    SLOW,
  );

  it(
    'a worker killed with SIGKILL while holding the lease: another takes over once the lease runs out, nothing lost, none early',
    async () => {
      const url = redisUrl();
      const sim = simulator;
      const queue = 'kill';
      const ids = await fillQueue(sim, 10, queue);
      const handled: HandledLog = [];
      const keyPrefix = `test:${randomUUID()}:`;
      // Slow responses, so that the first poll is still in flight (its lease held) when its worker dies.
      sim.faults.latency(1_500);
      const before = sim.stats.requests;
      workers = await Promise.all(
        (['ioredis', 'redis'] as const).map((library, i) =>
          spawnWorker(`w${i}-${library}`, sim, { mode: 'drain', library, redisUrl: url, keyPrefix, queue, leaseMs: 2_000 }, handled),
        ),
      );
      const holder = await Promise.race(workers.map((w) => w.waitFor((e) => e.polling === true).then(() => w)));
      holder.process.kill('SIGKILL');
      const survivor = workers.find((w) => w !== holder)!;

      const redis = createClient({ url });
      await redis.connect();
      try {
        const leases = await redis.keys(`${keyPrefix}*:poll:*:lease`);
        expect(leases).toHaveLength(1);
        // Held by the dead worker, and running out by itself.
        expect(await redis.pTTL(leases[0]!)).toBeGreaterThan(0);
      } finally {
        await redis.quit();
      }
      await until(
        () => sim.stats.requests > before,
        1_000,
        () => 'the killed worker sent no request',
      ).catch(() => undefined);
      sim.faults.latency(0);

      // The killed worker's change comes back after redeliverAfterSeconds; the survivor handles all.
      await until(
        () => allConfirmed(sim, ids),
        30_000,
        () => `${ids.filter((id) => !sim.job(id)?.confirmed).length} of 10 unconfirmed`,
      );
      expect(await holder.exited).toBe('SIGKILL');
      expect(handled.filter((h) => h.worker === survivor.name).map((h) => h.jobId)).toEqual(expect.arrayContaining(ids));
      expect(sim.stats.pollsBeforePermittedTime).toBe(0);
      expect(sim.stats.peakRequestsPerSecond[ORG]).toBeLessThanOrEqual(10);
    },
    SLOW,
  );

  it(
    'Redis killed and restarted empty in the middle of a drain: the workers wait, carry on, and still poll nothing early',
    async () => {
      redisUrl();
      server = await startRedisServer();
      const sim = simulator;
      const queue = 'restart';
      const ids = await fillQueue(sim, 24, queue);
      const handled: HandledLog = [];
      const keyPrefix = `test:${randomUUID()}:`;
      workers = await Promise.all(
        (['redis', 'ioredis'] as const).map((library, i) =>
          spawnWorker(`w${i}-${library}`, sim, { mode: 'drain', library, redisUrl: server!.url, keyPrefix, queue }, handled),
        ),
      );
      await until(
        () => handled.length >= 8,
        30_000,
        () => `${handled.length} handled before the restart`,
      );
      await server.kill();
      // A poll already on the wire when Redis died may still land; after that, none.
      await new Promise((r) => setTimeout(r, 300));
      const duringOutage = sim.stats.polls;
      await new Promise((r) => setTimeout(r, 1_500));
      // No poll without the shared schedule.
      expect(sim.stats.polls).toBe(duringOutage);
      await server.restart();

      await until(
        () => allConfirmed(sim, ids),
        40_000,
        () => `${ids.filter((id) => !sim.job(id)?.confirmed).length} of 24 unconfirmed`,
      );
      expect(new Set(handled.map((h) => h.jobId))).toEqual(new Set(ids));
      expect(sim.stats.pollsBeforePermittedTime).toBe(0);
      expect(sim.stats.peakRequestsPerSecond[ORG]).toBeLessThanOrEqual(10);
      for (const w of workers) expect(w.process.exitCode).toBeNull();
    },
    SLOW,
  );
});
