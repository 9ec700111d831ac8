import { describe, expect, it } from 'vitest';
import { maskPersonalData } from '../../src/errors/mask.js';
import { ResponseParseError, UnexpectedResponseError, ValidationError } from '../../src/errors/index.js';
import type { Logger } from '../../src/core/http/logger.js';
import { fakePipeline } from './helpers/fake-fetch.js';

function spy(): { logger: Logger; lines: { level: string; message: string; fields?: Record<string, unknown> }[] } {
  const lines: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) => lines.push({ level, message, fields });
  return { logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }, lines };
}

const url = 'https://api.example.test/api/123456789/signers/01017012345/status?status_query_token=SECRET-TOKEN';

describe('masking', () => {
  it('masks every 11-digit run to its first 6 digits', () => {
    expect(maskPersonalData('a 01017012345 b 31129912345')).toBe('a 010170***** b 311299*****');
    expect(maskPersonalData('x01017012345y')).toBe('x010170*****y');
    // Organisation numbers (9) and longer ids are not identity numbers.
    expect(maskPersonalData('984661185 123456789012')).toBe('984661185 123456789012');
  });

  it('masks identity numbers as people write them: with a space or a hyphen after the birth date', () => {
    expect(maskPersonalData('a 010133 00001 b 010133-00001 c 01013300001.')).toBe('a 010133 ***** b 010133-***** c 010133*****.');
    // Not parts of longer numbers, nor other groupings.
    expect(maskPersonalData('1010133 00001 010133 000012 +47 999 99 999 2026-11-29')).toBe('1010133 00001 010133 000012 +47 999 99 999 2026-11-29');
  });

  it('masks every SDK error message, whoever wrote the text', () => {
    for (const error of [new ResponseParseError('bad value "010133 00001"'), new ValidationError('field', 'got 010133-00001'), new UnexpectedResponseError({ status: 400, rawBody: '01013300001' })]) {
      expect(error.message).not.toMatch(/00001/);
    }
  });
});

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
    const { pipeline } = fakePipeline(() => new Response('<x/>'), { logger: { info: () => { throw new Error('broken logger'); } } });
    await expect(pipeline.send({ method: 'GET', url, operation: 'status', idempotent: true })).resolves.toMatchObject({ status: 200 });
  });
});
