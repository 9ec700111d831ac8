import { afterEach, describe, expect, it } from 'vitest';
import { SecurityError } from '../../../../src/errors/index.js';
import type { RequestPipeline } from '../../../../src/core/http/pipeline.js';
import { testPki } from '../../../helpers/pki.js';
import { startProxy } from '../../../helpers/connect-proxy.js';
import { pipelineFor, startServer, type TestServer } from '../../../helpers/server.js';

let server: TestServer | undefined;
let pipeline: RequestPipeline | undefined;
let proxy: Awaited<ReturnType<typeof startProxy>> | undefined;
afterEach(async () => {
  await pipeline?.close();
  await server?.close();
  await proxy?.close();
});

describe('proxy', () => {
  it('tunnels through an HTTP proxy with CONNECT, mutual TLS end to end', async () => {
    server = await startServer((_req, res) => res.end('<ok/>'));
    proxy = await startProxy();
    pipeline = pipelineFor(server.environment, { proxy: proxy.url });
    await expect(pipeline.send({ method: 'GET', url: `${server.url}/api/x`, operation: 'poll', idempotent: true })).resolves.toMatchObject({ status: 200 });
    const port = new URL(server.url).port;
    expect(proxy.tunnels).toEqual([`127.0.0.1:${port} Basic ${Buffer.from('user:p@ss').toString('base64')}`]);
  });

  it('still checks the server identity through the tunnel', async () => {
    server = await startServer((_req, res) => res.end('<ok/>'), testPki().serverWrongOrg);
    proxy = await startProxy();
    pipeline = pipelineFor(server.environment, { proxy: proxy.url });
    await expect(pipeline.send({ method: 'GET', url: `${server.url}/api/x`, operation: 'poll', idempotent: true })).rejects.toBeInstanceOf(SecurityError);
    expect(server.requests).toHaveLength(0);
  });
});
