import { execFileSync } from 'node:child_process';
import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSecureContext } from 'node:tls';
import { beforeAll, describe, expect, it } from 'vitest';
import { CertificateError } from '../../../src/errors/index.js';
import { loadOrganizationCertificate, type OrganizationCertificate } from '../../../src/crypto/index.js';
import { forgeP12, makeChain, makeIdentity, opensslP12, tempDir, type TestIdentity } from '../../helpers/pki.js';

const fixture = new Uint8Array(readFileSync(new URL('../../fixtures/avsender-legacy.p12', import.meta.url)));

async function reasonOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(CertificateError);
    return (e as CertificateError).reason;
  }
  throw new Error('expected a CertificateError');
}

/** The loaded key really is the leaf's key: its public half equals the certificate's. */
function expectKeyMatchesLeaf(c: OrganizationCertificate, leaf: TestIdentity): void {
  const pub = createPublicKey(createPrivateKey({ key: Buffer.from(c.privateKeyPkcs8), format: 'der', type: 'pkcs8' }));
  expect(new X509Certificate(leaf.certPem).publicKey.equals(pub)).toBe(true);
  expect(c.keyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
}

describe('loadOrganizationCertificate', () => {
  let pki: ReturnType<typeof makeChain>;
  beforeAll(() => {
    pki = makeChain([
      { shortName: 'C', value: 'NO' },
      { type: '2.5.4.97', value: 'NTRNO-123456789' },
      { shortName: 'O', value: 'Acme, "Ltd" <&>' },
      { shortName: 'CN', value: 'Acme signer' },
    ]);
  });

  it('reads the legacy RC2-40/3DES fixture (the Java golden key) as of a date inside its validity', async () => {
    const c = await loadOrganizationCertificate({ pkcs12: fixture, password: 'password1234' }, new Date('2015-01-01T00:00:00Z'));
    expect(c.leaf.issuer).toBe('CN=Avsender,OU=Avsender,O=Avsender,L=Oslo,ST=NO,C=NO');
    expect(c.leaf.subject).toBe('CN=Avsender,OU=Avsender,O=Avsender,L=Oslo,ST=NO,C=NO');
    expect(c.leaf.serialNumber).toBe('589725471');
    expect(c.leaf.sha1).toBe('6Gko40cr8upGenUAxIT6bBVcRfo=');
    // The fixture's certificate is self-signed and is the leaf itself: it stays.
    expect(c.chain).toHaveLength(1);
  });

  it('reads the fixture from a file path', async () => {
    const path = join(tempDir(), 'fixture.p12');
    writeFileSync(path, fixture);
    const c = await loadOrganizationCertificate({ pkcs12: path, password: 'password1234' }, new Date('2015-01-01T00:00:00Z'));
    expect(c.leaf.serialNumber).toBe('589725471');
  });

  it('reports expired and not-yet-valid certificates', async () => {
    expect(await reasonOf(loadOrganizationCertificate({ pkcs12: fixture, password: 'password1234' }))).toBe('expired');
    expect(await reasonOf(loadOrganizationCertificate({ pkcs12: fixture, password: 'password1234' }, new Date('2014-01-01T00:00:00Z')))).toBe('not-yet-valid');
  });

  it('reports a wrong password without revealing it', async () => {
    const err = await loadOrganizationCertificate({ pkcs12: fixture, password: 'hunter2-wrong' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CertificateError);
    expect((err as CertificateError).reason).toBe('wrong-password');
    expect((err as Error).message).not.toContain('hunter2-wrong');
  });

  for (const algorithm of ['aes256', '3des'] as const) {
    it(`reads a forge ${algorithm} PKCS#12 with leaf, intermediate and root, and drops the self-signed root`, async () => {
      const p12 = forgeP12(pki.leaf.key, [pki.leaf.cert, pki.intermediate.cert, pki.root.cert], 'pw', algorithm);
      const c = await loadOrganizationCertificate({ pkcs12: p12, password: 'pw' });
      expect(c.chain.map((d) => Buffer.from(d))).toEqual([Buffer.from(pki.leaf.der), Buffer.from(pki.intermediate.der)]);
      expect(c.leaf.organizationNumber).toBe('123456789');
      expect(c.leaf.issuer).toBe('CN=Test Intermediate,C=NO');
      expect(c.leaf.subject).toBe('CN=Acme signer,O=Acme\\, \\"Ltd\\" \\<&\\>,2.5.4.97=#0c0f4e54524e4f2d313233343536373839,C=NO');
      expectKeyMatchesLeaf(c, pki.leaf);
      // What TLS will get must be usable by Node's TLS.
      expect(() => createSecureContext({ key: c.keyPem, cert: c.chainPem })).not.toThrow();
      expect(c.chainPem.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
    });
  }

  it('reads an OpenSSL 3 default (PBES2/AES) file with a non-ASCII password', async () => {
    const password = 'Sæcret€';
    const p12 = opensslP12(pki.leaf.keyPem, pki.leaf.certPem + pki.intermediate.certPem + pki.root.certPem, password);
    // The file really is PBES2 with a SHA-256 MAC, the case forge's own reader fails on.
    expect(Buffer.from(p12).includes(Buffer.from('2a864886f70d01050d', 'hex'))).toBe(true);
    const c = await loadOrganizationCertificate({ pkcs12: p12, password });
    expect(c.chain).toHaveLength(2);
    expectKeyMatchesLeaf(c, pki.leaf);
    expect(await reasonOf(loadOrganizationCertificate({ pkcs12: p12, password: 'Saecret€' }))).toBe('wrong-password');
  });

  it('reads an openssl -legacy (RC2-40/3DES) file with a non-ASCII password', async () => {
    const password = 'Blåbær€';
    const p12 = opensslP12(pki.leaf.keyPem, pki.leaf.certPem + pki.intermediate.certPem, password, ['-legacy']);
    const c = await loadOrganizationCertificate({ pkcs12: p12, password });
    expect(c.chain).toHaveLength(2);
    expectKeyMatchesLeaf(c, pki.leaf);
  });

  it('reports a PKCS#12 without a private key', async () => {
    const p12 = forgeP12(null, [pki.leaf.cert], 'pw', 'aes256');
    expect(await reasonOf(loadOrganizationCertificate({ pkcs12: p12, password: 'pw' }))).toBe('no-private-key');
  });

  it('reports a PKCS#12 with a key but no certificate for it', async () => {
    const other = makeIdentity({ subject: [{ shortName: 'CN', value: 'Other' }] });
    const p12 = forgeP12(pki.leaf.key, [other.cert], 'pw', 'aes256');
    expect(await reasonOf(loadOrganizationCertificate({ pkcs12: p12, password: 'pw' }))).toBe('no-certificate');
  });

  it('reports an EC key as not RSA', async () => {
    const dir = tempDir();
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-subj',
        '/CN=EC',
        '-days',
        '2',
        '-keyout',
        join(dir, 'k.pem'),
        '-out',
        join(dir, 'c.pem'),
      ],
      { stdio: 'ignore' },
    );
    const keyPem = readFileSync(join(dir, 'k.pem'), 'utf8');
    const certPem = readFileSync(join(dir, 'c.pem'), 'utf8');
    expect(await reasonOf(loadOrganizationCertificate({ pkcs12: opensslP12(keyPem, certPem, 'pw'), password: 'pw' }))).toBe('not-rsa');
    expect(await reasonOf(loadOrganizationCertificate({ key: keyPem, cert: certPem }))).toBe('not-rsa');
  });

  it('reports expired and not-yet-valid generated certificates', async () => {
    const expired = makeIdentity({ subject: [{ shortName: 'CN', value: 'Old' }], notBefore: new Date('2020-01-01'), notAfter: new Date('2021-01-01') });
    const future = makeIdentity({ subject: [{ shortName: 'CN', value: 'New' }], notBefore: new Date(Date.now() + 86_400_000) });
    expect(await reasonOf(loadOrganizationCertificate({ pkcs12: forgeP12(expired.key, [expired.cert], 'pw', 'aes256'), password: 'pw' }))).toBe('expired');
    expect(await reasonOf(loadOrganizationCertificate({ pkcs12: forgeP12(future.key, [future.cert], 'pw', '3des'), password: 'pw' }))).toBe('not-yet-valid');
  });

  it('reports bytes that are not PKCS#12 as unreadable', async () => {
    expect(await reasonOf(loadOrganizationCertificate({ pkcs12: new Uint8Array([1, 2, 3, 4]), password: 'pw' }))).toBe('unreadable');
    expect(await reasonOf(loadOrganizationCertificate({ pkcs12: '/nonexistent/file.p12', password: 'pw' }))).toBe('unreadable');
  });

  describe('PEM input', () => {
    it('reads a PKCS#1 key and a chain, dropping the root', async () => {
      const c = await loadOrganizationCertificate({ key: pki.leaf.keyPem, cert: pki.leaf.certPem + pki.intermediate.certPem + pki.root.certPem });
      expect(c.chain).toHaveLength(2);
      expectKeyMatchesLeaf(c, pki.leaf);
    });

    it('reads an encrypted PKCS#8 key with its passphrase and reports a wrong or missing one', async () => {
      const encrypted = createPrivateKey(pki.leaf.keyPem).export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'Hemmelig€' }).toString();
      const c = await loadOrganizationCertificate({ key: encrypted, cert: new TextEncoder().encode(pki.leaf.certPem), passphrase: 'Hemmelig€' });
      expectKeyMatchesLeaf(c, pki.leaf);
      expect(await reasonOf(loadOrganizationCertificate({ key: encrypted, cert: pki.leaf.certPem, passphrase: 'wrong' }))).toBe('wrong-password');
      expect(await reasonOf(loadOrganizationCertificate({ key: encrypted, cert: pki.leaf.certPem }))).toBe('wrong-password');
    });

    it('refuses a key that does not match the certificate', async () => {
      expect(await reasonOf(loadOrganizationCertificate({ key: pki.root.keyPem, cert: pki.leaf.certPem }))).toBe('no-certificate');
      expect(await reasonOf(loadOrganizationCertificate({ key: pki.leaf.keyPem, cert: 'no pem here' }))).toBe('no-certificate');
    });
  });
});
