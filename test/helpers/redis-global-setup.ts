/*
 * The Redis the fleet tests run against: REDIS_URL when given (.ci/run starts one), else a redis-server of our own
 * on a free port without persistence, stopped after the run. When neither works the Redis tests FAIL with the
 * reason (they never skip); the other tests run as usual.
 */
import type { TestProject } from 'vitest/node';
import { ping, startRedisServer, type RedisServer } from './redis-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** redis://host:port of a running Redis, or '' when none could be had (see redisUnavailable). */
    redisUrl: string;
    redisUnavailable: string;
  }
}

let server: RedisServer | undefined;

export async function setup(project: TestProject): Promise<void> {
  const given = process.env.REDIS_URL;
  if (given) {
    const { port, hostname } = new URL(given);
    const reachable = hostname === '127.0.0.1' || hostname === 'localhost' ? await ping(Number(port || 6379)) : true;
    project.provide('redisUrl', reachable ? given : '');
    project.provide('redisUnavailable', reachable ? '' : `REDIS_URL=${given} does not answer PING`);
    return;
  }
  try {
    server = await startRedisServer();
    project.provide('redisUrl', server.url);
    project.provide('redisUnavailable', '');
  } catch (e) {
    project.provide('redisUrl', '');
    project.provide(
      'redisUnavailable',
      `No Redis for the fleet tests: REDIS_URL is not set and redis-server could not be started (${(e as Error).message}). ` +
        'Install it (Debian: apt-get install redis-server) or set REDIS_URL=redis://host:port.',
    );
  }
}

export async function teardown(): Promise<void> {
  await server?.stop();
}
