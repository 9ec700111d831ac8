import { createHash } from 'node:crypto';
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
};
