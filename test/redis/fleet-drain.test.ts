// A fleet of worker processes draining queues through posten-signering/redis, against a real Redis and the
// simulator (which counts early polls and the organisation's busiest second).
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/testing/index.js';
import { allConfirmed, fillQueue, fleetSimulator, ORG, redisUrl, spawnWorker, stopAll, until, type HandledLog, type Worker } from './helpers/fleet.js';

let simulator: Simulator | undefined;
let workers: Worker[] = [];
afterEach(async () => {
  await stopAll(workers);
  workers = [];
  await simulator?.close();
  simulator = undefined;
});

const libraries = ['redis', 'ioredis', 'redis-v4', 'ioredis'] as const;

describe('a fleet through Redis', () => {
  it('four worker processes (node-redis v5 and v4, ioredis) drain 60 changes: each handled and confirmed, none polled early, at most 10 requests a second', async () => {
    const url = redisUrl();
    simulator = await fleetSimulator();
    const ids = await fillQueue(simulator, 60);
    const handled: HandledLog = [];
    const keyPrefix = `test:${randomUUID()}:`;
    workers = await Promise.all(libraries.map((library, i) => spawnWorker(`w${i}-${library}`, simulator!, { mode: 'drain', library, redisUrl: url, keyPrefix }, handled)));
    const sim = simulator;
    await until(() => allConfirmed(sim, ids), 45_000, () => `${ids.filter((id) => !sim.job(id)?.confirmed).length} of 60 unconfirmed`);
    // The fleet goes on polling the empty queue (1 s apart) for a while: the schedule holds there too.
    const polls = sim.stats.polls;
    await until(() => sim.stats.polls >= polls + 2, 10_000, () => 'no polls of the empty queue');
    await stopAll(workers);

    expect(new Set(handled.map((h) => h.jobId))).toEqual(new Set(ids));
    expect(sim.stats.pollsBeforePermittedTime).toBe(0);
    expect(sim.stats.peakRequestsPerSecond[ORG]).toBeLessThanOrEqual(10);
    // Every process took part (the lease passes between them), each with its own client library.
    expect(new Set(handled.map((h) => h.worker)).size).toBeGreaterThan(1);
  });
});
