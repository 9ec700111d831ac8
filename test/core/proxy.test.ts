import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SecurityError } from '../../src/errors/index.js';
import type { RequestPipeline } from '../../src/core/http/pipeline.js';
import { testPki } from './helpers/pki.js';
import { pipelineFor, startServer, type TestServer } from './helpers/server.js';

/** A minimal HTTP CONNECT proxy on 127.0.0.1 that records the tunnels it opened. */
async function startProxy(): Promise<{ url: string; tunnels: string[]; close: () => Promise<void> }> {
  const tunnels: string[] = [];
  const sockets: Socket[] = [];
  const proxy: Server = createServer((_req, res) => res.writeHead(405).end());
  proxy.on('connect', (req, client: Socket, head: Buffer) => {
    tunnels.push(`${req.url} ${req.headers['proxy-authorization'] ?? ''}`.trim());
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host ?? '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.push(client, upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  return {
    url: `http://user:p%40ss@127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    tunnels,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => proxy.close(() => r()));
    },
  };
}

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
