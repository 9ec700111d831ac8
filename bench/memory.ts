/*
 * Figure 4: peak RSS above the RSS right before `create()` of the 10 MB, 20-document job, against the job's size.
 * The documents already exist before the call (they are the caller's); the figure is what create() adds.
 * Each measurement runs in a fresh child process (this file, started with `child`): RSS is a process-wide high-water
 * mark, and in the benchmark process earlier figures would have left heap and buffers behind. The simulator is the
 * shared one in its own process, so its parsing of the upload is not counted.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DirectClient } from '../src/index.js';
import { configurationFor, directJob, documents, type BenchServer } from './fixtures.js';
import { Environment } from '../src/core/environment.js';
import { MB, median, report } from './stats.js';

const JOB_BYTES = 10 * MB;

interface ChildInput {
  url: string;
  organizationNumber: string;
  caCertificatePem: string;
  pkcs12: string;
  password: string;
}

async function child(input: ChildInput): Promise<void> {
  const server = {
    url: input.url,
    organizationNumber: input.organizationNumber,
    environment: Environment.custom({ url: input.url, trustedCertificates: [input.caCertificatePem], name: 'simulator' }),
    senderCertificate: { pkcs12: new Uint8Array(Buffer.from(input.pkcs12, 'base64')), password: input.password },
  } as BenchServer;
  const client = new DirectClient(configurationFor(server));
  // A small job first: loads the certificate, imports the key, opens the connection, compiles the code paths, so the
  // figure is what one more large job costs a running service.
  await client.create(directJob(documents(1, 4096)));
  const job = directJob(documents(20, JOB_BYTES));
  (globalThis as { gc?: () => void }).gc?.();
  await new Promise((r) => setTimeout(r, 50));
  // The kernel's high-water mark is reset here, so that it measures create() alone: building the test documents
  // above peaked higher than anything after, and a process-lifetime maxRSS reported that peak instead.
  const highWaterMark = resetHighWaterMark();
  const before = process.memoryUsage().rss;
  let peak = before;
  // Sampling catches the peak when the main thread is idle (waiting for the thread pool or the socket); the
  // high-water mark catches it while the thread is busy.
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 2);
  await client.create(job);
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss, highWaterMark?.() ?? 0);
  await client.close();
  process.stdout.write(JSON.stringify({ before, peak }));
}

/**
 * Linux: resets the peak RSS (VmHWM, by writing 5 to /proc/self/clear_refs) and returns a reader of it in bytes.
 * Elsewhere undefined, and the figure rests on sampling alone.
 */
function resetHighWaterMark(): (() => number) | undefined {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    return undefined;
  }
  return () => {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    return kb === undefined ? 0 : Number(kb) * 1024;
  };
}

export async function memory(server: BenchServer, runs: number): Promise<void> {
  const input: ChildInput = {
    url: server.url,
    organizationNumber: server.organizationNumber,
    caCertificatePem: server.caCertificatePem,
    pkcs12: Buffer.from(server.senderCertificate.pkcs12).toString('base64'),
    password: server.senderCertificate.password,
  };
  const above: number[] = [];
  for (let i = 0; i < runs; i++) {
    const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), 'child'], {
      env: { ...process.env, BENCH_MEMORY_INPUT: JSON.stringify(input) },
      encoding: 'utf8',
    });
    const { before, peak } = JSON.parse(out) as { before: number; peak: number };
    above.push(peak - before);
  }
  report('peak RSS above baseline while creating the 10 MB job', median(above) / MB, JOB_BYTES / MB, 'MB', "(baseline = the job's document bytes)");
}

if (process.argv[2] === 'child') {
  await child(JSON.parse(process.env.BENCH_MEMORY_INPUT ?? '{}') as ChildInput);
}
