import { describe, expect, it } from 'vitest';
import type { Logger } from '../../../../src/core/http/logger.js';
import { fakePipeline } from '../../../helpers/fake-fetch.js';

function spy(): { logger: Logger; lines: { level: string; message: string; fields?: Record<string, unknown> }[] } {
  const lines: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) => lines.push({ level, message, fields });
  return { logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }, lines };
}

const url = 'https://api.example.test/api/123456789/signers/01017012345/status?status_query_token=SECRET-TOKEN';

describe('logging', () => {
  it('logs nothing without a logger, and nothing with level off', async () => {
    const s = spy();
    const { pipeline } = fakePipeline(() => new Response('<x/>'), { logger: s.logger, logLevel: 'off' });
    await pipeline.send({ method: 'GET', url, operation: 'status', idempotent: true });
    expect(s.lines).toHaveLength(0);
  });

  it('logs one masked line per response without query strings or bodies', async () => {
    const s = spy();
    const { pipeline } = fakePipeline(() => new Response('<secret-response-body/>'), { logger: s.logger });
    await pipeline.send({ method: 'POST', url, operation: 'status', idempotent: false, body: 'REQUEST-BODY-01017012345' });
    expect(s.lines).toHaveLength(1);
    const line = s.lines[0]!;
    expect(line.level).toBe('info');
    expect(line.message).toMatch(/^POST https:\/\/api\.example\.test\/api\/123456789\/signers\/010170\*\*\*\*\*\/status 200 in \d+ ms$/);
    expect(line.fields).toMatchObject({ status: 200, method: 'POST', operation: 'status' });
    const all = JSON.stringify(s.lines);
    for (const secret of ['SECRET-TOKEN', 'REQUEST-BODY', 'secret-response-body', '01017012345']) expect(all).not.toContain(secret);
  });

  it('adds a debug line per request at level debug, and warns on retries', async () => {
    const s = spy();
    const { pipeline } = fakePipeline((_c, i) => new Response(null, { status: i === 0 ? 503 : 200 }), { logger: s.logger, logLevel: 'debug' });
    await pipeline.send({ method: 'GET', url, operation: 'status', idempotent: true });
    expect(s.lines.map((l) => l.level)).toEqual(['debug', 'warn', 'warn', 'debug', 'info']);
    expect(s.lines[2]?.message).toMatch(/HTTP 503; retry 1 in \d+ ms/);
    expect(JSON.stringify(s.lines)).not.toContain('01017012345');
  });

  it('keeps working when the logger throws', async () => {
    const { pipeline } = fakePipeline(() => new Response('<x/>'), {
      logger: {
        info: () => {
          throw new Error('broken logger');
        },
      },
    });
    await expect(pipeline.send({ method: 'GET', url, operation: 'status', idempotent: true })).resolves.toMatchObject({ status: 200 });
  });
});
