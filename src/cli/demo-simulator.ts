import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Environment } from '../core/environment.js';
import { startSimulator, type Simulator } from '../testing/index.js';
import { httpsRequest } from './https-request.js';

/** The part of the simulator the demo uses, whether it runs in this process or in a Node child process. */
export type DemoSimulator = Pick<
  Simulator,
  'url' | 'dashboardUrl' | 'environment' | 'senderCertificate' | 'organizationNumber' | 'caCertificatePem' | 'close'
> & {
  sign(jobId: string, signer: string): Promise<unknown>;
};

const isBun = (): boolean => (globalThis as { Bun?: unknown }).Bun !== undefined;

/**
 * In-process everywhere but Bun, whose TLS server sockets cannot show the client certificate the simulator
 * authenticates by: there the simulator runs under Node in a child process and is driven over its HTTP
 * control endpoints, while the SDK itself runs under Bun.
 */
export async function startDemoSimulator(options: {
  emptyQueueDelaySeconds: number;
  redeliverAfterSeconds: number;
}): Promise<{ simulator: DemoSimulator; inProcess?: Simulator }> {
  if (!isBun()) {
    const simulator = await startSimulator(options);
    return { simulator, inProcess: simulator };
  }
  return { simulator: await startSimulatorProcess(options) };
}

async function startSimulatorProcess(options: { emptyQueueDelaySeconds: number; redeliverAfterSeconds: number }): Promise<DemoSimulator> {
  const dir = await mkdtemp(join(tmpdir(), 'posten-signering-demo-'));
  const main = fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? './main.ts' : './main.js', import.meta.url));
  const args = [
    ...(main.endsWith('.ts') ? ['--import', 'tsx'] : []),
    main,
    'simulator',
    '--json',
    '--port',
    '0',
    '--out',
    dir,
    '--empty-queue-delay',
    String(options.emptyQueueDelaySeconds),
    '--redeliver-after',
    String(options.redeliverAfterSeconds),
  ];
  const child = spawn('node', args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const info = await new Promise<{ url: string; dashboardUrl: string; organizationNumber: string; password: string; files: { ca: string; p12: string } }>(
    (resolve, reject) => {
      let buffer = '';
      child.stdout.on('data', (chunk: Buffer) => {
        buffer += chunk.toString('utf8');
        const line = buffer.split('\n').find((l) => l.startsWith('{'));
        if (line) resolve(JSON.parse(line));
      });
      child.on('exit', (code) => reject(new Error(`The simulator process exited with ${code}`)));
      child.on('error', reject);
    },
  );
  const caCertificatePem = await readFile(info.files.ca, 'utf8');
  const pkcs12 = new Uint8Array(await readFile(info.files.p12));
  return {
    url: info.url,
    dashboardUrl: info.dashboardUrl,
    organizationNumber: info.organizationNumber,
    caCertificatePem,
    senderCertificate: { pkcs12, password: info.password },
    environment: Environment.custom({ url: info.url, trustedCertificates: [caCertificatePem], name: 'simulator' }),
    async sign(jobId: string, signer: string) {
      // The control endpoints are per flow; a job id belongs to one of them.
      for (const path of ['signature-jobs', 'portal/signature-jobs']) {
        const res = await httpsRequest(new URL(`/web/${path}/${jobId}/devmodesign?signer=${encodeURIComponent(signer)}`, info.url), caCertificatePem, {
          method: 'POST',
          headers: { 'content-length': '0' },
        });
        if (res.status < 300) return res.text;
      }
      throw new Error(`The simulator could not sign job ${jobId} for ${signer}`);
    },
    async close() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
