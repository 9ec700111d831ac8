import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';

/** Test-only PKI: fresh RSA keys (made by Node, which is much faster than forge) and certificates made by forge. */

export interface TestIdentity {
  key: forge.pki.rsa.PrivateKey;
  cert: forge.pki.Certificate;
  keyPem: string;
  certPem: string;
  der: Uint8Array;
}

export type NameAttribute = { shortName?: string; type?: string; value: string; valueTagClass?: number };

const UTF8 = forge.asn1.Type.UTF8 as number;

export function rsaKeyPem(): string {
  return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
}

let serial = 1000;

export function makeIdentity(options: {
  subject: NameAttribute[];
  issuer?: TestIdentity;
  serial?: number;
  notBefore?: Date;
  notAfter?: Date;
  ca?: boolean;
}): TestIdentity {
  const keyPem = rsaKeyPem();
  const key = forge.pki.privateKeyFromPem(keyPem);
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  // Small serials: libxml2 rejects xs:integer values over 24 digits in schema validation.
  cert.serialNumber = (options.serial ?? serial++).toString(16).padStart(2, '0');
  cert.validity.notBefore = options.notBefore ?? new Date(Date.now() - 86_400_000);
  cert.validity.notAfter = options.notAfter ?? new Date(Date.now() + 365 * 86_400_000);
  const subject = options.subject.map((a) => ({ valueTagClass: UTF8, ...a }));
  cert.setSubject(subject as forge.pki.CertificateField[]);
  cert.setIssuer((options.issuer?.cert.subject.attributes ?? subject) as forge.pki.CertificateField[]);
  cert.setExtensions(options.ca ? [{ name: 'basicConstraints', cA: true }, { name: 'keyUsage', keyCertSign: true }] : [{ name: 'basicConstraints', cA: false }]);
  cert.sign(options.issuer?.key ?? key, forge.md.sha256.create());
  const der = new Uint8Array(Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'latin1'));
  return { key, cert, keyPem: forge.pki.privateKeyToPem(key), certPem: forge.pki.certificateToPem(cert), der };
}

/** Root → intermediate → leaf. */
export function makeChain(leafSubject: NameAttribute[] = [{ shortName: 'CN', value: 'Test Leaf' }]) {
  const root = makeIdentity({ subject: [{ shortName: 'C', value: 'NO' }, { shortName: 'CN', value: 'Test Root' }], ca: true });
  const intermediate = makeIdentity({
    subject: [{ shortName: 'C', value: 'NO' }, { shortName: 'CN', value: 'Test Intermediate' }],
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
  execFileSync('openssl', ['pkcs12', '-export', '-inkey', join(dir, 'key.pem'), '-in', join(dir, 'certs.pem'), '-passout', 'env:P12PW', '-out', out, ...extra], {
    env: { ...process.env, P12PW: password },
  });
  return new Uint8Array(readFileSync(out));
}

