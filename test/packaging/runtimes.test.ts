import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/testing/index.js';

const run = promisify(execFile);
const bin = (name: string): string => join(process.cwd(), 'node_modules', '.bin', name);
const started: Simulator[] = [];
afterAll(async () => {
  await Promise.all(started.map((s) => s.close()));
});

/** Starts a simulator here (Node) and runs the fixture in another runtime against it. */
async function whoAmIUnder(
  runtime: 'bun' | 'deno',
  serverOrganizationNumber?: string,
): Promise<{ ok?: string; jobId?: string; error?: string; message?: string }> {
  const simulator = await startSimulator({ rateLimit: false, ...(serverOrganizationNumber ? { serverOrganizationNumber } : {}) });
  started.push(simulator);
  const dir = await mkdtemp(join(tmpdir(), `${runtime}-`));
  try {
    await writeFile(join(dir, 'ca.pem'), simulator.caCertificatePem);
    await writeFile(join(dir, 'sender.p12'), simulator.senderCertificate.pkcs12);
    const fixture = 'test/packaging/fixtures/runtime-calls.ts';
    const args = runtime === 'bun' ? [fixture] : ['run', '-A', '--unstable-sloppy-imports', fixture];
    const { stdout } = await run(bin(runtime), args, {
      env: {
        ...process.env,
        SIM_URL: simulator.url,
        SIM_CA: join(dir, 'ca.pem'),
        SIM_P12: join(dir, 'sender.p12'),
        SIM_PASSWORD: simulator.senderCertificate.password,
        SIM_ORG: simulator.organizationNumber,
      },
      timeout: 60_000,
    });
    return JSON.parse(stdout.trim().split('\n').pop() ?? '{}');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('other runtimes do mutual TLS with the same server checks', () => {
  for (const runtime of ['bun', 'deno'] as const) {
    it(`${runtime}: talks to the simulator over mutual TLS and creates a 2 MB job (streamed body)`, async () => {
      expect(await whoAmIUnder(runtime)).toEqual({ ok: 'You are 123456789', jobId: '1' });
    }, 90_000);

    it(`${runtime}: refuses a server with another organisation number`, async () => {
      const result = await whoAmIUnder(runtime, '987654321');
      expect(result.error).toBe('SecurityError');
      expect(result.message).toMatch(/987654321/);
    }, 90_000);
  }
});

describe('the demo under other runtimes', () => {
  for (const runtime of ['bun', 'deno'] as const) {
    it(`npm run demo:${runtime} walks the whole flow and exits 0`, async () => {
      const out = await mkdtemp(join(tmpdir(), `demo-${runtime}-`));
      try {
        const { stdout } = await run('npm', ['run', `demo:${runtime}`], {
          timeout: 120_000,
          cwd: process.cwd(),
          env: { ...process.env, DEMO_OUTPUT_DIR: out },
        });
        expect(stdout).toMatch(/Status by token: COMPLETED_SUCCESSFULLY/);
        expect(stdout).toMatch(/Portal change: job \d+ COMPLETED_SUCCESSFULLY, 5\/5 signed/);
        expect(stdout).toMatch(/Done\./);
      } finally {
        await rm(out, { recursive: true, force: true });
      }
    }, 150_000);
  }
});
