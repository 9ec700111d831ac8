import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { SIMULATOR_USAGE, parseSimulatorArgs, runSimulatorCommand } from '../../../src/cli/simulator-command.js';

const MAIN = join(import.meta.dirname, '../../../src/cli/main.ts');

function get(url: string, dir: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      ca: readFileSync(join(dir, 'simulator-ca.pem')),
      key: readFileSync(join(dir, 'sender-123456789.key.pem')),
      cert: readFileSync(join(dir, 'sender-123456789.cert.pem')),
      checkServerIdentity: () => undefined,
      agent: false,
    });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Running, not exited: an orphan that exited stays a zombie until whatever adopted it reaps it. */
const alive = (pid: number): boolean => {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(' ')[2] !== 'Z';
  } catch {
    return false;
  }
};

describe('simulator CLI', () => {
  it('writes the certificates, prints how to configure the SDK and the dashboard link, and stops on SIGINT', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-cli-'));
    const lines: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((m: unknown) => void lines.push(String(m)));
    try {
      const running = runSimulatorCommand(['--out', dir]);
      await vi.waitFor(() => expect(lines.join('\n')).toContain('listening on https://127.0.0.1:'), { timeout: 10_000 });
      const out = lines.join('\n');
      expect(out).toContain('Organisation number: 123456789');
      expect(out).toContain('Environment.custom');
      expect(out).toMatch(/Dashboard: +https:\/\/127\.0\.0\.1:\d+\/web\/dashboard/);
      expect(readFileSync(join(dir, 'simulator-ca.pem'), 'utf8')).toContain('BEGIN CERTIFICATE');
      expect(existsSync(join(dir, 'sender-123456789.p12'))).toBe(true);
      expect(readFileSync(join(dir, 'sender-123456789.key.pem'), 'utf8')).toContain('PRIVATE KEY');
      process.emit('SIGINT');
      await running;
    } finally {
      log.mockRestore();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--help lists every knob with its default and where the default comes from', async () => {
    const lines: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((m: unknown) => void lines.push(String(m)));
    try {
      await runSimulatorCommand(['--help']);
    } finally {
      log.mockRestore();
    }
    const out = lines.join('\n');
    expect(out).toBe(SIMULATOR_USAGE);
    for (const flag of ['--rate-limit <n>|off', '--empty-queue-delay', '--redeliver-after', '--documents-deletable-after', '--signing-time-tolerance'])
      expect(out).toContain(flag);
    expect(out).toMatch(/default 10: production's DoSFilter, protocol §9\.1/);
    expect(out).toMatch(/default 86400: production's 24 h, protocol §9\.4/);
    expect(out).toContain('SIGHUP');
  });

  it('parses the knobs into startSimulator options and names the flag of a bad value', () => {
    const p = parseSimulatorArgs([
      '--rate-limit',
      'off',
      '--documents-deletable-after',
      '0',
      '--empty-queue-delay',
      '5',
      '--redeliver-after',
      '30',
      '--signing-time-tolerance',
      '60',
    ]);
    expect(p.options).toEqual({
      rateLimit: false,
      deletableAfterSeconds: 0,
      emptyQueueDelaySeconds: 5,
      redeliverAfterSeconds: 30,
      signingTimeToleranceSeconds: 60,
    });
    expect(parseSimulatorArgs(['--rate-limit', '50']).options.rateLimit).toBe(50);
    expect(() => parseSimulatorArgs(['--rate-limit', '0'])).toThrow(/--rate-limit/);
    expect(() => parseSimulatorArgs(['--rate-limit'])).toThrow(/--rate-limit/);
    expect(() => parseSimulatorArgs(['--empty-queue-delay', '-1'])).toThrow(/--empty-queue-delay/);
    expect(() => parseSimulatorArgs(['--documents-deletable-after', 'soon'])).toThrow(/--documents-deletable-after/);
    expect(() => parseSimulatorArgs(['--bogus'])).toThrow(/Unknown argument --bogus/);
  });

  it('--rate-limit takes effect on the running simulator', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-cli-'));
    const lines: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((m: unknown) => void lines.push(String(m)));
    try {
      const running = runSimulatorCommand(['--out', dir, '--json', '--rate-limit', '2']);
      await vi.waitFor(() => expect(lines.some((l) => l.startsWith('{'))).toBe(true), { timeout: 10_000 });
      const { url } = JSON.parse(lines.find((l) => l.startsWith('{'))!) as { url: string };
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push(await get(`${url}/api/123456789`, dir));
      // Three requests within a second of each other: the third is over a limit of 2 (the machine is never that slow).
      expect(statuses).toEqual([200, 200, 429]);
      process.emit('SIGTERM');
      await running;
    } finally {
      log.mockRestore();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the standalone simulator ends with its parent', () => {
  const start = (dir: string): Promise<{ pid: number; exited: Promise<number | null> }> => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'simulator', '--json', '--out', dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    return new Promise((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => {
        if (c.toString().includes('{')) resolve({ pid: child.pid!, exited });
      });
      child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
    });
  };

  it.each(['SIGTERM', 'SIGHUP', 'SIGINT'] as const)(
    '%s stops it cleanly',
    async (signal) => {
      const dir = mkdtempSync(join(tmpdir(), 'sim-cli-'));
      try {
        const { pid, exited } = await start(dir);
        process.kill(pid, signal);
        expect(await exited).toBe(0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    60_000,
  );

  it.skipIf(!existsSync('/proc/self/stat'))(
    'a parent killed with SIGKILL (no signal reaches the simulator) still takes it down',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'sim-cli-'));
      // An intermediate process, as npx is: it starts the simulator, reports its pid, and is then killed outright.
      const script = `
      const { spawn } = require('node:child_process');
      const c = spawn(process.execPath, ['--import', 'tsx', ${JSON.stringify(MAIN)}, 'simulator', '--json', '--out', ${JSON.stringify(dir)}], { stdio: ['ignore', 'pipe', 'inherit'] });
      c.stdout.on('data', (d) => { if (d.toString().includes('{')) process.stdout.write(String(c.pid) + '\\n'); });
      setInterval(() => {}, 1000);`;
      const parent = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      try {
        const pid = await new Promise<number>((resolve) => parent.stdout.on('data', (d: Buffer) => resolve(Number(d.toString().trim()))));
        expect(alive(pid)).toBe(true);
        parent.kill('SIGKILL');
        await vi.waitFor(() => expect(alive(pid)).toBe(false), { timeout: 20_000, interval: 200 });
      } finally {
        parent.kill('SIGKILL');
        rmSync(dir, { recursive: true, force: true });
      }
    },
    60_000,
  );
});
