import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AbortError, JobCreationOutcomeUnknownError, ResponseParseError, TimeoutError } from '../../../../src/errors/index.js';
import { Environment } from '../../../../src/core/environment.js';
import type { RequestPipeline } from '../../../../src/core/http/pipeline.js';
import { fakePipeline, hang, URL_ } from '../../../helpers/fake-fetch.js';
import { testPki } from '../../../helpers/pki.js';
import { pipelineFor, startServer, type TestServer } from '../../../helpers/server.js';

let server: TestServer | undefined;
let pipeline: RequestPipeline | undefined;
afterEach(async () => {
  await pipeline?.close().catch(() => undefined);
  await server?.close();
  pipeline = undefined;
  server = undefined;
});

const fast = { connectMs: 300, responseMs: 300, downloadMs: 300 };
const waitFor = async (cond: () => boolean, ms = 2000): Promise<void> => {
  for (const end = Date.now() + ms; Date.now() < end;) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('condition not met in time');
};

describe('timeouts', () => {
  it('fails with a connect TimeoutError when the TLS handshake never completes (not an unknown outcome)', async () => {
    const sockets: Socket[] = [];
    const silent: TcpServer = createTcpServer((s) => sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const url = `https://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    pipeline = pipelineFor(Environment.custom({ url, trustedCertificates: [testPki().serverCa.certPem] }), { timeouts: fast, maxRetries: 0 });
    const started = Date.now();
    const err = await pipeline
      .send({ method: 'POST', url: `${url}/api/x`, operation: 'create direct job', idempotent: false, body: 'x' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err).not.toBeInstanceOf(JobCreationOutcomeUnknownError);
    expect((err as Error).message).toMatch(/connect timeout/);
    expect(Date.now() - started).toBeLessThan(3000);
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => silent.close(() => r()));
  });

  it('fails with a response TimeoutError when the server never answers', async () => {
    server = await startServer(() => undefined);
    pipeline = pipelineFor(server.environment, { timeouts: fast, maxRetries: 0 });
    const started = Date.now();
    const err = await pipeline.send({ method: 'GET', url: `${server.url}/api/x`, operation: 'poll', idempotent: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as Error).message).toMatch(/response timeout/);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('fails with a response TimeoutError when an API response stalls mid-body (undici read path)', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/xml', 'content-length': '1000' });
      res.write('<direct-signature-job-response>'); // then silence
    });
    pipeline = pipelineFor(server.environment, { timeouts: { ...fast, responseMs: 300, downloadMs: 60_000 }, maxRetries: 0 });
    const started = Date.now();
    const err = await pipeline.send({ method: 'GET', url: `${server.url}/api/x`, operation: 'poll', idempotent: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as Error).message).toMatch(/stalled for 300 ms \(response timeout\)/);
    expect(Date.now() - started).toBeLessThan(3000);
    await waitFor(() => server!.open() === 0);
  });

  it('bounds a call that waits for a pooled connection held by a hung call', async () => {
    server = await startServer(() => undefined);
    pipeline = pipelineFor(server.environment, { timeouts: fast, maxRetries: 0, maxConnections: 1 });
    const started = Date.now();
    const calls = [1, 2].map(() =>
      pipeline!.send({ method: 'GET', url: `${server!.url}/api/x`, operation: 'poll', idempotent: true }).then(
        () => Date.now() - started,
        (e: unknown) => (e instanceof TimeoutError ? Date.now() - started : Promise.reject(e)),
      ),
    );
    const [first, second] = await Promise.all(calls);
    // The second waits for the first to time out, then times out itself on a new connection.
    expect(first).toBeLessThan(2000);
    expect(second).toBeLessThan(3000);
  });

  it('turns a response timeout on job creation into JobCreationOutcomeUnknownError', async () => {
    server = await startServer(() => undefined);
    pipeline = pipelineFor(server.environment, { timeouts: fast });
    const err = (await pipeline
      .send({ method: 'POST', url: `${server.url}/api/x`, operation: 'create portal job', idempotent: false, body: 'x', jobReference: 'r-7' })
      .catch((e: unknown) => e)) as JobCreationOutcomeUnknownError;
    expect(err).toBeInstanceOf(JobCreationOutcomeUnknownError);
    expect(err.cause).toBeInstanceOf(TimeoutError);
    expect(err.reference).toBe('r-7');
    expect(server.requests).toHaveLength(1);
  });

  it('fails a download that stalls mid-body with a download TimeoutError', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': '1000' });
      res.write(Buffer.alloc(100, 1)); // then silence
    });
    pipeline = pipelineFor(server.environment, { timeouts: { ...fast, responseMs: 5000, downloadMs: 300 } });
    const download = await pipeline.download({ method: 'GET', url: `${server.url}/api/x/pades`, operation: 'get pades', idempotent: true });
    expect(download.contentLength).toBe(1000);
    expect(download.contentType).toBe('application/pdf');
    const started = Date.now();
    const err = await download.bytes().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as Error).message).toMatch(/download timeout/);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('times out through a runtime fetch too (via AbortSignal)', async () => {
    const { pipeline: p } = fakePipeline(hang, { timeouts: { connectMs: 100, responseMs: 100 }, maxRetries: 0 });
    const err = await p.send({ method: 'GET', url: URL_, operation: 'poll', idempotent: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as Error).message).toMatch(/response timeout/);
  });
});

describe('cancellation', () => {
  it('aborts a waiting request promptly with AbortError and frees its socket', async () => {
    server = await startServer(() => undefined);
    pipeline = pipelineFor(server.environment, { timeouts: { responseMs: 10_000 } });
    const controller = new AbortController();
    const pending = pipeline.send({ method: 'GET', url: `${server.url}/api/x`, operation: 'poll', idempotent: true, signal: controller.signal });
    await waitFor(() => server!.requests.length === 1);
    const started = Date.now();
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(AbortError);
    expect(Date.now() - started).toBeLessThan(500);
    await waitFor(() => server!.open() === 0);
  });

  it('rejects at once when the signal is already aborted, without sending', async () => {
    const { pipeline: p, calls } = fakePipeline(() => new Response('<x/>'));
    await expect(p.send({ method: 'GET', url: URL_, operation: 'poll', idempotent: true, signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortError);
    expect(calls).toHaveLength(0);
  });

  it('aborts a download while it streams', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200);
      res.write(Buffer.alloc(10));
    });
    pipeline = pipelineFor(server.environment);
    const controller = new AbortController();
    const d = await pipeline.download({ method: 'GET', url: `${server.url}/api/x`, operation: 'get pades', idempotent: true, signal: controller.signal });
    const reading = d.bytes();
    setTimeout(() => controller.abort(), 50);
    await expect(reading).rejects.toBeInstanceOf(AbortError);
    await waitFor(() => server!.open() === 0);
  });
});

describe('response size bound', () => {
  it('refuses a non-download response over 5 MB without reading it all', async () => {
    let written = 0;
    let stop = false;
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/xml' });
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      const pump = (): void => {
        // An endless body: only a client that stops reading ends this.
        while (!stop && res.write(chunk)) written += chunk.length;
        if (!stop) res.once('drain', pump);
      };
      res.on('close', () => (stop = true));
      pump();
    });
    pipeline = pipelineFor(server.environment);
    const err = await pipeline.send({ method: 'GET', url: `${server.url}/api/x`, operation: 'poll', idempotent: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResponseParseError);
    await waitFor(() => stop);
    expect(written).toBeLessThan(32 * 1024 * 1024);
  });

  it('streams downloads without that bound', async () => {
    const size = 6 * 1024 * 1024;
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(Buffer.alloc(size, 7));
    });
    pipeline = pipelineFor(server.environment);
    const d = await pipeline.download({ method: 'GET', url: `${server.url}/api/x`, operation: 'get pades', idempotent: true });
    expect(d.body).toBeInstanceOf(ReadableStream);
    expect((await d.bytes()).byteLength).toBe(size);
  });

  it('maps a failed download like any other error', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(404, { 'content-type': 'application/xml' });
      res.end(
        '<error xmlns="http://signering.posten.no/schema/v1"><error-code>NOT_FOUND</error-code><error-message>gone</error-message><error-type>CLIENT</error-type></error>',
      );
    });
    pipeline = pipelineFor(server.environment);
    await expect(pipeline.download({ method: 'GET', url: `${server.url}/api/x`, operation: 'get pades', idempotent: true })).rejects.toMatchObject({
      status: 404,
      errorCode: 'NOT_FOUND',
    });
  });
});
