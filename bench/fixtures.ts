/*
 * Test data and wiring shared by the figures: realistic-ish PDF bytes, a simulator tuned for benchmarking, a client
 * configured for it as a user would (see src/cli/demo.ts), and a raw undici Agent with the same TLS material and
 * pool size, which is the baseline the SDK's transport is compared with.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Agent } from 'undici';
import {
  ClientConfiguration,
  DirectClient,
  DirectJob,
  DirectSigner,
  Document,
  ExitUrls,
  FileType,
  PersonalIdentificationNumber,
  PortalJob,
  PortalSigner,
  Sender,
  NotificationsUsingLookup,
  type ClientConfigurationOptions,
} from '../src/index.js';
import { Environment } from '../src/core/environment.js';
import type { SimulatorCommand, SimulatorHello } from './simulator-process.js';
import type { PackedJob } from '../src/client/signature-job-client.js';
import { parseDirectJobResponse } from '../src/xml/index.js';

/** A deterministic PRNG (mulberry32): the same bytes every run, so runs and machines compare. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A PDF-shaped byte array of exactly `size` bytes: a valid header, then alternating object streams of text-like
 * content operators (compress well, like page content) and random bytes (do not compress, like embedded
 * JPEG/Flate images). Real scanned contracts are mostly the latter, so about 60 % is random.
 */
export function pdfBytes(size: number, seed: number): Uint8Array {
  const random = prng(seed);
  const out = new Uint8Array(size);
  const header = new TextEncoder().encode('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n');
  out.set(header);
  const words = ['BT', '/F1', '12', 'Tf', '72', '720', 'Td', '(Employment', 'contract)', 'Tj', 'ET', 'q', 'Q', 're', 'f', 'cm'];
  let p = header.length;
  let n = 1;
  while (p < size) {
    const chunk = Math.min(size - p, 8192 + Math.floor(random() * 8192));
    const obj = new TextEncoder().encode(`${n++} 0 obj\n<< /Length ${chunk} >>\nstream\n`);
    out.set(obj.subarray(0, Math.min(obj.length, size - p)), p);
    p += obj.length;
    const end = Math.min(size, p + chunk);
    if (random() < 0.6) {
      for (; p < end; p++) out[p] = (random() * 256) | 0;
    } else {
      while (p < end) {
        const w = new TextEncoder().encode(`${words[(random() * words.length) | 0]} `);
        out.set(w.subarray(0, end - p), p);
        p += w.length;
      }
      p = end;
    }
  }
  return out;
}

/** `count` PDF documents totalling `totalBytes` (the API's 10 MB maximum is 10 × 1024 × 1024). */
export function documents(count: number, totalBytes: number): Document[] {
  const each = Math.floor(totalBytes / count);
  return Array.from(
    { length: count },
    (_, i) => new Document(`Document ${i + 1}`, 'Please sign', FileType.Pdf, pdfBytes(i === count - 1 ? totalBytes - each * (count - 1) : each, i + 1)),
  );
}

const exitUrls = new ExitUrls(new URL('https://example.com/completion'), new URL('https://example.com/rejection'), new URL('https://example.com/error'));

export function directJob(docs: Document[], reference = 'bench'): DirectJob {
  return new DirectJob(docs, [new DirectSigner(new PersonalIdentificationNumber('12345678910'))], reference, exitUrls, { title: 'Contracts' });
}

export const PORTAL_SIGNER = '12345678910';

export function portalJob(docs: Document[], reference = 'bench'): PortalJob {
  return new PortalJob(docs, [new PortalSigner(new PersonalIdentificationNumber(PORTAL_SIGNER), new NotificationsUsingLookup())], reference, {
    title: 'Contracts',
  });
}

/** Exposes the client's own packing (the code path `create()` takes before sending) to the job-building figure. */
export class PackingDirectClient extends DirectClient {
  /** Sends an already packed job through the SDK's request path (create() without the packing). */
  async sendPacked(packed: PackedJob): Promise<unknown> {
    const sender = this.resolveSender();
    return parseDirectJobResponse((await this.sendJob(sender, packed, undefined)).body);
  }

  pack(job: DirectJob): Promise<PackedJob> {
    const sender = this.resolveSender(job.sender);
    return this.packJob(job, sender);
  }
}

/** Pool size of both the SDK and the raw baseline: large enough that 16 concurrent calls never queue for a socket. */
export const CONNECTIONS = 16;

/** What the figures need of the simulator running in its child process (see simulator-process.ts). */
export interface BenchServer {
  url: string;
  organizationNumber: string;
  environment: Environment;
  senderCertificate: { pkcs12: Uint8Array; password: string };
  senderCertificatePem: { key: string; cert: string };
  caCertificatePem: string;
  setSignerStatus(jobIds: string[], signer: string, status: string): Promise<void>;
  close(): Promise<void>;
}

/** Starts the simulator (no XSD/ASiC-E verification, no DoS filter: not the client's cost) in a child process. */
export async function benchServer(): Promise<BenchServer> {
  const child = fork(fileURLToPath(new URL('./simulator-process.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  let nextId = 0;
  const hello = await new Promise<SimulatorHello>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`simulator process exited with ${code}`)));
    child.on('message', (m: { hello?: SimulatorHello; id?: number; error?: string }) => {
      if (m.hello) return resolve(m.hello);
      const p = pending.get(m.id ?? -1);
      pending.delete(m.id ?? -1);
      if (m.error) p?.reject(new Error(m.error));
      else p?.resolve();
    });
  });
  const call = (command: DistributiveOmit<SimulatorCommand, 'id'>): Promise<void> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      child.send({ ...command, id });
    });
  return {
    url: hello.url,
    organizationNumber: hello.organizationNumber,
    environment: Environment.custom({ url: hello.url, trustedCertificates: [hello.caCertificatePem], name: 'simulator' }),
    senderCertificate: { pkcs12: new Uint8Array(Buffer.from(hello.pkcs12, 'base64')), password: hello.password },
    senderCertificatePem: { key: hello.key, cert: hello.cert },
    caCertificatePem: hello.caCertificatePem,
    setSignerStatus: (jobIds, signer, status) => call({ cmd: 'setSignerStatus', jobIds, signer, status }),
    close: async () => {
      child.removeAllListeners('exit');
      await call({ cmd: 'close' });
    },
  };
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export function configurationFor(simulator: BenchServer, extra: Partial<ClientConfigurationOptions> = {}): ClientConfiguration {
  return new ClientConfiguration({
    environment: simulator.environment,
    certificate: simulator.senderCertificate,
    globalSender: new Sender(simulator.organizationNumber),
    maxConnections: CONNECTIONS,
    // The simulator's rate limiter is off, so the client's own (the API's 10 calls a second) is too: the figures
    // compare the request path, not a deliberate throttle.
    maxRequestsPerSecond: Infinity,
    ...extra,
  });
}

/**
 * The raw baseline's transport: undici with the same client key and chain, the same CA as the only trust anchor, and
 * the same pool size. The host name check is off as in the SDK (the simulator's certificate names an organisation,
 * not 127.0.0.1); the SDK's extra organisation-number check on each new connection is part of what is measured.
 */
export function rawAgent(simulator: BenchServer): Agent {
  return new Agent({
    connect: {
      key: simulator.senderCertificatePem.key,
      cert: simulator.senderCertificatePem.cert,
      ca: [simulator.caCertificatePem],
      checkServerIdentity: () => undefined,
    },
    connections: CONNECTIONS,
  });
}
