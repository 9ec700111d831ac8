import { crc32 } from './crc32.js';

/**
 * The three byte-crunching operations a document bundle needs. The defaults are the web platform's (WebCrypto,
 * CompressionStream, a JavaScript CRC-32) so the core runs anywhere; a runtime with faster native ones (Node's
 * zlib and crypto, which also avoid copying the input) passes them in.
 */
export interface BundlePrimitives {
  sha256(bytes: Uint8Array): Promise<Uint8Array>;
  /** Raw DEFLATE (no zlib header), the form ZIP method 8 stores. */
  deflateRaw(bytes: Uint8Array): Promise<Uint8Array>;
  crc32(bytes: Uint8Array): number;
  /** A buffer of `size` bytes whose content may be anything (the caller writes every byte). */
  allocate(size: number): Uint8Array;
  /**
   * RSASSA-PKCS1-v1_5 with SHA-256 of `data` under the RSA key `pkcs8` (unencrypted PKCS#8 DER). Absent: WebCrypto.
   * Throws ValidationError('signer') when the key is not an RSA key.
   */
  signRsaSha256?(pkcs8: Uint8Array, data: Uint8Array): Promise<Uint8Array>;
}

export const webPrimitives: BundlePrimitives = {
  async sha256(bytes) {
    return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  },
  async deflateRaw(bytes) {
    const stream = new CompressionStream('deflate-raw');
    const writer = stream.writable.getWriter();
    // Not awaited before reading: the writer applies back-pressure until the readable side is drained.
    const written = writer.write(bytes as Uint8Array<ArrayBuffer>).then(() => writer.close());
    const [result] = await Promise.all([new Response(stream.readable).arrayBuffer(), written]);
    return new Uint8Array(result);
  },
  crc32: (bytes) => crc32(bytes),
  allocate: (size) => new Uint8Array(size),
};
