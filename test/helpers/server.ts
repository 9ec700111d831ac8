import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { Environment } from '../../src/core/environment.js';
import { RequestPipeline } from '../../src/core/http/pipeline.js';
import { resolveHttpSettings, type HttpOptions } from '../../src/core/http/settings.js';
import { type TestIdentity, testPki } from './pki.js';

export type Handler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => void;

export interface TestServer {
  url: string;
  environment: Environment;
  server: Server;
  /** TLS connections accepted (after the handshake). */
  connections: TLSSocket[];
  /** Requests whose headers arrived. */
  requests: { method: string; url: string; headers: IncomingMessage['headers']; body: Buffer }[];
  /** Connections open right now, and the most open at once. */
  open: () => number;
  maxOpen: () => number;
  close: () => Promise<void>;
}

/** A mutual TLS server on 127.0.0.1 that requires the test client certificate, like the API does. */
export async function startServer(handler: Handler, identity?: TestIdentity, options: { tls13?: boolean } = {}): Promise<TestServer> {
  const pki = testPki();
  const id = identity ?? pki.server;
  const connections: TLSSocket[] = [];
  const requests: TestServer['requests'] = [];
  let open = 0;
  let maxOpen = 0;
  const server = createServer(
    {
      key: id.keyPem,
      cert: id.certPem,
      ca: [pki.clientCa.certPem],
      requestCert: true,
      rejectUnauthorized: true,
      ...(options.tls13 === false ? { maxVersion: 'TLSv1.2' as const } : {}),
    },
    (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
        handler(req, res, body);
      });
    },
  );
  server.on('secureConnection', (socket: TLSSocket) => {
    connections.push(socket);
    open++;
    maxOpen = Math.max(maxOpen, open);
    socket.on('close', () => open--);
  });
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `https://127.0.0.1:${port}`;
  return {
    url,
    environment: Environment.custom({ url, trustedCertificates: [pki.serverCa.certPem], name: 'local-test' }),
    server,
    connections,
    requests,
    open: () => open,
    maxOpen: () => maxOpen,
    close: async () => {
      server.closeAllConnections();
      for (const c of connections) c.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A pipeline with the test client certificate, pointed at `environment`. */
export function pipelineFor(environment: Environment, options: HttpOptions = {}): RequestPipeline {
  const pki = testPki();
  return new RequestPipeline(environment, { clientKeyPem: pki.client.keyPem, clientCertChainPem: pki.clientChainPem }, resolveHttpSettings(options));
}
