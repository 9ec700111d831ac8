import { afterEach, describe, expect, it } from 'vitest';
import { JobCreationOutcomeUnknownError, SecurityError } from '../../../../src/errors/index.js';
import { Environment } from '../../../../src/core/environment.js';
import type { RequestPipeline } from '../../../../src/core/http/pipeline.js';
import { serverCertificateWithSubject, testPki } from '../../../helpers/pki.js';
import { pipelineFor, startServer, type TestServer } from '../../../helpers/server.js';
import { RECORD, startTlsRelay, type TlsRelay } from '../../../helpers/tls-relay.js';

const ok = (_req: unknown, res: import('node:http').ServerResponse): void => {
  res.writeHead(200, { 'content-type': 'application/xml' });
  res.end('<ok/>');
};

let server: TestServer | undefined;
let pipeline: RequestPipeline | undefined;
let relay: TlsRelay | undefined;
afterEach(async () => {
  await pipeline?.close();
  await relay?.close();
  await server?.close();
  pipeline = undefined;
  server = undefined;
  relay = undefined;
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
      .send({
        method: 'POST',
        url: `${server.url}/api/123456789/direct/signature-jobs`,
        operation: 'create direct job',
        idempotent: false,
        body: 'SECRET-BODY',
        jobReference: 'ref-1',
      })
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

describe('the organisation certificate is never presented to a server that fails the checks', () => {
  const portOf = (url: string): number => Number(new URL(url).port);
  const envFor = (url: string): Environment => Environment.custom({ url, trustedCertificates: [testPki().serverCa.certPem], name: 'local-test' });

  for (const tls13 of [false, true]) {
    const version = tls13 ? 'TLS 1.3' : 'TLS 1.2';

    it(`${version}: a trusted server of the right organisation receives the client certificate (the relay sees it go)`, async () => {
      server = await startServer(ok, undefined, { tls13 });
      relay = await startTlsRelay(portOf(server.url));
      pipeline = pipelineFor(envFor(relay.url), { maxRetries: 0 });
      await pipeline.send({ method: 'GET', url: `${relay.url}/api/x`, operation: 'poll', idempotent: true });
      expect(server.connections[0]?.getPeerCertificate().subject?.serialNumber).toBe('123456789');
      // The second flight (client Certificate …) went out after the ClientHello.
      expect(relay.clientRecords.length).toBeGreaterThan(1);
    });

    for (const [name, identity] of [
      ['an untrusted chain', () => testPki().serverOtherCa],
      ['another organisation', () => testPki().serverWrongOrg],
      ['an expired certificate', () => testPki().serverExpired],
    ] as const) {
      it(`${version}: a server with ${name} receives no client certificate: the handshake stops after its first flight`, async () => {
        server = await startServer(ok, identity(), { tls13 });
        const seen: boolean[] = [];
        server.server.on('tlsClientError', (_e, socket) => seen.push(Boolean(socket.getPeerCertificate()?.raw)));
        relay = await startTlsRelay(portOf(server.url));
        pipeline = pipelineFor(envFor(relay.url), { maxRetries: 0 });
        const err = await pipeline.send({ method: 'GET', url: `${relay.url}/api/x`, operation: 'poll', idempotent: true }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(SecurityError);
        await new Promise((r) => setTimeout(r, 50));
        // Only the ClientHello, then at most an alert: no Certificate message, in the clear or encrypted.
        expect(relay.clientRecords[0]).toBe(RECORD.handshake);
        expect(relay.clientRecords.slice(1).filter((t) => t !== RECORD.alert)).toEqual([]);
        expect(server.connections).toHaveLength(0);
        expect(seen.every((s) => !s)).toBe(true);
      });
    }
  }

  it('keeps the clear SecurityError texts when refusing inside the handshake', async () => {
    server = await startServer(ok, testPki().serverOtherCa, { tls13: true });
    pipeline = pipelineFor(server.environment, { maxRetries: 0 });
    const err = await pipeline.send({ method: 'GET', url: `${server.url}/api/x`, operation: 'poll', idempotent: true }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/^The server certificate was rejected \(\w+\): subject "/);
    expect((err as Error).message).toMatch(/does not end in a CA trusted for the "local-test" environment/);
  });
});

describe('the organisation number rule, on real server certificates chaining to the trusted CA', () => {
  type Field = { name?: string; type?: string; value: string };
  const cn = (value: string): Field => ({ name: 'commonName', value });
  const serial = (value: string): Field => ({ type: '2.5.4.5', value });
  const orgId = (value: string): Field => ({ type: '2.5.4.97', value });
  const base: Field[] = [
    { name: 'countryName', value: 'NO' },
    { name: 'organizationName', value: 'POSTEN NORGE AS' },
  ];
  const cases: { name: string; subject: Field[]; accepted: boolean }[] = [
    { name: '984661185 only at the start of the CN', subject: [...base, cn('984661185 POSTEN NORGE AS')], accepted: false },
    { name: 'CN 984661185 next to serialNumber=NO999999999', subject: [...base, serial('NO999999999'), cn('984661185')], accepted: false },
    { name: 'organizationIdentifier=984661185-EVIL', subject: [...base, orgId('984661185-EVIL'), cn('POSTEN')], accepted: false },
    {
      name: 'organizationIdentifier=VATNO-999999999 next to serialNumber=984661185',
      subject: [...base, orgId('VATNO-999999999'), serial('984661185'), cn('POSTEN')],
      accepted: false,
    },
    { name: 'organizationIdentifier=NTRNO-984661185', subject: [...base, orgId('NTRNO-984661185'), cn('POSTEN')], accepted: true },
    { name: 'serialNumber=984661185', subject: [...base, serial('984661185'), cn('POSTEN')], accepted: true },
  ];
  for (const c of cases) {
    it(`${c.accepted ? 'accepts' : 'refuses'} a server certificate with ${c.name}`, async () => {
      server = await startServer(ok, serverCertificateWithSubject(c.subject as import('node-forge').pki.CertificateField[]));
      pipeline = pipelineFor(server.environment, { maxRetries: 0 });
      const result = await pipeline.send({ method: 'GET', url: `${server.url}/api/x`, operation: 'poll', idempotent: true }).catch((e: unknown) => e);
      if (c.accepted) {
        expect((result as { status: number }).status).toBe(200);
      } else {
        expect(result).toBeInstanceOf(SecurityError);
        expect((result as Error).message).toMatch(/not to 984661185/);
        expect(server.requests).toHaveLength(0);
      }
    });
  }
});
