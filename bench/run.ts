/*
 * The benchmarks: `npm run bench` (about 5 minutes on 2 cores; it runs `tsx --expose-gc bench/run.ts`, so that
 * settle() can collect garbage between timed blocks). Each line is `name: value (baseline …, ratio …)`, the
 * baseline measured in this same run on the same data; medians after a warm-up. Not part of `npm test`: timings
 * on shared CI machines would make flaky tests, and the figures are for reading, not gating.
 *
 * Options: `--only=job,throughput,drain,redis,memory,cold,create` to run some figures (`redis`: draining through
 * posten-signering/redis against in memory; it uses REDIS_URL or starts redis-server); `--drain=N` changes to drain.
 */
import { coldStart } from './cold-start.js';
import { drain } from './drain.js';
import { drainRedis } from './drain-redis.js';
import { benchServer } from './fixtures.js';
import { jobBuilding } from './job-building.js';
import { memory } from './memory.js';
import { simulatorCreate } from './simulator-create.js';
import { throughput } from './throughput.js';

const arg = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const only = new Set((arg('only') ?? 'job,throughput,drain,redis,memory,cold,create').split(','));
const drainCount = Number(arg('drain') ?? 5000);

console.log(`posten-signering benchmarks — Node ${process.version}, ${process.platform}/${process.arch}`);
const server = await benchServer();
try {
  if (only.has('job')) await jobBuilding(server, 7);
  if (only.has('throughput')) await throughput(server, 7);
  if (only.has('drain')) await drain(server, drainCount, 5);
  if (only.has('redis')) await drainRedis(server, 2000, 5);
  if (only.has('memory')) await memory(server, 5);
  if (only.has('cold')) await coldStart(7);
  if (only.has('create')) await simulatorCreate(15);
} finally {
  await server.close();
}
