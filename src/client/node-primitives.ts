import { createHash, createPrivateKey, sign, type KeyObject } from 'node:crypto';
import { ValidationError } from '../errors/index.js';
import * as zlib from 'node:zlib';
import { webPrimitives, type BundlePrimitives } from '../asice/primitives.js';

/** Below this, the thread pool's round trip costs more than compressing on this thread. */
const SYNC_DEFLATE_BELOW = 32 * 1024;

function deflateRaw(bytes: Uint8Array): Promise<Uint8Array> {
  if (bytes.byteLength < SYNC_DEFLATE_BELOW) {
    const out = zlib.deflateRawSync(bytes);
    return Promise.resolve(new Uint8Array(out.buffer, out.byteOffset, out.byteLength));
  }
  return new Promise((resolve, reject) => {
    zlib.deflateRaw(bytes, (error, out) => (error ? reject(error) : resolve(new Uint8Array(out.buffer, out.byteOffset, out.byteLength))));
  });
}

/** Parsed keys per PKCS#8 byte array: parsing costs more than signing, and a client signs with one key. */
const signingKeys = new WeakMap<Uint8Array, KeyObject>();

function signingKey(pkcs8: Uint8Array): KeyObject {
  let key = signingKeys.get(pkcs8);
  if (key === undefined) {
    try {
      key = createPrivateKey({ key: Buffer.from(pkcs8.buffer, pkcs8.byteOffset, pkcs8.byteLength), format: 'der', type: 'pkcs8' });
    } catch (cause) {
      throw new ValidationError('signer', `the private key is not a PKCS#8 key: ${(cause as Error).message}`);
    }
    if (key.asymmetricKeyType !== 'rsa') throw new ValidationError('signer', `the private key is ${key.asymmetricKeyType ?? 'not'} an RSA key`);
    signingKeys.set(pkcs8, key);
  }
  return key;
}

/**
 * Node's native hashing and compression for building bundles: several times faster than the web platform's,
 * and they read the input in place where WebCrypto copies it (10 MB of documents would be held twice).
 * zlib's deflate runs on the thread pool, so documents compress in parallel while this thread hashes.
 */
export const nodePrimitives: BundlePrimitives = {
  sha256: async (bytes) => {
    const digest = createHash('sha256').update(bytes).digest();
    return new Uint8Array(digest.buffer, digest.byteOffset, digest.byteLength);
  },
  deflateRaw,
  // zlib.crc32 is Node >= 20.15; other runtimes with node:zlib may lack it.
  crc32: typeof zlib.crc32 === 'function' ? (bytes) => zlib.crc32(bytes) : webPrimitives.crc32,
  // Not zero-filled: the archive is written over completely, and zeroing 10 MB first costs as much as the copy.
  allocate: (size) => Buffer.allocUnsafe(size),
  // Signed on this thread: OpenSSL's RSA-2048 here takes less than WebCrypto's round trip through the thread pool
  // (bench/README.md).
  signRsaSha256: async (pkcs8, data) => {
    const signature = sign('sha256', data, signingKey(pkcs8));
    return new Uint8Array(signature.buffer, signature.byteOffset, signature.byteLength);
  },
};
