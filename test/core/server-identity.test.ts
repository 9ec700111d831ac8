import { afterEach, describe, expect, it } from 'vitest';
import { JobCreationOutcomeUnknownError, SecurityError } from '../../src/errors/index.js';
import { Environment } from '../../src/core/environment.js';
import type { RequestPipeline } from '../../src/core/http/pipeline.js';
import { testPki } from './helpers/pki.js';
import { pipelineFor, startServer, type TestServer } from './helpers/server.js';

const ok = (_req: unknown, res: import('node:http').ServerResponse): void => {
  res.writeHead(200, { 'content-type': 'application/xml' });
  res.end('<ok/>');
};

let server: TestServer | undefined;
let pipeline: RequestPipeline | undefined;
afterEach(async () => {
  await pipeline?.close();
  await server?.close();
  pipeline = undefined;
  server = undefined;
});

describe('mutual TLS and server identity', () => {
  it('talks to a server whose chain ends in the anchors and whose certificate names 984661185, without a host name check', async () => {
    server = await startServer(ok);
    pipeline = pipelineFor(server.environment);
    const res = await pipeline.send({ method: 'GET', url: `${server.url}/api/123456789`, operation: 'who am i', idempotent: true });
    expect(res.status).toBe(200);
    // The server required and verified our client certificate.
    const peer = server.connections[0]?.getPeerCertificate();
    expect(peer?.subject.serialNumber).toBe('123456789');
    expect(server.connections[0]?.authorized).toBe(true);
  });

  it('refuses a server certificate of another organisation before sending the body, and says why', async () => {
    server = await startServer(ok, testPki().serverWrongOrg);
    pipeline = pipelineFor(server.environment, { maxRetries: 3 });
    const err = await pipeline
      .send({ method: 'POST', url: `${server.url}/api/123456789/direct/signature-jobs`, operation: 'create direct job', idempotent: false, body: 'SECRET-BODY', jobReference: 'ref-1' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SecurityError);
    expect(err).not.toBeInstanceOf(JobCreationOutcomeUnknownError);
    const message = (err as Error).message;
    expect(message).toContain('organisation 999888777');
    expect(message).toContain('984661185');
    expect(message).toMatch(/wrong URL/);
    expect(message).toMatch(/serial/);
    expect(message).toMatch(/issuer "CN=Test Server Root CA"/);
    await new Promise((r) => setTimeout(r, 50));
    expect(server.requests).toHaveLength(0);
  });

  it('refuses a chain ending in a CA outside the environment, even the CA in the client chain', async () => {
    // serverOtherCa is signed by the client's CA, which is in clientCertChainPem: it must not become trusted.
    server = await startServer(ok, testPki().serverOtherCa);
    pipeline = pipelineFor(server.environment);
    const err = await pipeline.send({ method: 'GET', url: `${server.url}/api/x`, operation: 'poll', idempotent: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SecurityError);
    expect((err as Error).message).toMatch(/does not end in a CA trusted for the "local-test" environment/);
    expect((err as Error).message).toMatch(/proxy/);
    expect(server.requests).toHaveLength(0);
  });

  it('refuses an expired server certificate', async () => {
    server = await startServer(ok, testPki().serverExpired);
    pipeline = pipelineFor(server.environment);
    const err = await pipeline.send({ method: 'GET', url: `${server.url}/api/x`, operation: 'poll', idempotent: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SecurityError);
    expect((err as Error).message).toMatch(/expired/);
    expect(server.requests).toHaveLength(0);
  });

  it('uses only the environment anchors: a server signed by the trusted CA fails against an environment trusting another CA', async () => {
    server = await startServer(ok);
    const env = Environment.custom({ url: server.url, trustedCertificates: [testPki().clientCa.certPem] });
    pipeline = pipelineFor(env);
    await expect(pipeline.send({ method: 'GET', url: `${server.url}/api/x`, operation: 'poll', idempotent: true })).rejects.toBeInstanceOf(SecurityError);
  });

  it('checks every connection: TLS sessions are never resumed', async () => {
    server = await startServer((_req, res) => {
      // Close after each response so the next request needs a new connection (and could resume a session).
      res.writeHead(200, { connection: 'close' });
      res.end();
    });
    const reused: boolean[] = [];
    server.server.on('secureConnection', (s) => reused.push(s.isSessionReused()));
    pipeline = pipelineFor(server.environment);
    for (let i = 0; i < 3; i++) {
      await pipeline.send({ method: 'GET', url: `${server.url}/api/x`, operation: 'poll', idempotent: true });
      await new Promise((r) => setTimeout(r, 30));
    }
    expect(reused.length).toBeGreaterThanOrEqual(3);
    expect(reused.every((r) => !r)).toBe(true);
  });
});
