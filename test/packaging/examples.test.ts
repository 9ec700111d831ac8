// The examples run against the simulator: the Express app's direct flow end to end over HTTP, and the portal
// worker processing a change and stopping on abort.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../examples/direct-express-app.js';
import { runPortalWorker } from '../../examples/portal-worker.js';
import {
  ClientConfiguration,
  DirectClient,
  Document,
  FileType,
  PersonalIdentificationNumber,
  PortalClient,
  PortalJob,
  PortalSigner,
  Notifications,
  Email,
  Sender,
} from '../../src/index.js';
import { startSimulator, type Simulator } from '../../src/testing/index.js';

let simulator: Simulator;
let configuration: ClientConfiguration;
let dir: string;
const pdf = new TextEncoder().encode(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

beforeAll(async () => {
  simulator = await startSimulator({ emptyQueueDelaySeconds: 1 });
  configuration = new ClientConfiguration({
    environment: simulator.environment,
    certificate: simulator.senderCertificate,
    globalSender: new Sender(simulator.organizationNumber),
  });
  dir = await mkdtemp(join(tmpdir(), 'posten-signering-examples-'));
});
afterAll(async () => {
  await simulator?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('examples', () => {
  it('direct-express-app: form → redirect to the signer → exit URL with token → status → PAdES', async () => {
    const client = new DirectClient(configuration);
    let server: Server | undefined;
    try {
      const app = createApp(client, { publicUrl: 'http://placeholder', pdf });
      server = await new Promise<Server>((resolve) => {
        const s = app.listen(0, '127.0.0.1', () => resolve(s));
      });
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      // publicUrl is only known after listen; rebuild the app on the same server with the right one.
      server.removeAllListeners('request');
      server.on('request', createApp(client, { publicUrl: base, pdf }));

      const created = await fetch(`${base}/sign`, { method: 'POST', body: new URLSearchParams({ pin: '01048200229' }), redirect: 'manual' });
      expect(created.status).toBe(303);
      expect(created.headers.get('location')).toMatch(/^https:\/\/127\.0\.0\.1:/);
      const jobId = simulator.stats.creates > 0 ? String(simulator.stats.creates) : '1';
      const signed = await simulator.sign(jobId, '01048200229');
      expect(signed.exitUrl).toMatch(new RegExp(`^${base}/exit/completed\\?reference=.+status_query_token=`));

      const exit = await fetch(signed.exitUrl!);
      const html = await exit.text();
      expect(exit.status, html).toBe(200);
      expect(html).toContain('COMPLETED_SUCCESSFULLY');
      const link = /href="(\/documents\/[^"]+\.pdf)"/.exec(html)?.[1];
      expect(link).toBeTruthy();
      const doc = await fetch(base + link);
      expect(doc.headers.get('content-type')).toMatch(/application\/pdf/);
      expect(new TextDecoder().decode((await doc.arrayBuffer()).slice(0, 5))).toBe('%PDF-');
      expect(simulator.job(jobId)?.confirmed).toBe(true);

      const bad = await fetch(`${base}/sign`, { method: 'POST', body: new URLSearchParams({ pin: '123' }), redirect: 'manual' });
      expect(bad.status).toBe(400);
    } finally {
      await new Promise((r) => (server ? server.close(r) : r(undefined)));
      await client.close();
    }
  });

  it('portal-worker: handles a completed job, saves the PAdES, stops on abort', async () => {
    const client = new PortalClient(configuration);
    try {
      const job = await client.create(
        new PortalJob(
          new Document('Avtale', undefined, FileType.Pdf, pdf),
          [new PortalSigner(new PersonalIdentificationNumber('01048200229'), new Notifications(new Email('a@example.com')))],
          'worker-1',
        ),
      );
      await simulator.sign(job.signatureJobId, '01048200229');
      const controller = new AbortController();
      const lines: string[] = [];
      const outputDir = join(dir, 'out');
      const done = runPortalWorker(client, {
        outputDir,
        signal: controller.signal,
        log: (l) => {
          lines.push(l);
          if (l.includes('COMPLETED_SUCCESSFULLY')) setTimeout(() => controller.abort(), 200);
        },
      });
      const handled = await done;
      expect(handled).toBeGreaterThanOrEqual(1);
      expect(await readdir(outputDir)).toContain(`portal-${job.signatureJobId}.pdf`);
      expect(simulator.job(job.signatureJobId)?.confirmed).toBe(true);
    } finally {
      await client.close();
    }
  });
});
