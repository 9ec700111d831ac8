// Two queues drained at once by one fleet, and serverless style: many short-lived processes, one poll each.
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

describe('a fleet through Redis, several queues and short-lived processes', () => {
  it('drains two queues at once, neither waiting for the other, within one shared budget', async () => {
    const url = redisUrl();
    simulator = await fleetSimulator();
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
    workers = await Promise.all(plan.map(([queue, library], i) => spawnWorker(`${queue}-${i}-${library}`, sim, { mode: 'drain', library, redisUrl: url, keyPrefix, queue }, handled)));
    await until(() => allConfirmed(sim, [...first, ...second]), 40_000, () => `${handled.length} of 24 handled`);

    const order = handled.map((h) => (first.includes(h.jobId) ? 'first' : 'second'));
    expect(new Set(handled.filter((_, i) => order[i] === 'first').map((h) => h.jobId))).toEqual(new Set(first));
    expect(new Set(handled.filter((_, i) => order[i] === 'second').map((h) => h.jobId))).toEqual(new Set(second));
    // Interleaved: each queue had changes handled while the other was still being drained.
    expect(order.indexOf('second')).toBeLessThan(order.lastIndexOf('first'));
    expect(order.indexOf('first')).toBeLessThan(order.lastIndexOf('second'));
    expect(sim.stats.pollsBeforePermittedTime).toBe(0);
    expect(sim.stats.peakRequestsPerSecond[ORG]).toBeLessThanOrEqual(10);
  });

  it('serverless: many short-lived processes each call getStatusChange() once; none polls early, even right after an empty queue', async () => {
    const url = redisUrl();
    // After the empty poll the queue is blocked for 10 minutes: every later process must learn that from Redis.
    simulator = await fleetSimulator({ emptyQueueDelaySeconds: 600 });
    const sim = simulator;
    const ids = await fillQueue(sim, 3);
    const keyPrefix = `test:${randomUUID()}:`;
    const libraries = ['redis', 'ioredis', 'redis-v4'] as const;
    const results: string[] = [];
    let spawned = 0;
    const wave = async (size: number): Promise<void> => {
      const batch = await Promise.all(
        Array.from({ length: size }, () => spawnWorker(`once-${spawned}`, sim, { mode: 'once', library: libraries[spawned++ % 3]!, redisUrl: url, keyPrefix })),
      );
      workers.push(...batch);
      await Promise.all(batch.map((w) => w.exited));
      for (const w of batch) results.push(String(w.events.find((e) => 'once' in e)?.once));
    };
    // Waves of three at once until the queue has been found empty (a wave's processes compete for the lease).
    for (let i = 0; i < 6 && !results.includes('none'); i++) await wave(3);
    expect(results).toContain('none');
    expect(allConfirmed(sim, ids)).toBe(true);
    const pollsBefore = sim.stats.polls;
    await wave(3);

    expect(results.slice(-3)).toEqual(['too-early', 'too-early', 'too-early']);
    expect(sim.stats.polls).toBe(pollsBefore);
    expect(results.filter((r) => r === 'change')).toHaveLength(3);
    expect(results.every((r) => ['change', 'none', 'too-early'].includes(r))).toBe(true);
    expect(sim.stats.polls).toBe(results.filter((r) => r === 'change' || r === 'none').length);
    expect(sim.stats.pollsBeforePermittedTime).toBe(0);
  });
});
