import { describe, expect, it } from 'vitest';
import { JobCreationOutcomeUnknownError, TransportError, UnexpectedResponseError } from '../../../../src/errors/index.js';
import { backoffDelay, retryAfterDelay } from '../../../../src/core/http/retry.js';
import { fakePipeline, networkError, URL_ } from '../../../helpers/fake-fetch.js';

const get = { method: 'GET', url: URL_, operation: 'poll', idempotent: true } as const;
const create = { method: 'POST', url: URL_, operation: 'create direct job', idempotent: false, body: '<job/>', jobReference: 'invoice-42' } as const;

describe('retries of idempotent requests', () => {
  it('retries 502/503/504 and then succeeds', async () => {
    const statuses = [503, 502, 504, 200];
    const { pipeline, calls } = fakePipeline((_c, i) => new Response('<x/>', { status: statuses[i] ?? 200 }));
    const res = await pipeline.send(get);
    expect(res.status).toBe(200);
    expect(calls).toHaveLength(4);
  });

  it('gives up after maxRetries and reports the last response', async () => {
    const { pipeline, calls } = fakePipeline(() => new Response(null, { status: 503 }), { maxRetries: 1 });
    await expect(pipeline.send(get)).rejects.toMatchObject({ status: 503 });
    expect(calls).toHaveLength(2);
  });

  it('does not retry other statuses', async () => {
    const { pipeline, calls } = fakePipeline(() => new Response(null, { status: 500 }));
    await expect(pipeline.send(get)).rejects.toBeInstanceOf(UnexpectedResponseError);
    expect(calls).toHaveLength(1);
  });

  it('honours Retry-After, and does not wait for one beyond the cap', async () => {
    const { pipeline, calls } = fakePipeline((_c, i) => new Response(null, { status: i === 0 ? 503 : 200, headers: { 'retry-after': '1' } }));
    const started = Date.now();
    await pipeline.send(get);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(calls).toHaveLength(2);

    const long = fakePipeline(() => new Response(null, { status: 503, headers: { 'retry-after': '3600' } }));
    await expect(long.pipeline.send(get)).rejects.toMatchObject({ status: 503 });
    expect(long.calls).toHaveLength(1);
  });

  it('retries connection errors', async () => {
    const { pipeline, calls } = fakePipeline((_c, i) => (i < 2 ? Promise.reject(networkError('ECONNREFUSED')) : new Response('<x/>')));
    await expect(pipeline.send(get)).resolves.toMatchObject({ status: 200 });
    expect(calls).toHaveLength(3);
  });

  it('retries a reset socket once even with maxRetries 0, but not twice', async () => {
    const once = fakePipeline((_c, i) => (i === 0 ? Promise.reject(networkError('ECONNRESET')) : new Response('<x/>')), { maxRetries: 0 });
    await expect(once.pipeline.send(get)).resolves.toMatchObject({ status: 200 });
    const always = fakePipeline(() => Promise.reject(networkError('UND_ERR_SOCKET')), { maxRetries: 0 });
    await expect(always.pipeline.send(get)).rejects.toBeInstanceOf(TransportError);
    expect(always.calls).toHaveLength(2);
  });

  it('backs off exponentially with jitter, capped at 5 s', () => {
    expect(backoffDelay(0, () => 1)).toBe(200);
    expect(backoffDelay(0, () => 0)).toBe(100);
    expect(backoffDelay(3, () => 1)).toBe(1600);
    expect(backoffDelay(20, () => 1)).toBe(5000);
    expect(retryAfterDelay('2', new Date())).toBe(2000);
    expect(retryAfterDelay(new Date(Date.now() + 5000).toUTCString(), new Date())).toBeGreaterThan(3000);
    expect(retryAfterDelay('999', new Date())).toBe(Number.POSITIVE_INFINITY);
    expect(retryAfterDelay(null, new Date())).toBeUndefined();
  });
});

describe('job creation is never re-sent', () => {
  it('does not retry a 503', async () => {
    const { pipeline, calls } = fakePipeline(() => new Response(null, { status: 503 }));
    await expect(pipeline.send(create)).rejects.toMatchObject({ status: 503 });
    expect(calls).toHaveLength(1);
  });

  it('reports a refused connection as a plain TransportError (nothing was sent)', async () => {
    const { pipeline, calls } = fakePipeline(() => Promise.reject(networkError('ECONNREFUSED')));
    const err = await pipeline.send(create).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect(err).not.toBeInstanceOf(JobCreationOutcomeUnknownError);
    expect(calls).toHaveLength(1);
  });

  it('reports a reset after sending as JobCreationOutcomeUnknownError naming the reference', async () => {
    const { pipeline, calls } = fakePipeline(() => Promise.reject(networkError('ECONNRESET')), { maxRetries: 3 });
    const err = (await pipeline.send(create).catch((e: unknown) => e)) as JobCreationOutcomeUnknownError;
    expect(err).toBeInstanceOf(JobCreationOutcomeUnknownError);
    expect(err.reference).toBe('invoice-42');
    expect(err.message).toMatch(/may have been created/);
    expect(err.message).toContain('"invoice-42"');
    expect(calls).toHaveLength(1);
  });
});
