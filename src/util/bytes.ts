/**
 * The chunks as one array of `length` bytes; a single chunk is returned as it is, without a copy. `allocate` may
 * hand out an uninitialised buffer (Node's `Buffer.allocUnsafe`): every byte is written.
 */
export function concat(
  chunks: readonly Uint8Array[],
  length: number = totalLength(chunks),
  allocate: (size: number) => Uint8Array = (size) => new Uint8Array(size),
): Uint8Array {
  const only = chunks.length === 1 ? chunks[0] : undefined;
  if (only !== undefined && only.byteLength === length) return only;
  const out = allocate(length);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

/** The bytes in all `chunks` together. */
export function totalLength(chunks: readonly Uint8Array[]): number {
  let n = 0;
  for (const c of chunks) n += c.byteLength;
  return n;
}
