import { createDecipheriv, createHmac, pbkdf2Sync, timingSafeEqual } from 'node:crypto';
import forge from 'node-forge';
import { child, children, fromBinary, integerOf, octetsOf, oidOf, parseDer, type Asn1 } from './asn1.js';

/*
 * A PKCS#12 (PFX) reader written over forge's ASN.1 because forge's own reader cannot open files with a non-ASCII
 * password: the PKCS#12 MAC and the legacy pbeWithSHAAnd* ciphers derive keys from the password as UTF-16BE
 * (BMPString), while PBES2 (OpenSSL 3's default AES files) derives them from its UTF-8 bytes, and forge uses one
 * encoding for both. Here each algorithm gets the encoding its standard requires.
 */

const OID = {
  data: '1.2.840.113549.1.7.1',
  encryptedData: '1.2.840.113549.1.7.6',
  keyBag: '1.2.840.113549.1.12.10.1.1',
  shroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  safeContentsBag: '1.2.840.113549.1.12.10.1.6',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  localKeyId: '1.2.840.113549.1.9.21',
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
} as const;

const DIGESTS: Readonly<Record<string, { node: string; forge: () => forge.md.MessageDigest; length: number }>> = {
  '1.3.14.3.2.26': { node: 'sha1', forge: () => forge.md.sha1.create(), length: 20 },
  '2.16.840.1.101.3.4.2.4': { node: 'sha224', forge: () => forge.md.sha512.sha224.create(), length: 28 },
  '2.16.840.1.101.3.4.2.1': { node: 'sha256', forge: () => forge.md.sha256.create(), length: 32 },
  '2.16.840.1.101.3.4.2.2': { node: 'sha384', forge: () => forge.md.sha384.create(), length: 48 },
  '2.16.840.1.101.3.4.2.3': { node: 'sha512', forge: () => forge.md.sha512.create(), length: 64 },
};

/** PBKDF2 PRFs (RFC 8018 appendix B.1.2); hmacWithSHA1 is the default when the parameter is absent. */
const PRFS: Readonly<Record<string, string>> = {
  '1.2.840.113549.2.7': 'sha1',
  '1.2.840.113549.2.8': 'sha224',
  '1.2.840.113549.2.9': 'sha256',
  '1.2.840.113549.2.10': 'sha384',
  '1.2.840.113549.2.11': 'sha512',
};

const PBES2_CIPHERS: Readonly<Record<string, { name: string; keyLength: number }>> = {
  '2.16.840.1.101.3.4.1.2': { name: 'aes-128-cbc', keyLength: 16 },
  '2.16.840.1.101.3.4.1.22': { name: 'aes-192-cbc', keyLength: 24 },
  '2.16.840.1.101.3.4.1.42': { name: 'aes-256-cbc', keyLength: 32 },
  '1.2.840.113549.3.7': { name: 'des-ede3-cbc', keyLength: 24 },
};

/** The password did not open the file: the MAC did not verify or a decryption failed its padding check. */
export class Pkcs12PasswordError extends Error {}

/** A bag of a PKCS#12 file; `localKeyId` (hex) pairs a key with its certificate. */
export interface Pkcs12Bag {
  der: Uint8Array;
  localKeyId: string | undefined;
}

export interface Pkcs12Contents {
  /** Unencrypted PKCS#8 PrivateKeyInfo DER of every key bag, in file order. */
  keys: Pkcs12Bag[];
  /** X.509 certificate DER of every certificate bag, in file order. */
  certificates: Pkcs12Bag[];
  /**
   * The password-based encryptions met, named (`PBES2 AES-256-CBC`, `pbeWithSHAAnd3-KeyTripleDES-CBC` …), and the
   * MAC digest, for diagnostics: which format the file is in.
   */
  encryption: string[];
  mac: string | undefined;
}

/** PKCS#12 PBE algorithms (RFC 7292 appendix C), by the names tools print. */
const LEGACY_PBE: Readonly<Record<string, string>> = {
  '1.2.840.113549.1.12.1.1': 'pbeWithSHAAnd128BitRC4',
  '1.2.840.113549.1.12.1.2': 'pbeWithSHAAnd40BitRC4',
  '1.2.840.113549.1.12.1.3': 'pbeWithSHAAnd3-KeyTripleDES-CBC',
  '1.2.840.113549.1.12.1.4': 'pbeWithSHAAnd2-KeyTripleDES-CBC',
  '1.2.840.113549.1.12.1.5': 'pbeWithSHAAnd128BitRC2-CBC',
  '1.2.840.113549.1.12.1.6': 'pbeWithSHAAnd40BitRC2-CBC',
};

/** Whether a file's encryption is OpenSSL 3's default (PBES2 with AES) or the legacy PKCS#12 PBE family. */
export function pkcs12Format(contents: Pick<Pkcs12Contents, 'encryption'>): 'modern' | 'legacy' | 'unencrypted' {
  if (contents.encryption.length === 0) return 'unencrypted';
  return contents.encryption.every((e) => e.startsWith('PBES2')) ? 'modern' : 'legacy';
}

/**
 * Opens a PKCS#12 file. Throws Pkcs12PasswordError when the password is wrong and a plain Error when the file is
 * not a PKCS#12 file this reader understands.
 */
export function readPkcs12(bytes: Uint8Array, password: string): Pkcs12Contents {
  const pfx = children(parseDer(bytes), 'PFX');
  const authSafe = pfx[1];
  if (oidOf(child(authSafe, 0, 'authSafe'), 'authSafe contentType') !== OID.data) {
    // Public-key integrity mode (signedData) is allowed by the standard but no tool in use writes it.
    throw new Error('PKCS#12 files protected by a signature instead of a password MAC are not supported');
  }
  const authSafeOctets = octetsOf(child(child(authSafe, 1, 'authSafe'), 0, 'authSafe content'), 'authSafe content');
  const macData = pfx[2];
  const contents: Pkcs12Contents = { keys: [], certificates: [], encryption: [], mac: undefined };
  if (macData !== undefined) contents.mac = verifyMac(macData, authSafeOctets, password);

  for (const info of children(parseDer(fromBinary(authSafeOctets)), 'AuthenticatedSafe')) {
    const type = oidOf(child(info, 0, 'ContentInfo'), 'ContentInfo contentType');
    const content = child(child(info, 1, 'ContentInfo'), 0, 'ContentInfo content');
    if (type === OID.data) {
      readSafeContents(octetsOf(content, 'SafeContents'), password, contents);
    } else if (type === OID.encryptedData) {
      const encryptedContentInfo = child(content, 1, 'EncryptedData');
      const algorithm = child(encryptedContentInfo, 1, 'EncryptedContentInfo');
      const encrypted = child(encryptedContentInfo, 2, 'EncryptedContentInfo');
      readSafeContents(decrypt(algorithm, octetsOf(encrypted, 'encryptedContent'), password, contents), password, contents);
    }
    // envelopedData (public-key privacy mode) is skipped: it cannot be opened with a password.
  }
  return contents;
}

function readSafeContents(der: string, password: string, out: Pkcs12Contents): void {
  for (const bag of children(parseDer(fromBinary(der)), 'SafeContents')) {
    const bagId = oidOf(child(bag, 0, 'SafeBag'), 'bagId');
    const value = child(child(bag, 1, 'SafeBag'), 0, 'bagValue');
    const localKeyId = localKeyIdOf(children(bag, 'SafeBag')[2]);
    if (bagId === OID.keyBag) {
      out.keys.push({ der: fromBinary(forge.asn1.toDer(value).getBytes()), localKeyId });
    } else if (bagId === OID.shroudedKeyBag) {
      const plain = decrypt(child(value, 0, 'EncryptedPrivateKeyInfo'), octetsOf(child(value, 1, 'EncryptedPrivateKeyInfo'), 'encryptedData'), password, out);
      out.keys.push({ der: fromBinary(plain), localKeyId });
    } else if (bagId === OID.certBag) {
      // Only X.509 certificates; SDSI certificates never occur in practice.
      if (oidOf(child(value, 0, 'CertBag'), 'certId') !== OID.x509Certificate) continue;
      const cert = octetsOf(child(child(value, 1, 'CertBag'), 0, 'certValue'), 'certValue');
      out.certificates.push({ der: fromBinary(cert), localKeyId });
    } else if (bagId === OID.safeContentsBag) {
      readSafeContents(forge.asn1.toDer(value).getBytes(), password, out);
    }
  }
}

function localKeyIdOf(attributes: Asn1 | undefined): string | undefined {
  if (attributes === undefined || !Array.isArray(attributes.value)) return undefined;
  for (const attribute of attributes.value) {
    if (oidOf(child(attribute, 0, 'Attribute'), 'attribute type') !== OID.localKeyId) continue;
    const value = children(child(attribute, 1, 'Attribute'), 'attribute values')[0];
    return value === undefined ? undefined : Buffer.from(octetsOf(value, 'localKeyId'), 'latin1').toString('hex');
  }
  return undefined;
}

/**
 * Checks the PKCS#12 MAC; the key comes from the PKCS#12 KDF over the BMPString (UTF-16BE) password. Returns the
 * MAC's digest name.
 */
function verifyMac(macData: Asn1, authSafeOctets: string, password: string): string {
  const digestInfo = child(macData, 0, 'MacData');
  const algorithm = oidOf(child(child(digestInfo, 0, 'DigestInfo'), 0, 'digestAlgorithm'), 'MAC digest algorithm');
  const expected = fromBinary(octetsOf(child(digestInfo, 1, 'DigestInfo'), 'MAC digest'));
  const salt = octetsOf(child(macData, 1, 'MacData'), 'macSalt');
  const iterationsNode = children(macData, 'MacData')[2];
  const iterations = iterationsNode === undefined ? 1 : Number(integerOf(iterationsNode, 'MAC iterations'));
  const digest = DIGESTS[algorithm];
  if (digest === undefined) throw new Error(`unsupported PKCS#12 MAC digest ${algorithm}`);
  // forge's generateKey writes each UTF-16 code unit as two bytes: exactly the BMPString the standard asks for.
  const key = forge.pkcs12.generateKey(password, forge.util.createBuffer(salt), 3, iterations, digest.length, digest.forge());
  const actual = createHmac(digest.node, Buffer.from(key.getBytes(), 'latin1')).update(Buffer.from(authSafeOctets, 'latin1')).digest();
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
    throw new Pkcs12PasswordError('the PKCS#12 MAC does not verify');
  }
  return digest.node.toUpperCase().replace(/^SHA/, 'SHA-');
}

/** Decrypts a PBES2 or PKCS#12-PBE encrypted block; returns a binary string. */
function decrypt(algorithm: Asn1, encrypted: string, password: string, out: Pkcs12Contents): string {
  const oid = oidOf(child(algorithm, 0, 'AlgorithmIdentifier'), 'encryption algorithm');
  const params = child(algorithm, 1, 'AlgorithmIdentifier');
  if (oid === OID.pbes2) return decryptPbes2(params, encrypted, password, out);
  note(out, LEGACY_PBE[oid] ?? oid);
  // pbeWithSHAAnd3-KeyTripleDES-CBC, pbeWithSHAAnd40BitRC2-CBC …: forge implements them (Node's OpenSSL 3 has no
  // RC2 without the legacy provider) and passes the raw string to the PKCS#12 KDF, which encodes it as BMPString.
  let cipher: forge.cipher.BlockCipher;
  try {
    cipher = (forge.pki as unknown as { pbe: { getCipher(o: string, p: Asn1, pw: string): forge.cipher.BlockCipher } }).pbe.getCipher(oid, params, password);
  } catch (cause) {
    throw new Error(`unsupported PKCS#12 encryption algorithm ${oid}`, { cause });
  }
  cipher.update(forge.util.createBuffer(encrypted));
  if (!cipher.finish()) throw new Pkcs12PasswordError('decryption failed (bad padding)');
  return cipher.output.getBytes();
}

/** PBES2 with PBKDF2 over the UTF-8 bytes of the password (RFC 8018; what OpenSSL 3 writes by default). */
function decryptPbes2(params: Asn1, encrypted: string, password: string, out: Pkcs12Contents): string {
  const kdf = child(params, 0, 'PBES2-params');
  const scheme = child(params, 1, 'PBES2-params');
  if (oidOf(child(kdf, 0, 'keyDerivationFunc'), 'KDF') !== OID.pbkdf2) throw new Error('unsupported PBES2 key derivation function');
  const kdfParams = children(child(kdf, 1, 'keyDerivationFunc'), 'PBKDF2-params');
  const salt = Buffer.from(octetsOf(kdfParams[0], 'PBKDF2 salt'), 'latin1');
  const iterations = Number(integerOf(kdfParams[1], 'PBKDF2 iterations'));
  // keyLength (INTEGER) is optional, the PRF (SEQUENCE) too; tell them apart by type.
  const prfNode = kdfParams.slice(2).find((n) => n.type === forge.asn1.Type.SEQUENCE);
  const prfOid = prfNode === undefined ? '1.2.840.113549.2.7' : oidOf(child(prfNode, 0, 'PRF'), 'PRF');
  const prf = PRFS[prfOid];
  const schemeOid = oidOf(child(scheme, 0, 'encryptionScheme'), 'encryption scheme');
  const cipher = PBES2_CIPHERS[schemeOid];
  if (prf === undefined || cipher === undefined) throw new Error(`unsupported PBES2 parameters ${prfOid} / ${schemeOid}`);
  note(out, `PBES2 ${cipher.name.toUpperCase()}`);
  const iv = Buffer.from(octetsOf(child(scheme, 1, 'encryptionScheme'), 'IV'), 'latin1');
  const key = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, cipher.keyLength, prf);
  try {
    const decipher = createDecipheriv(cipher.name, key, iv);
    return Buffer.concat([decipher.update(Buffer.from(encrypted, 'latin1')), decipher.final()]).toString('latin1');
  } catch {
    throw new Pkcs12PasswordError('decryption failed (bad padding)');
  }
}

function note(out: Pkcs12Contents, algorithm: string): void {
  if (!out.encryption.includes(algorithm)) out.encryption.push(algorithm);
}
