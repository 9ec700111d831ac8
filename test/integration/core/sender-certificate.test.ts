import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CertificateError, ClientConfiguration, DirectClient, Sender } from '../../../src/index.js';
import { startSimulator } from '../../../src/testing/index.js';
import type { Simulator } from '../../../src/testing/index.js';
import { makeChain } from '../../helpers/pki.js';

const orgSubject = [
  { shortName: 'C', value: 'NO' },
  { type: '2.5.4.97', value: 'NTRNO-123456789' },
  { shortName: 'CN', value: 'Acme AS' },
];

describe('a certificate of the wrong environment, on the first call', () => {
  let simulator: Simulator;
  beforeAll(async () => {
    simulator = await startSimulator({ rateLimit: false });
  });
  afterAll(async () => {
    await simulator.close();
  });

  it("the simulator's own sender certificate fits its environment", async () => {
    const client = new DirectClient(
      new ClientConfiguration({
        environment: simulator.environment,
        certificate: simulator.senderCertificate,
        globalSender: new Sender(simulator.organizationNumber),
      }),
    );
    try {
      await expect(client.whoAmI()).resolves.toContain(simulator.organizationNumber);
    } finally {
      await client.close();
    }
  });

  it('fails with wrong-environment before any request reaches the server', async () => {
    const foreign = makeChain(orgSubject);
    const before = simulator.stats.requests;
    const client = new DirectClient(
      new ClientConfiguration({
        environment: simulator.environment,
        certificate: { key: foreign.leaf.keyPem, cert: foreign.leaf.certPem + foreign.intermediate.certPem },
        globalSender: new Sender('123456789'),
      }),
    );
    const error = await client.whoAmI().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CertificateError);
    expect((error as CertificateError).reason).toBe('wrong-environment');
    expect((error as Error).message).toContain('"simulator" environment');
    expect(simulator.stats.requests).toBe(before);
    await client.close();
  });
});
