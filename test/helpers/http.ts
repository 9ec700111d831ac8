import { request } from 'node:https';
import type { Simulator } from '../../src/testing/index.js';
import { bundle, multipart, requestXml, type JobSpec, type SignOptions } from './asice.js';

/** Raw HTTPS calls with the sender PEM, so simulator tests don't depend on the SDK's client. */
export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  text: string;
}

export function call(
  sim: Simulator,
  method: string,
  pathOrUrl: string,
  opts: { body?: Buffer | string; headers?: Record<string, string>; cert?: { key: string; cert: string } | null; chunked?: boolean; timeoutMs?: number } = {},
): Promise<RawResponse> {
  const url = new URL(pathOrUrl, sim.url);
  const cred = opts.cert === undefined ? sim.senderCertificatePem : opts.cert;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        ca: sim.caCertificatePem,
        ...(cred ? { key: cred.key, cert: cred.cert } : {}),
        // The simulator presents an enterprise-style certificate (no host name), like production.
        checkServerIdentity: () => undefined,
        headers: { Accept: 'application/xml', ...(opts.headers ?? {}) },
        agent: false,
        timeout: opts.timeoutMs ?? 10_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text: body.toString('utf8') });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    if (opts.body !== undefined) {
      if (opts.chunked) {
        const b = Buffer.from(opts.body);
        req.write(b.subarray(0, Math.floor(b.length / 2)));
        req.end(b.subarray(Math.floor(b.length / 2)));
      } else {
        req.setHeader('Content-Length', Buffer.byteLength(opts.body));
        req.end(opts.body);
      }
    } else req.end();
  });
}

export async function createJob(
  sim: Simulator,
  spec: Omit<JobSpec, 'org'> & { org?: string },
  o: {
    sign?: Partial<SignOptions>;
    cert?: { key: string; cert: string };
    zip?: Buffer;
    xml?: string;
    mp?: Parameters<typeof multipart>[2];
    chunked?: boolean;
    manifest?: string;
  } = {},
): Promise<RawResponse> {
  const full: JobSpec = { org: sim.organizationNumber, ...spec };
  const cred = o.cert ?? sim.senderCertificatePem;
  const zipBytes = o.zip ?? bundle(full, { ...cred, ...o.sign }, o.manifest);
  const mp = multipart(o.xml ?? requestXml(full), zipBytes, o.mp);
  return call(sim, 'POST', `/api/${full.org}/${full.flow}/signature-jobs`, {
    body: mp.body,
    headers: { 'Content-Type': mp.contentType },
    cert: cred,
    ...(o.chunked ? { chunked: true } : {}),
  });
}

/** First text of an element by local name, namespace-prefix agnostic (good enough for assertions). */
export function xmlText(xml: string, local: string): string | undefined {
  const m = new RegExp(`<(?:[\\w-]+:)?${local}(?:\\s[^>]*)?>([^<]*)</(?:[\\w-]+:)?${local}>`).exec(xml);
  return m?.[1]?.trim();
}

export function xmlAll(xml: string, local: string): { attrs: string; text: string }[] {
  const re = new RegExp(`<(?:[\\w-]+:)?${local}((?:\\s[^>]*)?)>([^<]*)</(?:[\\w-]+:)?${local}>`, 'g');
  return [...xml.matchAll(re)].map((m) => ({ attrs: m[1] ?? '', text: (m[2] ?? '').trim() }));
}

export function attr(attrs: string, name: string): string | undefined {
  return new RegExp(`\\s${name}="([^"]*)"`).exec(attrs)?.[1];
}
