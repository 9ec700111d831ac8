/*
 * One process of a fleet, spawned by the fleet tests (bundled by esbuild, see fleet.ts). Argument: a WorkerConfig
 * as JSON. Prints one JSON line per event on stdout: {"ready"}, {"polling"} when a poll request starts,
 * {"handled": jobId} per change (before processStatusChanges confirms it), {"once": ...} in serverless mode.
 * SIGTERM ends a drain cleanly.
 */
import { ClientConfiguration, Environment, JobStatus, PollingQueue, PortalClient, Sender, TooEagerPollingError } from '../../src/index.js';
import { redisCoordination, type RedisClientLike } from '../../src/redis/index.js';

export interface WorkerConfig {
  mode: 'drain' | 'once';
  library: 'redis' | 'redis-v4' | 'ioredis';
  redisUrl: string;
  keyPrefix: string;
  leaseMs: number;
  simulator: { url: string; ca: string; key: string; cert: string; organizationNumber: string };
  queue?: string;
}

const config = JSON.parse(process.argv[2] ?? '{}') as WorkerConfig;
const say = (event: Record<string, unknown>): void => void process.stdout.write(`${JSON.stringify(event)}\n`);

async function connect(): Promise<{ client: RedisClientLike; quit: () => Promise<unknown> }> {
  if (config.library === 'ioredis') {
    const { Redis } = await import('ioredis');
    const client = new Redis(config.redisUrl, { lazyConnect: true });
    client.on('error', () => undefined);
    await client.connect();
    return { client, quit: () => client.quit().catch(() => client.disconnect()) };
  }
  const client =
    config.library === 'redis'
      ? (await import('redis')).createClient({ url: config.redisUrl })
      : (await import('redis-v4')).createClient({ url: config.redisUrl });
  // node-redis reconnects by itself; without a listener an 'error' event would end the process.
  client.on('error', () => undefined);
  await client.connect();
  return { client, quit: () => client.quit().catch(() => client.disconnect()) };
}

const redis = await connect();
const sim = config.simulator;
const client = new PortalClient(
  new ClientConfiguration({
    environment: Environment.custom({ url: sim.url, trustedCertificates: [sim.ca], name: 'simulator' }),
    certificate: { key: sim.key, cert: sim.cert },
    globalSender: new Sender(sim.organizationNumber, config.queue ? new PollingQueue(config.queue) : undefined),
    logger: { debug: (_m, fields) => fields?.operation === 'poll portal status changes' && say({ polling: true }) },
    logLevel: 'debug',
    ...redisCoordination(redis.client, { keyPrefix: config.keyPrefix, leaseMs: config.leaseMs, commandTimeoutMs: 1_000 }),
  }),
);

if (config.mode === 'once') {
  try {
    const change = await client.getStatusChange();
    if (change.status === JobStatus.NoChanges) say({ once: 'none' });
    else {
      await client.confirm(change.confirmationReference);
      say({ once: 'change', handled: change.signatureJobId });
    }
  } catch (e) {
    say({ once: e instanceof TooEagerPollingError ? 'too-early' : `error: ${String(e)}` });
  }
} else {
  const controller = new AbortController();
  process.once('SIGTERM', () => controller.abort());
  say({ ready: true });
  await client.processStatusChanges((change) => say({ handled: change.signatureJobId }), { signal: controller.signal });
}
await client.close();
await redis.quit();
