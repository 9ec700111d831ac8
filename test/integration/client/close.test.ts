// Clients made from one configuration share one connection pool. close() lets go of one client's hold on it:
// the pool closes when the last client holding it is closed, so closing one never breaks a sibling.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ArchiveClient, ClientConfiguration, DirectClient, Environment, PortalClient, Sender } from '../../../src/index.js';
import { startServer, type TestServer } from '../../helpers/server.js';
import { testPki } from '../../helpers/pki.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setUp(): Promise<{ server: TestServer; configuration: ClientConfiguration }> {
  server = await startServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end('You are 123456789');
  });
  const pki = testPki();
  // The sender certificate must be issued under the environment's sender CAs: here the test client CA.
  const environment = Environment.custom({ url: server.url, trustedCertificates: [pki.serverCa.certPem], trustedSenderCertificates: [pki.clientCa.certPem] });
  const configuration = new ClientConfiguration({
    environment,
    certificate: { key: pki.client.keyPem, cert: pki.clientChainPem },
    globalSender: new Sender('123456789'),
    maxRequestsPerSecond: Infinity,
  });
  return { server, configuration };
}

describe('close()', () => {
  it('closing one client leaves its siblings working on the same pool', async () => {
    const { server, configuration } = await setUp();
    const direct = new DirectClient(configuration);
    const portal = new PortalClient(configuration);
    const archive = new ArchiveClient(configuration);
    await direct.whoAmI();
    await portal.whoAmI();
    await archive.whoAmI();
    const kept = server.open();
    expect(kept).toBeGreaterThan(0);

    await direct.close();
    await expect(portal.whoAmI()).resolves.toBe('You are 123456789');
    await archive.close();
    await expect(portal.whoAmI()).resolves.toBe('You are 123456789');
    // The pool's kept-alive connections are still there: closing the other two clients did not close them, and
    // the calls after it went over the same pool (no connection was opened for them).
    expect(server.open()).toBe(kept);
    expect(server.connections.length).toBe(kept);

    await portal.close();
    // The last client out closed the pool, and with it the connection.
    await vi.waitFor(() => expect(server.open()).toBe(0));
  });

  it('is harmless twice, and a closed client called again takes the pool up again', async () => {
    const { server, configuration } = await setUp();
    const direct = new DirectClient(configuration);
    const portal = new PortalClient(configuration);
    await direct.whoAmI();
    await direct.close();
    await direct.close();
    // The second close() of `direct` did not count as portal letting go.
    await portal.whoAmI();
    await direct.whoAmI();
    await portal.close();
    expect(server.open()).toBeGreaterThan(0);
    await direct.close();
    await vi.waitFor(() => expect(server.open()).toBe(0));
    await expect(direct.whoAmI()).resolves.toBe('You are 123456789');
    await direct.close();
  });

  it('of a client that never called anything closes nothing of its siblings', async () => {
    const { server, configuration } = await setUp();
    const used = new DirectClient(configuration);
    await used.whoAmI();
    await used.whoAmI();
    const kept = server.open();
    await new PortalClient(configuration).close();
    await expect(used.whoAmI()).resolves.toBe('You are 123456789');
    expect(server.open()).toBe(kept);
    await used.close();
    await vi.waitFor(() => expect(server.open()).toBe(0));
  });
});
