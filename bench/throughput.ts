/*
 * Figure 2: create() of a 100 KB direct job against the simulator, against a raw undici POST of the same multipart
 * bytes on an Agent with the same TLS material and pool size. create() also builds and signs the ASiC-E each time
 * (that is its job), the raw POST sends bytes packed once, so the ratio shows what the SDK's packing plus pipeline
 * cost per job on top of the wire.
 *
 * A second baseline is the floor no client can go below: the raw POST plus what the protocol makes every job cost,
 * a SHA-256 of its documents and one RSA-2048 signature (each job's signature covers its own digests and
 * SigningTime, so it cannot be reused). Against it, the ratio shows the SDK's own overhead.
 */
import { createHash, createPrivateKey, sign } from 'node:crypto';
import { type Agent, request } from 'undici';
import type { BenchServer } from './fixtures.js';
import { CONNECTIONS, PackingDirectClient, configurationFor, directJob, documents, rawAgent } from './fixtures.js';
import { fmt, median, settle } from './stats.js';

/** Runs `total` calls with at most `concurrency` in flight; returns calls per second. */
async function rate(total: number, concurrency: number, call: () => Promise<unknown>): Promise<number> {
  let started = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (started < total) {
        started++;
        await call();
      }
    }),
  );
  return (total / (performance.now() - start)) * 1000;
}

export async function throughput(simulator: BenchServer, runs: number): Promise<void> {
  const client = new PackingDirectClient(configurationFor(simulator));
  const job = directJob(documents(1, 100 * 1024));
  await client.create(job);
  // The very multipart body the SDK sends for this job, so the bytes on the wire are identical.
  const packed = await client.pack(job);
  const contentType = packed.body.contentType;
  const url = `${simulator.url}/api/${simulator.organizationNumber}/direct/signature-jobs`;
  const agent: Agent = rawAgent(simulator);
  // The raw side sends one buffer, made once: the cheapest a caller could do.
  const rawBody = Buffer.concat(packed.body.chunks);
  const raw = async (): Promise<void> => {
    const r = await request(url, {
      method: 'POST',
      dispatcher: agent,
      headers: { 'content-type': contentType, accept: 'application/xml' },
      body: rawBody,
    });
    // Read the body as the SDK does (it parses the response), so both sides consume it.
    const text = await r.body.text();
    if (r.statusCode !== 200 || text.length === 0) throw new Error(`raw create: HTTP ${r.statusCode}`);
  };
  const sdk = (): Promise<unknown> => client.create(job);
  const sdkTransport = (): Promise<unknown> => client.sendPacked(packed);
  const key = createPrivateKey(simulator.senderCertificatePem.key);
  const documentBytes = job.documents[0]?.content as Uint8Array;
  const signedInfo = new Uint8Array(1200); // the size of a one-document SignedInfo
  const floor = async (): Promise<void> => {
    createHash('sha256').update(documentBytes).digest();
    sign('sha256', signedInfo, key);
    await raw();
  };

  for (const concurrency of [1, CONNECTIONS]) {
    // Enough calls per run that a run lasts ~0.2–0.5 s; short runs, alternated, spread drift over every side.
    const total = concurrency === 1 ? 100 : 300;
    const sides = { sdk, sdkTransport, raw, floor };
    for (const call of Object.values(sides)) await rate(total / 2, concurrency, call); // warm-up: pools filled, paths JIT-compiled
    const rates: Record<keyof typeof sides, number[]> = { sdk: [], sdkTransport: [], raw: [], floor: [] };
    for (let i = 0; i < runs; i++) {
      for (const [name, call] of Object.entries(sides) as [keyof typeof sides, () => Promise<unknown>][]) {
        await settle();
        rates[name].push(await rate(total, concurrency, call));
      }
    }
    const m = (name: keyof typeof sides): number => median(rates[name]);
    const line = (label: string, value: number, baselineLabel: string, baseline: number): void =>
      console.log(
        `${label}, ${concurrency} concurrent: ${fmt(value)} jobs/s (baseline ${baselineLabel} ${fmt(baseline)} jobs/s, ratio ${(value / baseline).toFixed(2)}x)`,
      );
    line('create throughput, 100 KB job', m('sdk'), 'raw POST', m('raw'));
    line('create throughput against the floor, 100 KB job', m('sdk'), 'raw POST + SHA-256 + one RSA-2048 signature', m('floor'));
    line('create transport only (job packed once), 100 KB', m('sdkTransport'), 'raw POST', m('raw'));
  }
  await client.close();
  await agent.close();
}
