/*
 * Figure 3: draining a portal status queue: poll, then confirm each change, with `statusChanges()` against a raw loop
 * of GET poll + POST confirmation URL on an Agent with the same TLS material and pool size.
 *
 * The queue is filled through the simulator's public API: N portal jobs are created once (by raw POSTs of one packed
 * job, which is quick), and before each drain every job's signer is flipped between WAITING and NOT_APPLICABLE with
 * `simulator.setSignerStatus`, which publishes one change per job. Both sides therefore drain the same N changes of
 * the same N jobs. The simulator runs in its own process (see simulator-process.ts).
 */
import { request, type Agent } from 'undici';
import { PortalClient } from '../src/index.js';
import { createBodyFrame } from '../src/client/multipart.js';
import type { DocumentBundle } from '../src/core/client-configuration.js';
import type { BenchServer } from './fixtures.js';
import { configurationFor, documents, portalJob, PORTAL_SIGNER, rawAgent } from './fixtures.js';
import { median, report, settle } from './stats.js';

export async function createJobs(simulator: BenchServer, count: number): Promise<string[]> {
  let captured: DocumentBundle | undefined;
  const client = new PortalClient(configurationFor(simulator, { onDocumentBundle: (b) => void (captured ??= b) }));
  await client.create(portalJob(documents(1, 2048)));
  await client.close();
  if (captured === undefined) throw new Error('no document bundle seen');
  // The create body as the SDK lays it out, made once.
  const frame = createBodyFrame(captured.requestXml);
  const body = Buffer.concat([frame.before, captured.asice, frame.after]);
  const agent = rawAgent(simulator);
  const url = `${simulator.url}/api/${simulator.organizationNumber}/portal/signature-jobs`;
  const ids: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < count) {
        next++;
        const r = await request(url, { method: 'POST', dispatcher: agent, headers: { 'content-type': frame.contentType }, body });
        const text = await r.body.text();
        const id = /<signature-job-id>(\d+)</.exec(text)?.[1];
        if (r.statusCode !== 200 || id === undefined) throw new Error(`create: HTTP ${r.statusCode} ${text.slice(0, 200)}`);
        ids.push(id);
      }
    }),
  );
  await agent.close();
  return ids;
}

/** Raw loop: the minimum a hand-written client does (GET the queue, pick the confirmation URL out, POST it). */
async function rawDrain(agent: Agent, pollUrl: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const r = await request(pollUrl, { dispatcher: agent, headers: { accept: 'application/xml' } });
    const body = await r.body.text();
    const confirmation = /<confirmation-url>([^<]+)</.exec(body)?.[1];
    if (r.statusCode !== 200 || confirmation === undefined) throw new Error(`raw poll ${i}: HTTP ${r.statusCode}`);
    const c = await request(confirmation, { method: 'POST', dispatcher: agent });
    await c.body.dump();
    if (c.statusCode >= 300) throw new Error(`raw confirm: HTTP ${c.statusCode}`);
  }
}

export async function drain(simulator: BenchServer, count: number, runs: number, warmup = 20): Promise<void> {
  const ids = await createJobs(simulator, count);
  // Each job's signer alternates between two statuses, so every call publishes a change; per-job parity is kept.
  const rounds = new Map<string, number>();
  const enqueue = async (jobs: string[]): Promise<void> => {
    const byStatus: Record<string, string[]> = { NOT_APPLICABLE: [], WAITING: [] };
    for (const id of jobs) {
      const r = rounds.get(id) ?? 0;
      rounds.set(id, r + 1);
      byStatus[r % 2 === 0 ? 'NOT_APPLICABLE' : 'WAITING']?.push(id);
    }
    for (const [status, list] of Object.entries(byStatus)) if (list.length > 0) await simulator.setSignerStatus(list, PORTAL_SIGNER, status);
  };
  const client = new PortalClient(configurationFor(simulator));
  const agent = rawAgent(simulator);
  const pollUrl = `${simulator.url}/api/${simulator.organizationNumber}/portal/signature-jobs`;
  const sdkDrain = async (count: number): Promise<void> => {
    let n = 0;
    // Stops at `count` so no empty poll (and its 1 s block) is ever made; the queue is then exactly empty.
    for await (const change of client.statusChanges()) {
      await change.confirm();
      if (++n === count) break;
    }
  };
  // Alternating SDK and raw drains, each on a freshly filled queue; filling is outside the clock.
  const timedPair = async (): Promise<[number, number]> => {
    const sdk: number[] = [];
    const raw: number[] = [];
    // Warm-up: a short drain each way (JIT, connections), on the first `warmup` jobs only.
    await enqueue(ids.slice(0, warmup));
    await sdkDrain(warmup);
    await enqueue(ids.slice(0, warmup));
    await rawDrain(agent, pollUrl, warmup);
    for (let i = 1; i <= runs; i++) {
      await enqueue(ids);
      await settle();
      let start = performance.now();
      await sdkDrain(count);
      const s = performance.now() - start;
      await enqueue(ids);
      await settle();
      start = performance.now();
      await rawDrain(agent, pollUrl, count);
      const r = performance.now() - start;
      sdk.push(s);
      raw.push(r);
    }
    return [median(sdk), median(raw)];
  };
  const [sdkMs, rawMs] = await timedPair();
  const sdkRate = (count / sdkMs) * 1000;
  const rawRate = (count / rawMs) * 1000;
  report(`drain ${count} status changes (poll + confirm)`, sdkRate, rawRate, 'changes/s');
  await client.close();
  await agent.close();
}
