import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { inject } from 'vitest';
import {
  ClientConfiguration,
  NotificationsUsingLookup,
  PersonalIdentificationNumber,
  PollingQueue,
  PortalClient,
  PortalJob,
  PortalSigner,
  Sender,
} from '../../src/index.js';
import { startSimulator, type Simulator } from '../../src/testing/index.js';
import { documentToSign } from './sdk.js';
import type { WorkerConfig } from './redis-fleet-worker.js';

/** The Redis of this run (see global-setup.ts); fails the test, with the reason, when there is none. */
export function redisUrl(): string {
  const url = inject('redisUrl');
  if (!url) throw new Error(inject('redisUnavailable'));
  return url;
}

export const ORG = '123456789';
/** Fills the queues as a broker, so that the setup's requests do not count against the fleet's organisation. */
export const BROKER = '987654321';
const SIGNER = '01048200229';

/**
 * A simulator for fleets: the DoS filter off (its fixed window could hide a burst; `peakRequestsPerSecond`, a
 * sliding second, is asserted instead), a short empty-queue block so that the fleet meets the schedule many times.
 */
export function fleetSimulator(options: { redeliverAfterSeconds?: number; emptyQueueDelaySeconds?: number } = {}): Promise<Simulator> {
  return startSimulator({
    organizations: [{ organizationNumber: ORG }, { organizationNumber: BROKER, brokerFor: [ORG] }],
    rateLimit: false,
    verifyUploads: false,
    emptyQueueDelaySeconds: options.emptyQueueDelaySeconds ?? 1,
    redeliverAfterSeconds: options.redeliverAfterSeconds ?? 600,
  });
}

/** Puts `count` status changes in the fleet organisation's queue (`queue`, default the default one). */
export async function fillQueue(simulator: Simulator, count: number, queue?: string): Promise<string[]> {
  const broker = simulator.certificateFor(BROKER);
  const sender = new Sender(ORG, queue ? new PollingQueue(queue) : undefined);
  const client = new PortalClient(
    new ClientConfiguration({
      environment: simulator.environment,
      certificate: { key: broker.key, cert: broker.cert },
      globalSender: sender,
      maxRequestsPerSecond: Infinity,
    }),
  );
  const ids: string[] = [];
  try {
    for (let i = 0; i < count; i += 10) {
      const batch = Array.from({ length: Math.min(10, count - i) }, (_, j) =>
        client.create(
          new PortalJob(documentToSign(), [new PortalSigner(new PersonalIdentificationNumber(SIGNER), new NotificationsUsingLookup())], `fleet-${i + j}`),
        ),
      );
      for (const job of await Promise.all(batch)) ids.push(job.signatureJobId);
    }
  } finally {
    await client.close();
  }
  for (const id of ids) await simulator.sign(id, SIGNER);
  return ids;
}

let bundle: Promise<string> | undefined;

/** Removes this test process's worker bundle (call from afterAll: vitest may end its workers without 'exit'). */
export async function removeWorkerBundle(): Promise<void> {
  const file = await bundle?.catch(() => undefined);
  bundle = undefined;
  if (file) rmSync(file, { force: true });
}

/** The worker, bundled once per test file (starting a bundle costs half the CPU of `node --import tsx`). */
function workerBundle(): Promise<string> {
  bundle ??= (async () => {
    // Inside node_modules so that the bundle's external packages (redis, ioredis, undici …) resolve.
    const dir = fileURLToPath(new URL('../../node_modules/.cache/posten-signering-fleet/', import.meta.url));
    await mkdir(dir, { recursive: true });
    const outfile = `${dir}worker-${process.pid}.mjs`;
    await build({
      entryPoints: [fileURLToPath(new URL('./redis-fleet-worker.ts', import.meta.url))],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      outfile,
      logLevel: 'warning',
    });
    return outfile;
  })();
  return bundle;
}

export interface Worker {
  readonly name: string;
  readonly process: ChildProcess;
  /** Every JSON event the worker printed so far, in order. */
  readonly events: Record<string, unknown>[];
  /** Resolves on the first event matching `test`. */
  waitFor(test: (event: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  /** Resolves with the exit code (or signal) once the process has ended. */
  readonly exited: Promise<number | string>;
}

/** Handled changes, in the order reported by all workers together. */
export type HandledLog = { worker: string; jobId: string }[];

export async function spawnWorker(
  name: string,
  simulator: Simulator,
  config: Pick<WorkerConfig, 'mode' | 'library' | 'redisUrl' | 'keyPrefix'> & Partial<WorkerConfig>,
  handled?: HandledLog,
): Promise<Worker> {
  const full: WorkerConfig = {
    leaseMs: 2_000,
    ...config,
    simulator: { url: simulator.url, ca: simulator.caCertificatePem, ...simulator.senderCertificatePem, organizationNumber: ORG },
  };
  const child = spawn(process.execPath, [await workerBundle(), JSON.stringify(full)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const events: Record<string, unknown>[] = [];
  const waiters: { test: (e: Record<string, unknown>) => boolean; resolve: (e: Record<string, unknown>) => void }[] = [];
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    let event: Record<string, unknown>;
    try {
      event = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return;
    }
    events.push(event);
    if (typeof event.handled === 'string') handled?.push({ worker: name, jobId: event.handled });
    for (const w of waiters.splice(0)) {
      if (w.test(event)) w.resolve(event);
      else waiters.push(w);
    }
  });
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  void exited.then((code) => {
    if (code !== 0 && code !== 'SIGKILL' && code !== 'SIGTERM') console.error(`worker ${name} exited with ${code}: ${stderr.slice(-2000)}`);
  });
  return {
    name,
    process: child,
    events,
    exited,
    waitFor: (test) => {
      const seen = events.find(test);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        waiters.push({ test, resolve });
        void exited.then((code) => reject(new Error(`worker ${name} exited (${code}) before the awaited event: ${stderr.slice(-2000)}`)));
      });
    },
  };
}

/** Resolves once `done()` holds, checking every 50 ms; rejects after `timeoutMs` with `describe()`. */
export async function until(done: () => boolean, timeoutMs: number, describe: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${describe()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Ends drain workers cleanly (SIGTERM aborts their processStatusChanges) and waits for them. */
export async function stopAll(workers: Worker[]): Promise<void> {
  for (const w of workers) if (w.process.exitCode === null && w.process.signalCode === null) w.process.kill('SIGTERM');
  await Promise.all(workers.map((w) => Promise.race([w.exited, new Promise((r) => setTimeout(r, 5_000)).then(() => w.process.kill('SIGKILL'))])));
}

export function allConfirmed(simulator: Simulator, ids: string[]): boolean {
  return ids.every((id) => simulator.job(id)?.confirmed === true);
}
