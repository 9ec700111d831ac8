import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runSimulatorCommand } from '../../src/cli/simulator-command.js';

describe('simulator CLI', () => {
  it('writes the certificates, prints how to configure the SDK, and stops on SIGINT', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-cli-'));
    const lines: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((m: unknown) => void lines.push(String(m)));
    try {
      const running = runSimulatorCommand(['--out', dir]);
      await vi.waitFor(() => expect(lines.join('\n')).toContain('listening on https://127.0.0.1:'), { timeout: 10_000 });
      const out = lines.join('\n');
      expect(out).toContain('Organisation number: 123456789');
      expect(out).toContain('Environment.custom');
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
});
