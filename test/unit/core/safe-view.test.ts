import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ArchiveClient, ClientConfiguration, DirectClient, Environment, PortalClient, Sender } from '../../../src/index.js';
import { testPki } from '../../helpers/pki.js';

const PROXY_PASSWORD = 'pr0xy-s3cret';
const P12_PASSWORD = 'p12-pa55word';

/** Every way an application prints a value by accident. */
function printed(value: unknown): string {
  return [
    inspect(value),
    inspect(value, { showHidden: true, depth: Infinity, getters: true }),
    JSON.stringify(value),
    String(value),
    `${value as string}`,
  ].join('\n');
}

function configuration(certificate: ConstructorParameters<typeof ClientConfiguration>[0]['certificate']): ClientConfiguration {
  const pki = testPki();
  return new ClientConfiguration({
    environment: Environment.custom({ url: 'https://127.0.0.1:9', trustedCertificates: [pki.clientCa.certPem], name: 'secrets-test' }),
    certificate,
    globalSender: new Sender('123456789'),
    proxy: `http://proxyuser:${PROXY_PASSWORD}@127.0.0.1:3128/`,
    logger: { warn: () => undefined },
    userAgent: 'secrets-test/1.0',
  });
}

describe('secrets are never printed', () => {
  it('a ClientConfiguration shows its settings but no certificate password, key or proxy credentials', () => {
    const config = configuration({ pkcs12: new Uint8Array([1, 2, 3]), password: P12_PASSWORD });
    const text = printed(config);
    expect(text).not.toContain(P12_PASSWORD);
    expect(text).not.toContain(PROXY_PASSWORD);
    expect(text).not.toContain('proxyuser');
    expect(text).not.toMatch(/pkcs12/i);
    // Still useful to read.
    expect(text).toContain('secrets-test');
    expect(text).toContain('http://***@127.0.0.1:3128');
    expect(text).toContain('secrets-test/1.0');
    expect(JSON.parse(JSON.stringify(config))).toMatchObject({ environment: { name: 'secrets-test' }, proxy: 'http://***@127.0.0.1:3128', logger: '(set)' });
  });

  it('a PEM key passphrase and the PEM key itself are not printed either', () => {
    const pki = testPki();
    const config = configuration({ key: pki.client.keyPem, cert: pki.clientChainPem, passphrase: P12_PASSWORD });
    const text = printed(config);
    expect(text).not.toContain(P12_PASSWORD);
    expect(text).not.toContain('PRIVATE KEY');
  });

  it('every client prints without secrets', async () => {
    const pki = testPki();
    const config = configuration({ key: pki.client.keyPem, cert: pki.clientChainPem });
    // Loaded, so the key is in memory behind the client too.
    await config.loadCertificate();
    for (const client of [new DirectClient(config), new PortalClient(config), new ArchiveClient(config)]) {
      const text = printed(client);
      expect(text).not.toContain(PROXY_PASSWORD);
      expect(text).not.toContain('PRIVATE KEY');
      expect(text).not.toContain(pki.client.keyPem.split('\n')[1]);
      expect(String(client)).toMatch(/^(Direct|Portal|Archive)Client\(ClientConfiguration\(secrets-test, /);
    }
  });

  it('what loadCertificate() returns shows the certificate, never the key, and still hands the key to TLS and signing', async () => {
    const pki = testPki();
    const config = configuration({ key: pki.client.keyPem, cert: pki.clientChainPem });
    const certificate = await config.loadCertificate();
    const text = printed(certificate);
    expect(text).not.toContain('PRIVATE KEY');
    const keyDerBase64 = Buffer.from(certificate.privateKeyPkcs8).toString('base64');
    expect(text).not.toContain(keyDerBase64.slice(40, 80));
    expect(text).not.toContain(certificate.keyPem.split('\n')[1]);
    // The bytes as inspect prints them (<Buffer 30 82 …> or Uint8Array(…) [ 48, 130, … ]) are not there either.
    expect(text).not.toContain(inspect(certificate.privateKeyPkcs8).slice(0, 60));
    expect(Object.keys(certificate)).not.toContain('keyPem');
    expect(text).toContain('serialNumber');
    expect(JSON.parse(JSON.stringify(certificate))).toMatchObject({ organizationNumber: '123456789', chainLength: 1 });
    expect(String(certificate)).toMatch(/^OrganizationCertificate\(CN=ACME AS/);
    expect(certificate.keyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(certificate.privateKeyPkcs8.byteLength).toBeGreaterThan(1000);
  });
});
