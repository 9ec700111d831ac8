/*
 * Figure: draining a queue with the poll schedule and the request budget in Redis (`posten-signering/redis`, the
 * setup of a fleet of processes), against the same drain with both in memory (the default, one process). Both
 * sides run the budget (with a limit too high to wait: what is measured is its cost, not a throttle) and drain
 * the same N changes of the same N jobs, alternating. Redis: REDIS_URL, else a redis-server of our own on a free
 * port without persistence.
 */
import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import { PortalClient } from '../src/index.js';
import { redisCoordination } from '../src/redis/index.js';
import { startRedisServer, type RedisServer } from '../test/helpers/redis-server.js';
import { createJobs } from './drain.js';
import type { BenchServer } from './fixtures.js';
import { configurationFor, PORTAL_SIGNER } from './fixtures.js';
import { median, report, settle } from './stats.js';

/** High enough never to wait, low enough that the budget is taken and counted for every request. */
const NO_WAIT_LIMIT = 1_000_000;

export async function drainRedis(simulator: BenchServer, count: number, runs: number): Promise<void> {
  let server: RedisServer | undefined;
  const url = process.env.REDIS_URL ?? (server = await startRedisServer()).url;
  const redis = createClient({ url });
  redis.on('error', () => undefined);
  await redis.connect();
  try {
    const ids = await createJobs(simulator, count);
    let round = 0;
    // Every job's signer alternates between two statuses, so each call publishes one change per job.
    const enqueue = async (): Promise<void> => simulator.setSignerStatus(ids, PORTAL_SIGNER, round++ % 2 === 0 ? 'NOT_APPLICABLE' : 'WAITING');
    const inMemory = new PortalClient(configurationFor(simulator, { maxRequestsPerSecond: NO_WAIT_LIMIT }));
    const shared = new PortalClient(
      configurationFor(simulator, {
        maxRequestsPerSecond: undefined,
        ...redisCoordination(redis, { keyPrefix: `bench:${randomUUID()}:`, maxRequestsPerSecond: NO_WAIT_LIMIT }),
      }),
    );
    const drainWith = async (client: PortalClient): Promise<number> => {
      await enqueue();
      await settle();
      const start = performance.now();
      let n = 0;
      // Stops at `count`: no empty poll (and its block) is made; the queue is then exactly empty.
      for await (const change of client.statusChanges()) {
        await change.confirm();
        if (++n === count) break;
      }
      return performance.now() - start;
    };
    // Warm-up: one drain each way (JIT, connections, Redis scripts loaded, the budget's first window).
    await drainWith(inMemory);
    await drainWith(shared);
    const memoryMs: number[] = [];
    const redisMs: number[] = [];
    for (let i = 0; i < runs; i++) {
      redisMs.push(await drainWith(shared));
      memoryMs.push(await drainWith(inMemory));
    }
    report(
      `drain ${count} status changes, schedule + budget in Redis vs in memory`,
      (count / median(redisMs)) * 1000,
      (count / median(memoryMs)) * 1000,
      'changes/s',
    );
    await inMemory.close();
    await shared.close();
  } finally {
    await redis.quit().catch(() => undefined);
    await server?.stop();
  }
}
