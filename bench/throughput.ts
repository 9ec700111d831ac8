/*
 * Figure 2: create() of a 100 KB direct job against the simulator, against a raw undici POST of the same multipart
 * bytes on an Agent with the same TLS material and pool size. create() also builds and signs the ASiC-E each time
 * (that is its job), the raw POST sends bytes packed once, so the ratio shows what the SDK's packing plus pipeline
 * cost per job on top of the wire.
 */
import { Agent, request } from 'undici';
import type { BenchServer } from './fixtures.js';
import { CONNECTIONS, PackingDirectClient, configurationFor, directJob, documents, rawAgent } from './fixtures.js';
import { fmt, median } from './stats.js';

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

  for (const [label, sdkCall] of [
    ['create throughput, 100 KB job', sdk],
    ['create transport only (job packed once), 100 KB', sdkTransport],
  ] as const) {
  for (const concurrency of [1, CONNECTIONS]) {
    // Enough calls per run that a run lasts ~0.5–1 s on a 2-core machine.
    const total = concurrency === 1 ? 100 : 300;
    await rate(total / 2, concurrency, sdkCall); // warm-up: fills both pools to `concurrency` sockets, JITs both paths
    await rate(total / 2, concurrency, raw);
    const s: number[] = [];
    const r: number[] = [];
    for (let i = 0; i < runs; i++) {
      s.push(await rate(total, concurrency, sdkCall));
      r.push(await rate(total, concurrency, raw));
    }
    const sm = median(s);
    const rm = median(r);
    console.log(
      `${label}, ${concurrency} concurrent: ${fmt(sm)} jobs/s (baseline raw POST ${fmt(rm)} jobs/s, ratio ${(sm / rm).toFixed(2)}x)`,
    );
  }
  }
  await client.close();
  await agent.close();
}
