import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';

/*
 * The tests' one PKI builder: fresh RSA keys (made by Node, much faster than forge) and certificates made by forge.
 * `makeIdentity` issues any certificate a test needs; `makeChain` a root → intermediate → leaf; `testPki` the fixed
 * set the transport tests run mutual TLS with. (The simulator's own PKI, src/testing/pki.ts, is product code.)
 */

/** A certificate with its key, in the forms tests use. */
export interface TestIdentity {
  key: forge.pki.rsa.PrivateKey;
  cert: forge.pki.Certificate;
  /** The private key, PKCS#1 PEM. */
  keyPem: string;
  certPem: string;
  der: Uint8Array;
}

/** A subject attribute: by forge short name or OID, UTF8String unless `valueTagClass` says otherwise. */
export type NameAttribute = { shortName?: string; name?: string; type?: string; value: string; valueTagClass?: number };

const UTF8 = forge.asn1.Type.UTF8 as number;
const DAY_MS = 86_400_000;

/** A fresh RSA-2048 private key, PKCS#1 PEM. */
export function rsaKeyPem(): string {
  return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
}

let serial = 1000;

/**
 * Issues a certificate (self-signed without `issuer`). A CA gets basicConstraints and keyUsage for signing
 * certificates; a TLS leaf (`tls`) gets the key usages and extended key usage a server or client needs.
 */
export function makeIdentity(options: {
  subject: NameAttribute[];
  issuer?: TestIdentity;
  serial?: number;
  notBefore?: Date;
  notAfter?: Date;
  ca?: boolean;
  tls?: 'server' | 'client';
}): TestIdentity {
  const keyPem = rsaKeyPem();
  const key = forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey;
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  // Small serials: libxml2 rejects xs:integer values over 24 digits in schema validation.
  cert.serialNumber = (options.serial ?? serial++).toString(16).padStart(2, '0');
  cert.validity.notBefore = options.notBefore ?? new Date(Date.now() - DAY_MS);
  cert.validity.notAfter = options.notAfter ?? new Date(Date.now() + 365 * DAY_MS);
  const subject = options.subject.map((a) => ({ valueTagClass: UTF8, ...a }));
  cert.setSubject(subject as forge.pki.CertificateField[]);
  cert.setIssuer((options.issuer?.cert.subject.attributes ?? subject) as forge.pki.CertificateField[]);
  const extensions: object[] = [{ name: 'basicConstraints', cA: options.ca === true, critical: true }];
  if (options.ca) extensions.push({ name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true });
  if (options.tls !== undefined) {
    extensions.push({ name: 'keyUsage', digitalSignature: true, keyEncipherment: true });
    extensions.push({ name: 'extKeyUsage', serverAuth: options.tls === 'server', clientAuth: options.tls === 'client' });
  }
  cert.setExtensions(extensions);
  cert.sign(options.issuer?.key ?? key, forge.md.sha256.create());
  const der = new Uint8Array(Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'latin1'));
  return { key, cert, keyPem: forge.pki.privateKeyToPem(key), certPem: forge.pki.certificateToPem(cert), der };
}

/** Root → intermediate → leaf. */
export function makeChain(leafSubject: NameAttribute[] = [{ shortName: 'CN', value: 'Test Leaf' }]) {
  const root = makeIdentity({
    subject: [
      { shortName: 'C', value: 'NO' },
      { shortName: 'CN', value: 'Test Root' },
    ],
    ca: true,
  });
  const intermediate = makeIdentity({
    subject: [
      { shortName: 'C', value: 'NO' },
      { shortName: 'CN', value: 'Test Intermediate' },
    ],
    issuer: root,
    ca: true,
  });
  const leaf = makeIdentity({ subject: leafSubject, issuer: intermediate });
  return { root, intermediate, leaf };
}

/** A PKCS#12 made by forge. */
export function forgeP12(key: forge.pki.rsa.PrivateKey | null, certs: forge.pki.Certificate[], password: string, algorithm: 'aes256' | '3des'): Uint8Array {
  const asn = forge.pkcs12.toPkcs12Asn1(key, certs, password, { algorithm });
  return new Uint8Array(Buffer.from(forge.asn1.toDer(asn).getBytes(), 'latin1'));
}

/** A fresh temporary directory. */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'posten-signering-test-'));
}

/** A PKCS#12 made by the openssl command (OpenSSL 3 default PBES2/AES unless `extra` says otherwise). */
export function opensslP12(keyPem: string, certsPem: string, password: string, extra: string[] = []): Uint8Array {
  const dir = tempDir();
  writeFileSync(join(dir, 'key.pem'), keyPem);
  writeFileSync(join(dir, 'certs.pem'), certsPem);
  const out = join(dir, 'out.p12');
  // The password goes through the environment so its UTF-8 bytes reach openssl unchanged.
  execFileSync(
    'openssl',
    ['pkcs12', '-export', '-inkey', join(dir, 'key.pem'), '-in', join(dir, 'certs.pem'), '-passout', 'env:P12PW', '-out', out, ...extra],
    {
      env: { ...process.env, P12PW: password },
    },
  );
  return new Uint8Array(readFileSync(out));
}

/** The fixed PKI the transport tests run mutual TLS with: a CA for servers, a CA for clients, and their leaves. */
export interface TestPki {
  serverCa: TestIdentity;
  /** Issues the client certificate; also the "other CA" a wrong server is signed by. */
  clientCa: TestIdentity;
  /** CN without a host name: host name verification would refuse it. Organisation 984661185. */
  server: TestIdentity;
  serverWrongOrg: TestIdentity;
  serverOtherCa: TestIdentity;
  serverExpired: TestIdentity;
  client: TestIdentity;
  /** The client leaf followed by its CA, as a customer's p12 would give it. */
  clientChainPem: string;
}

let cached: TestPki | undefined;

/** The transport tests' PKI, made once per test file; each certificate only when a test first reads it. */
export function testPki(): TestPki {
  if (cached) return cached;
  const once = <T>(make: () => T): (() => T) => {
    let value: T | undefined;
    return () => (value ??= make());
  };
  const serverCa = once(() => makeIdentity({ subject: [{ name: 'commonName', value: 'Test Server Root CA' }], ca: true }));
  const clientCa = once(() => makeIdentity({ subject: [{ name: 'commonName', value: 'Test Client CA' }], ca: true }));
  const posten = (org: string): NameAttribute[] => [
    { name: 'countryName', value: 'NO' },
    { name: 'organizationName', value: 'POSTEN NORGE AS' },
    { type: '2.5.4.97', value: `NTRNO-${org}` },
    { name: 'commonName', value: 'POSTEN NORGE AS TEST' },
  ];
  const server = once(() => makeIdentity({ subject: posten('984661185'), issuer: serverCa(), tls: 'server' }));
  const serverWrongOrg = once(() => makeIdentity({ subject: posten('999888777'), issuer: serverCa(), tls: 'server' }));
  const serverOtherCa = once(() => makeIdentity({ subject: posten('984661185'), issuer: clientCa(), tls: 'server' }));
  const serverExpired = once(() =>
    makeIdentity({
      subject: posten('984661185'),
      issuer: serverCa(),
      tls: 'server',
      notBefore: new Date(Date.now() - 3 * 365 * DAY_MS),
      notAfter: new Date(Date.now() - 30 * DAY_MS),
    }),
  );
  const client = once(() =>
    makeIdentity({
      subject: [
        { name: 'countryName', value: 'NO' },
        { name: 'organizationName', value: 'ACME AS' },
        { name: 'serialNumber', value: '123456789' },
        { name: 'commonName', value: 'ACME AS' },
      ],
      issuer: clientCa(),
      tls: 'client',
    }),
  );
  cached = {
    get serverCa() {
      return serverCa();
    },
    get clientCa() {
      return clientCa();
    },
    get server() {
      return server();
    },
    get serverWrongOrg() {
      return serverWrongOrg();
    },
    get serverOtherCa() {
      return serverOtherCa();
    },
    get serverExpired() {
      return serverExpired();
    },
    get client() {
      return client();
    },
    get clientChainPem() {
      return client().certPem + clientCa().certPem;
    },
  };
  return cached;
}

/** A server certificate with exactly this subject, issued by the trusted server CA (for identity-rule cases). */
export function serverCertificateWithSubject(subject: readonly (NameAttribute | forge.pki.CertificateField)[]): TestIdentity {
  return makeIdentity({ subject: subject as NameAttribute[], issuer: testPki().serverCa, tls: 'server' });
}
