import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { CertificateError } from '../errors/index.js';
import { Pkcs12PasswordError, readPkcs12, type Pkcs12Contents } from './pkcs12.js';

/** Where the organisation (enterprise) certificate comes from: a PKCS#12 file, or a PEM key and certificate chain. */
export type CertificateInput =
  | {
      /** PKCS#12 bytes, or a path to a PKCS#12 file. */
      pkcs12: Uint8Array | string;
      /** The PKCS#12 password; any characters, non-ASCII included. */
      password: string;
    }
  | {
      /** PEM private key, PKCS#1 or PKCS#8, optionally encrypted (then give `passphrase`). */
      key: string | Uint8Array;
      /** PEM leaf certificate followed by its intermediates. */
      cert: string | Uint8Array;
      /** The passphrase of an encrypted PEM key. */
      passphrase?: string;
    };

/** What a certificate input holds once opened: its key, its certificates, and for a PKCS#12 file its format. */
export interface KeyAndCertificates {
  key: KeyObject;
  certificates: Uint8Array[];
  /** PKCS#12 input only: the encryption and MAC met (see `pkcs12Format`). */
  pkcs12?: Pick<Pkcs12Contents, 'encryption' | 'mac'>;
}

/**
 * Opens a certificate input (PKCS#12 bytes or path with its password, or PEM key and certificates). Throws
 * CertificateError (`unreadable`, `wrong-password`, `no-private-key`, `no-certificate`); messages never hold the
 * password.
 */
export function readCertificateInput(input: CertificateInput): Promise<KeyAndCertificates> {
  return 'pkcs12' in input ? fromPkcs12(input.pkcs12, input.password) : Promise.resolve(fromPem(input));
}

/** The certificate that matches the key, and its chain (leaf first) from the other certificates. */
export function leafAndChain(key: KeyObject, certificates: readonly Uint8Array[]): { leaf: X509Certificate; chain: X509Certificate[] } {
  const x509s = certificates.map((der) => new X509Certificate(der));
  const leaf = x509s.find((c) => c.checkPrivateKey(key));
  if (leaf === undefined) {
    throw new CertificateError(
      'no-certificate',
      certificates.length === 0
        ? 'The organisation certificate input holds a private key but no certificate'
        : 'No certificate in the organisation certificate input matches its private key',
    );
  }
  return { leaf, chain: buildChain(leaf, x509s) };
}

/**
 * Leaf first, then each issuer found among the given certificates. Self-signed certificates (roots) are left out:
 * CA certificates inside a key store are never a trust decision of ours and the server does not want them.
 */
function buildChain(leaf: X509Certificate, all: X509Certificate[]): X509Certificate[] {
  const chain = [leaf];
  let current = leaf;
  for (;;) {
    const issuer = all.find((c) => !chain.includes(c) && current.checkIssued(c) && current.verify(c.publicKey));
    if (issuer === undefined || issuer.checkIssued(issuer)) break;
    chain.push(issuer);
    current = issuer;
  }
  // A self-signed leaf stays: it is the signing certificate (as in the Java client's test key store).
  return chain;
}

async function fromPkcs12(source: Uint8Array | string, password: string): Promise<KeyAndCertificates> {
  let bytes: Uint8Array;
  if (typeof source === 'string') {
    // Loaded lazily so that importing this module costs nothing where files are never read.
    const { readFile } = await import('node:fs/promises');
    try {
      bytes = await readFile(source);
    } catch (cause) {
      throw new CertificateError('unreadable', `Cannot read the PKCS#12 file ${source}: ${(cause as Error).message}`, { cause });
    }
  } else {
    bytes = source;
  }
  let contents;
  try {
    contents = readPkcs12(bytes, password);
  } catch (cause) {
    if (cause instanceof Pkcs12PasswordError) {
      throw new CertificateError(
        'wrong-password',
        `The PKCS#12 password is wrong (${cause.message}); if the file holds several keys, they must share that password`,
        { cause },
      );
    }
    throw new CertificateError('unreadable', `Not a readable PKCS#12 file: ${(cause as Error).message}`, { cause });
  }
  // Java uses the first alias; the first key is its equivalent.
  const first = contents.keys[0];
  if (first === undefined) throw new CertificateError('no-private-key', 'The PKCS#12 file holds no private key');
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: Buffer.from(first.der), format: 'der', type: 'pkcs8' });
  } catch (cause) {
    throw new CertificateError('unreadable', 'The private key in the PKCS#12 file cannot be read', { cause });
  }
  // Certificates tied to the key by localKeyId first, so a matching leaf is found before unrelated ones.
  const certs = [...contents.certificates].sort(
    (a, b) => Number(b.localKeyId !== undefined && b.localKeyId === first.localKeyId) - Number(a.localKeyId !== undefined && a.localKeyId === first.localKeyId),
  );
  return { key, certificates: certs.map((c) => c.der), pkcs12: { encryption: contents.encryption, mac: contents.mac } };
}

function fromPem(input: { key: string | Uint8Array; cert: string | Uint8Array; passphrase?: string }): KeyAndCertificates {
  const keyText = typeof input.key === 'string' ? input.key : Buffer.from(input.key).toString('utf8');
  let key: KeyObject;
  try {
    key = createPrivateKey(input.passphrase === undefined ? { key: keyText } : { key: keyText, passphrase: input.passphrase });
  } catch (cause) {
    // OpenSSL's errors for a wrong or missing passphrase vary ("bad decrypt", "interrupted or cancelled" …), so
    // whether the PEM is encrypted decides the reason.
    if (/-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type:\s*4,ENCRYPTED/.test(keyText)) {
      throw new CertificateError(
        'wrong-password',
        input.passphrase === undefined ? 'The private key PEM is encrypted; give its passphrase' : 'The private key passphrase is wrong',
        { cause },
      );
    }
    throw new CertificateError('unreadable', 'The private key is not a readable PEM key', { cause });
  }
  const certText = typeof input.cert === 'string' ? input.cert : Buffer.from(input.cert).toString('utf8');
  const blocks = certText.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) throw new CertificateError('no-certificate', 'The certificate PEM holds no certificate');
  let certificates: Uint8Array[];
  try {
    certificates = blocks.map((b) => new Uint8Array(new X509Certificate(b).raw));
  } catch (cause) {
    throw new CertificateError('unreadable', 'A certificate in the certificate PEM cannot be read', { cause });
  }
  return { key, certificates };
}
