// redisCoordination against a real Redis, with each client library: the schedule, the lease, the budget, keys,
// and what happens when Redis is down or slow.
import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ClientConfiguration, ConfigurationError, CoordinationError, Environment, PortalClient, Sender } from '../../../src/index.js';
import { redisCoordination } from '../../../src/redis/index.js';
import { connectClient, LIBRARIES } from '../../helpers/redis-clients.js';
import { allConfirmed, fillQueue, fleetSimulator, ORG, redisUrl, removeWorkerBundle, spawnWorker, stopAll } from '../../helpers/redis-fleet.js';
import { startRedisServer, type RedisServer } from '../../helpers/redis-server.js';
import type { Simulator } from '../../../src/testing/index.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
afterAll(removeWorkerBundle);

async function connected(library: (typeof LIBRARIES)[number], url: string) {
  const c = await connectClient(library, url);
  cleanups.push(c.quit);
  return c.client;
}

describe('redisCoordination options', () => {
  it('refuses, when called, a client of neither library and options out of range', () => {
    expect(() => redisCoordination({} as never)).toThrow(ConfigurationError);
    expect(() => redisCoordination({ call: async () => 0 }, { leaseMs: 0 })).toThrow(/leaseMs/);
    expect(() => redisCoordination({ call: async () => 0 }, { commandTimeoutMs: 1.5 })).toThrow(/commandTimeoutMs/);
    expect(() => redisCoordination({ call: async () => 0 }, { maxRequestsPerSecond: 0 })).toThrow(/maxRequestsPerSecond/);
  });

  it('is checked when the configuration is built: a budget and maxRequestsPerSecond both, or a budget without acquire', async () => {
    // Nothing is loaded or sent when a configuration is built: any environment and certificate will do.
    const base = { environment: Environment.test, certificate: { key: 'unused', cert: 'unused' } };
    const coordination = redisCoordination({ call: async () => 0 });
    expect(() => new ClientConfiguration({ ...base, ...coordination, maxRequestsPerSecond: 5 })).toThrow(/maxRequestsPerSecond/);
    expect(() => new ClientConfiguration({ ...base, requestBudget: {} as never })).toThrow(/requestBudget/);
    expect(() => new ClientConfiguration({ ...base, pollScheduleStore: { claim: async () => undefined } as never })).toThrow(/pollScheduleStore/);
    expect(new ClientConfiguration({ ...base, ...coordination }).options.requestBudget).toBe(coordination.requestBudget);
  });
});

describe.each(LIBRARIES)('with %s', (library) => {
  it('shares the schedule and a self-expiring lease between processes; keys are prefixed and expire', async () => {
    const url = redisUrl();
    const keyPrefix = `unit:${randomUUID()}:`;
    // Two "processes": two clients, two coordinations on one prefix.
    const a = redisCoordination(await connected(library, url), { keyPrefix, leaseMs: 300 }).pollScheduleStore;
    const b = redisCoordination(await connected(library, url), { keyPrefix, leaseMs: 300 }).pollScheduleStore;
    const now = Date.now();
    expect(await a.claim('q', now, 120_000)).toBeUndefined();
    const retry = await b.claim('q', now, 120_000);
    expect(retry).toBeGreaterThan(now);
    expect(retry).toBeLessThanOrEqual(now + 300);
    await a.release('q', now + 60_000);
    // release() does not wait for Redis; a read on the same connection comes after it.
    expect(await a.nextPermitted('q')).toBe(now + 60_000);
    expect(await b.nextPermitted('q')).toBe(now + 60_000);
    expect(await b.claim('q', now + 1_000, 120_000)).toBe(now + 60_000);
    // An earlier time does not move the schedule back (a holder whose lease had run out, say).
    await b.release('q', now);
    expect(await b.nextPermitted('q')).toBe(now + 60_000);

    // A holder whose poll outlasts the lease keeps it: the lease is renewed while its holder lives (that it runs
    // out when the holder dies is the SIGKILL test of fleet-failures.test.ts).
    expect(await a.claim('r', now, 120_000)).toBeUndefined();
    await new Promise((r) => setTimeout(r, 500));
    expect(await b.claim('r', Date.now(), 120_000)).toBeDefined();
    await a.release('r', Date.now());
    await a.nextPermitted('r');
    expect(await b.claim('r', Date.now(), 120_000)).toBeUndefined();

    const raw = await connectClient('ioredis', url);
    cleanups.push(raw.quit);
    const redis = raw.client as import('ioredis').Redis;
    const keys = await redis.keys(`${keyPrefix}*`);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(await redis.pttl(key), key).toBeGreaterThan(0);
  });

  it('takes the budget atomically: of many concurrent requests from several processes, `limit` start, the rest wait', async () => {
    const url = redisUrl();
    const keyPrefix = `unit:${randomUUID()}:`;
    const budgets = await Promise.all(
      [0, 1, 2].map(async () => redisCoordination(await connected(library, url), { keyPrefix, maxRequestsPerSecond: 5 }).requestBudget),
    );
    const controller = new AbortController();
    // Fifteen waiters on one signal.
    setMaxListeners(20, controller.signal);
    let started = 0;
    const attempts = Array.from({ length: 15 }, (_, i) =>
      budgets[i % 3]!.acquire(ORG, controller.signal).then(() => {
        started++;
      }),
    );
    await until(() => started === 5, 5_000);
    // Nobody has had a response (no done()), so no slot frees: the other ten keep waiting.
    await new Promise((r) => setTimeout(r, 400));
    expect(started).toBe(5);
    controller.abort();
    const outcomes = await Promise.allSettled(attempts);
    expect(outcomes.filter((o) => o.status === 'rejected')).toHaveLength(10);
  });
});

async function until(done: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('Redis down or slow; short-lived processes', () => {
  let server: RedisServer;
  let simulator: Simulator;

  async function client(library: (typeof LIBRARIES)[number]): Promise<PortalClient> {
    const c = new PortalClient(
      new ClientConfiguration({
        environment: simulator.environment,
        certificate: simulator.senderCertificate,
        globalSender: new Sender(ORG),
        ...redisCoordination(await connected(library, server.url), { keyPrefix: `down:${randomUUID()}:`, commandTimeoutMs: 300 }),
      }),
    );
    cleanups.push(() => c.close());
    return c;
  }

  // One simulator for these tests (its PKI takes a while to make); each test counts from where the last left off.
  let base = { requests: 0, polls: 0 };
  beforeAll(async () => {
    // Long blocks after an empty poll, as in production: the serverless test relies on it.
    simulator = await fleetSimulator({ emptyQueueDelaySeconds: 600 });
  });
  afterAll(() => simulator?.close());
  const requests = (): number => simulator.stats.requests - base.requests;
  const polls = (): number => simulator.stats.polls - base.polls;

  async function setUp(): Promise<void> {
    redisUrl();
    server = await startRedisServer();
    cleanups.push(() => server.stop());
    base = { requests: simulator.stats.requests, polls: simulator.stats.polls };
  }

  it.each(LIBRARIES)('%s: a call fails with CoordinationError after the command timeout and sends no poll', async (library) => {
    await setUp();
    const c = await client(library);
    await server.kill();
    const error = await c.getStatusChange().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CoordinationError);
    expect(requests()).toBe(0);
  });

  it.each(['redis', 'ioredis'] as const)(
    '%s: a Redis that does not answer (CLIENT PAUSE) fails the call with CoordinationError, nothing sent',
    async (library) => {
      await setUp();
      const c = await client(library);
      const admin = await connectClient('ioredis', server.url);
      cleanups.push(admin.quit);
      await (admin.client as import('ioredis').Redis).call('CLIENT', 'PAUSE', '2000', 'ALL');
      const error = await c.getStatusChange().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CoordinationError);
      expect((error as Error).message).toMatch(/did not answer within 300 ms/);
      expect(requests()).toBe(0);
    },
  );

  it.each(['redis', 'ioredis'] as const)(
    '%s: processStatusChanges and statusChanges() wait while Redis is down and carry on once it is back',
    async (library) => {
      await setUp();
      const ids = await fillQueue(simulator, 3);
      base = { requests: simulator.stats.requests, polls: simulator.stats.polls };
      const c = await client(library);
      await server.kill();
      const handled: string[] = [];
      const processing = c.processStatusChanges((change) => void handled.push(change.signatureJobId), { maxChanges: 2 });
      await new Promise((r) => setTimeout(r, 800));
      expect(polls()).toBe(0);
      await server.restart();
      expect(await processing).toBe(2);

      await server.kill();
      const iteration = c.statusChanges().next();
      await new Promise((r) => setTimeout(r, 800));
      expect(polls()).toBe(2);
      await server.restart();
      const last = await iteration;
      expect(last.done).toBe(false);
      if (!last.done) {
        handled.push(last.value.signatureJobId);
        await last.value.confirm();
      }
      expect(handled.sort()).toEqual([...ids].sort());
      expect(ids.every((id) => simulator.job(id)?.confirmed)).toBe(true);
      expect(simulator.stats.pollsBeforePermittedTime).toBe(0);
    },
  );

  it('serverless: many short-lived processes each call getStatusChange() once; none polls early, even right after an empty queue', async () => {
    const url = redisUrl();
    // After the empty poll the queue is blocked for 10 minutes (this simulator's setting): every later process
    // must learn that from Redis.
    const sim = simulator;
    const queue = 'serverless';
    const ids = await fillQueue(sim, 3, queue);
    const start = sim.stats.polls;
    const early = sim.stats.pollsBeforePermittedTime;
    const keyPrefix = `test:${randomUUID()}:`;
    const libraries = ['redis', 'ioredis', 'redis-v4'] as const;
    const results: string[] = [];
    let spawned = 0;
    const wave = async (size: number): Promise<void> => {
      const batch = await Promise.all(
        Array.from({ length: size }, () =>
          spawnWorker(`once-${spawned}`, sim, { mode: 'once', library: libraries[spawned++ % 3]!, redisUrl: url, keyPrefix, queue }),
        ),
      );
      cleanups.push(() => stopAll(batch));
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
    expect(sim.stats.polls - start).toBe(results.filter((r) => r === 'change' || r === 'none').length);
    expect(sim.stats.pollsBeforePermittedTime).toBe(early);
  });
});
