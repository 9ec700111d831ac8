import { beforeAll, describe, expect, it, vi } from 'vitest';
import { CertificateError, ClientConfiguration, Environment } from '../../../src/index.js';
import { makeChain, makeIdentity, type TestIdentity } from '../../helpers/pki.js';

const DAY = 86_400_000;
const orgSubject = [
  { shortName: 'C', value: 'NO' },
  { type: '2.5.4.97', value: 'NTRNO-123456789' },
  { shortName: 'CN', value: 'Acme AS' },
];

function customEnvironment(anchor: TestIdentity, options: { sender?: TestIdentity; name?: string } = {}): Environment {
  return Environment.custom({
    url: 'https://127.0.0.1:9',
    trustedCertificates: [anchor.certPem],
    ...(options.sender ? { trustedSenderCertificates: [options.sender.certPem] } : {}),
    name: options.name ?? 'rig',
  });
}

async function loadError(config: ClientConfiguration): Promise<CertificateError> {
  const error = await config.loadCertificate().then(
    () => new Error('the certificate was accepted'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CertificateError);
  return error as CertificateError;
}

describe("the sender's certificate must fit the environment", () => {
  let chain: ReturnType<typeof makeChain>;
  let other: ReturnType<typeof makeChain>;
  beforeAll(() => {
    chain = makeChain(orgSubject);
    other = makeChain(orgSubject);
  });

  it('is accepted when its chain (through the intermediate it carries) ends in an anchor of the environment', async () => {
    const config = new ClientConfiguration({
      environment: customEnvironment(chain.root),
      certificate: { key: chain.leaf.keyPem, cert: chain.leaf.certPem + chain.intermediate.certPem },
    });
    expect((await config.loadCertificate()).leaf.organizationNumber).toBe('123456789');
  });

  it('is accepted when the environment trusts its intermediate directly, even without the intermediate in the file', async () => {
    const config = new ClientConfiguration({
      environment: customEnvironment(chain.intermediate),
      certificate: { key: chain.leaf.keyPem, cert: chain.leaf.certPem },
    });
    await expect(config.loadCertificate()).resolves.toBeDefined();
  });

  it('fails at loadCertificate() with reason wrong-environment, naming its issuer and the environment', async () => {
    const config = new ClientConfiguration({
      environment: customEnvironment(other.root, { name: 'qa' }),
      certificate: { key: chain.leaf.keyPem, cert: chain.leaf.certPem + chain.intermediate.certPem },
    });
    const error = await loadError(config);
    expect(error.reason).toBe('wrong-environment');
    expect(error.message).toContain('issued by "CN=Test Intermediate,C=NO"');
    expect(error.message).toContain('"qa" environment');
    expect(error.message).toMatch(/trustedSenderCertificates/);
  });

  it('a look-alike issuer (same name, another key) does not fit', async () => {
    // `other` has CAs with the very same names; only the signatures tell them apart.
    const config = new ClientConfiguration({
      environment: customEnvironment(other.intermediate),
      certificate: { key: chain.leaf.keyPem, cert: chain.leaf.certPem },
    });
    expect((await loadError(config)).reason).toBe('wrong-environment');
  });

  it('a certificate of another CA against production fails with wrong-environment naming production and its issuer', async () => {
    const config = new ClientConfiguration({
      environment: Environment.production,
      certificate: { key: chain.leaf.keyPem, cert: chain.leaf.certPem + chain.intermediate.certPem },
    });
    const error = await loadError(config);
    expect(error.reason).toBe('wrong-environment');
    expect(error.message).toContain('"production" environment');
    expect(error.message).toContain('CN=Test Intermediate,C=NO');
    expect(error.message).toMatch(/test certificate against production/);
  });

  it('trustedSenderCertificates replaces the server anchors for the sender check', async () => {
    const leaf = { key: chain.leaf.keyPem, cert: chain.leaf.certPem + chain.intermediate.certPem };
    await expect(
      new ClientConfiguration({ environment: customEnvironment(other.root, { sender: chain.root }), certificate: leaf }).loadCertificate(),
    ).resolves.toBeDefined();
    const error = await loadError(new ClientConfiguration({ environment: customEnvironment(chain.root, { sender: other.root }), certificate: leaf }));
    expect(error.reason).toBe('wrong-environment');
  });

  it('warns once when it expires within 30 days, through the logger', async () => {
    const soon = makeIdentity({ subject: orgSubject, issuer: chain.intermediate, notAfter: new Date(Date.now() + 10 * DAY + 3_600_000) });
    const later = makeIdentity({ subject: orgSubject, issuer: chain.intermediate, notAfter: new Date(Date.now() + 31 * DAY) });
    const warn = vi.fn();
    const make = (leaf: TestIdentity) =>
      new ClientConfiguration({
        environment: customEnvironment(chain.root),
        certificate: { key: leaf.keyPem, cert: leaf.certPem + chain.intermediate.certPem },
        logger: { warn },
      });
    await make(later).loadCertificate();
    expect(warn).not.toHaveBeenCalled();
    await make(soon).loadCertificate();
    await make(soon).loadCertificate();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/expires .* in 10 days: order its renewal now/);
  });

  it('without a logger the warning is a process warning', async () => {
    const soon = makeIdentity({ subject: orgSubject, issuer: chain.intermediate, notAfter: new Date(Date.now() + 2 * DAY + 3_600_000) });
    const emit = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      await new ClientConfiguration({
        environment: customEnvironment(chain.root),
        certificate: { key: soon.keyPem, cert: soon.certPem + chain.intermediate.certPem },
      }).loadCertificate();
      expect(emit).toHaveBeenCalledTimes(1);
      expect(String(emit.mock.calls[0]?.[0])).toMatch(/in 2 days/);
    } finally {
      emit.mockRestore();
    }
  });
});
