import { afterEach, describe, expect, it } from 'vitest';
import { JobCreationOutcomeUnknownError, TransportError } from '../../../../src/errors/index.js';
import type { RequestPipeline } from '../../../../src/core/http/pipeline.js';
import { URL_ } from '../../../helpers/fake-fetch.js';
import { pipelineFor, startServer, type TestServer } from '../../../helpers/server.js';

const get = { method: 'GET', url: URL_, operation: 'poll', idempotent: true } as const;
const create = { method: 'POST', url: URL_, operation: 'create direct job', idempotent: false, body: '<job/>', jobReference: 'invoice-42' } as const;

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
