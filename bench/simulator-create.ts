/*
 * Figure 6: what the simulator's upload checks cost a create. The same prepared create request (multipart body:
 * request XML + signed ASiC-E) is posted to two simulators in this process, one with every check on (XSD of the
 * request and manifest, zip CRC-32, names, content, digests, C14N, signature, certificate, SigningTime) and one with
 * `verifyUploads: false`, alternately, over one kept-alive mutual-TLS connection each. Reported for a small job and a
 * 10 MB one (the documented maximum). Targets (issue 16): under 20 ms and under 100 ms with the checks on.
 */
import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:https';
import { startSimulator, type Simulator } from '../src/testing/index.js';
import { readZip } from '../src/testing/zip-reader.js';
import { PDF, bundle, multipart, requestXml, zip, type JobSpec } from '../test/helpers/asice.js';
import { MB, fmt, report, timePair } from './stats.js';

function poster(sim: Simulator, body: Buffer, contentType: string): () => Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1, ca: sim.caCertificatePem, ...sim.senderCertificatePem });
  const url = new URL(`/api/${sim.organizationNumber}/direct/signature-jobs`, sim.url);
  return () =>
    new Promise<void>((resolve, reject) => {
      const req = request(url, {
        method: 'POST',
        agent,
        checkServerIdentity: () => undefined,
        headers: { 'Content-Type': contentType, 'Content-Length': String(body.length), Accept: 'application/xml' },
      });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`create answered ${res.statusCode}: ${Buffer.concat(chunks).toString()}`))));
      });
      req.on('error', reject);
      req.end(body);
    });
}

export async function simulatorCreate(runs: number): Promise<void> {
  // The prepared request is reused for minutes: SigningTime stays as it was signed, so the window is widened (the
  // check itself still runs).
  const common = { rateLimit: false as const, signingTimeToleranceSeconds: 24 * 3600 };
  const checked = await startSimulator(common);
  const unchecked = await startSimulator({ ...common, verifyUploads: false });
  try {
    const jobs: [string, JobSpec['documents']][] = [
      ['small job (1 page PDF)', undefined],
      ['10 MB job', [{ name: '0000_large.pdf', bytes: Buffer.concat([PDF, randomBytes(10 * MB - PDF.length - 4096)]), mime: 'application/pdf' }]],
    ];
    for (const [name, documents] of jobs) {
      const spec: JobSpec = { flow: 'direct', org: checked.organizationNumber, ...(documents ? { documents } : {}) };
      // Both simulators share the process's cached keys, so one signed bundle is valid for both.
      // Entries stored, not deflated, as this SDK sends them (PDFs do not compress).
      const stored = zip(
        readZip(bundle(spec, checked.senderCertificatePem)).map((e) => ({ name: e.name, data: e.data })),
        false,
      );
      const mp = multipart(requestXml(spec), stored);
      const [on, off] = await timePair(poster(checked, mp.body, mp.contentType), poster(unchecked, mp.body, mp.contentType), runs, 2);
      report(`simulator create, every check on, ${name}`, on.ms, off.ms, 'ms', `(checks off as baseline; checks cost ${fmt(on.ms - off.ms)} ms)`);
    }
  } finally {
    await checked.close();
    await unchecked.close();
  }
}
