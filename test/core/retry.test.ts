import { afterEach, describe, expect, it } from 'vitest';
import { JobCreationOutcomeUnknownError, TransportError, UnexpectedResponseError } from '../../src/errors/index.js';
import type { RequestPipeline } from '../../src/core/http/pipeline.js';
import { backoffDelay, retryAfterDelay } from '../../src/core/http/retry.js';
import { fakePipeline, networkError, URL_ } from './helpers/fake-fetch.js';
import { pipelineFor, startServer, type TestServer } from './helpers/server.js';

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

describe('stale keep-alive sockets on a real server', () => {
  let server: TestServer | undefined;
  let pipeline: RequestPipeline | undefined;
  afterEach(async () => {
    await pipeline?.close();
    await server?.close();
  });

  async function serverThatDropsTheSecondRequestOnASocket(): Promise<TestServer> {
    const seen = new WeakMap<object, number>();
    return startServer((req, res) => {
      const n = (seen.get(req.socket) ?? 0) + 1;
      seen.set(req.socket, n);
      // The second request on a kept-alive connection meets a socket the server has dropped.
      if (n === 2) req.socket.destroy();
      else res.end('<ok/>');
    });
  }

  it('retries a GET on a new connection even with maxRetries 0', async () => {
    server = await serverThatDropsTheSecondRequestOnASocket();
    pipeline = pipelineFor(server.environment, { maxRetries: 0 });
    await pipeline.send({ ...get, url: `${server.url}/api/x` });
    await expect(pipeline.send({ ...get, url: `${server.url}/api/x` })).resolves.toMatchObject({ status: 200 });
    expect(server.connections.length).toBe(2);
  });

  it('does not re-send a job creation whose connection dies after sending, and says the outcome is unknown', async () => {
    server = await startServer((req, res) => {
      if (req.method === 'POST') req.socket.destroy();
      else res.end('<ok/>');
    });
    pipeline = pipelineFor(server.environment, { maxRetries: 3 });
    await pipeline.send({ ...get, url: `${server.url}/api/x` });
    const err = await pipeline.send({ ...create, url: `${server.url}/api/x` }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JobCreationOutcomeUnknownError);
    expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('reports a refused connection for job creation as TransportError', async () => {
    server = await startServer((_q, res) => res.end());
    const environment = server.environment;
    await server.close();
    pipeline = pipelineFor(environment);
    const err = await pipeline.send({ ...create, url: `${environment.url}/api/x` }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect(err).not.toBeInstanceOf(JobCreationOutcomeUnknownError);
    expect((err as Error).message).toMatch(/ECONNREFUSED/);
    server = undefined;
  });
});
