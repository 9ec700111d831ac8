// A fleet meets failures: a worker killed with SIGKILL while it holds a queue's lease, and Redis killed and
// restarted (empty: no persistence) in the middle of a drain.
import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import { afterEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/testing/index.js';
import { allConfirmed, fillQueue, fleetSimulator, ORG, redisUrl, spawnWorker, stopAll, until, type HandledLog, type Worker } from './helpers/fleet.js';
import { startRedisServer, type RedisServer } from './helpers/redis-server.js';

let simulator: Simulator | undefined;
let workers: Worker[] = [];
let server: RedisServer | undefined;
afterEach(async () => {
  await stopAll(workers);
  workers = [];
  await simulator?.close();
  simulator = undefined;
  await server?.stop();
  server = undefined;
});

describe('a fleet through Redis, when things fail', () => {
  it('a worker killed with SIGKILL while holding the lease: another takes over once the lease runs out, nothing lost, none early', async () => {
    const url = redisUrl();
    simulator = await fleetSimulator({ redeliverAfterSeconds: 2 });
    const sim = simulator;
    const ids = await fillQueue(sim, 10);
    const handled: HandledLog = [];
    const keyPrefix = `test:${randomUUID()}:`;
    // Slow responses, so that the first poll is still in flight (its lease held) when its worker dies.
    sim.faults.latency(1_500);
    const before = sim.stats.requests;
    workers = await Promise.all(
      (['ioredis', 'redis'] as const).map((library, i) => spawnWorker(`w${i}-${library}`, sim, { mode: 'drain', library, redisUrl: url, keyPrefix, leaseMs: 2_000 }, handled)),
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
    await until(() => sim.stats.requests > before, 1_000, () => 'the killed worker sent no request').catch(() => undefined);
    sim.faults.latency(0);

    // The killed worker's change comes back after redeliverAfterSeconds; the survivor handles all.
    await until(() => allConfirmed(sim, ids), 30_000, () => `${ids.filter((id) => !sim.job(id)?.confirmed).length} of 10 unconfirmed`);
    expect(await holder.exited).toBe('SIGKILL');
    expect(handled.filter((h) => h.worker === survivor.name).map((h) => h.jobId)).toEqual(expect.arrayContaining(ids));
    expect(sim.stats.pollsBeforePermittedTime).toBe(0);
    expect(sim.stats.peakRequestsPerSecond[ORG]).toBeLessThanOrEqual(10);
  });

  it('Redis killed and restarted empty in the middle of a drain: the workers wait, carry on, and still poll nothing early', async () => {
    redisUrl();
    server = await startRedisServer();
    simulator = await fleetSimulator();
    const sim = simulator;
    const ids = await fillQueue(sim, 24);
    const handled: HandledLog = [];
    const keyPrefix = `test:${randomUUID()}:`;
    workers = await Promise.all(
      (['redis', 'ioredis'] as const).map((library, i) => spawnWorker(`w${i}-${library}`, sim, { mode: 'drain', library, redisUrl: server!.url, keyPrefix }, handled)),
    );
    await until(() => handled.length >= 8, 30_000, () => `${handled.length} handled before the restart`);
    await server.kill();
    // A poll already on the wire when Redis died may still land; after that, none.
    await new Promise((r) => setTimeout(r, 300));
    const duringOutage = sim.stats.polls;
    await new Promise((r) => setTimeout(r, 1_500));
    // No poll without the shared schedule.
    expect(sim.stats.polls).toBe(duringOutage);
    await server.restart();

    await until(() => allConfirmed(sim, ids), 40_000, () => `${ids.filter((id) => !sim.job(id)?.confirmed).length} of 24 unconfirmed`);
    expect(new Set(handled.map((h) => h.jobId))).toEqual(new Set(ids));
    expect(sim.stats.pollsBeforePermittedTime).toBe(0);
    expect(sim.stats.peakRequestsPerSecond[ORG]).toBeLessThanOrEqual(10);
    for (const w of workers) expect(w.process.exitCode).toBeNull();
  });
});
