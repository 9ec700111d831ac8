import { inflateRawSync } from 'node:zlib';
import { expect } from 'vitest';

/** One entry of a ZIP as both its local header and the central directory describe it. */
export interface Entry {
  name: string;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  extraLength: number;
  data: Uint8Array;
}

/** A strict reader for what this writer must produce: local headers that agree with the central directory. */
export function readZip(zip: Uint8Array): Entry[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const eocd = zip.byteLength - 22;
  expect(view.getUint32(eocd, true)).toBe(0x06054b50);
  const count = view.getUint16(eocd + 10, true);
  let p = view.getUint32(eocd + 16, true);
  const entries: Entry[] = [];
  for (let i = 0; i < count; i++) {
    expect(view.getUint32(p, true)).toBe(0x02014b50);
    const nameLength = view.getUint16(p + 28, true);
    const local = view.getUint32(p + 42, true);
    expect(view.getUint32(local, true)).toBe(0x04034b50);
    const localNameLength = view.getUint16(local + 26, true);
    const extraLength = view.getUint16(local + 28, true);
    const e: Entry = {
      name: new TextDecoder().decode(zip.subarray(p + 46, p + 46 + nameLength)),
      flags: view.getUint16(local + 6, true),
      method: view.getUint16(local + 8, true),
      crc: view.getUint32(local + 14, true),
      compressedSize: view.getUint32(local + 18, true),
      size: view.getUint32(local + 22, true),
      extraLength,
      data: new Uint8Array(),
    };
    // The central directory repeats the local header's fields.
    expect([
      view.getUint16(p + 8, true),
      view.getUint16(p + 10, true),
      view.getUint32(p + 16, true),
      view.getUint32(p + 20, true),
      view.getUint32(p + 24, true),
    ]).toEqual([e.flags, e.method, e.crc, e.compressedSize, e.size]);
    const start = local + 30 + localNameLength + extraLength;
    const raw = zip.subarray(start, start + e.compressedSize);
    e.data = e.method === 8 ? new Uint8Array(inflateRawSync(raw)) : raw;
    entries.push(e);
    p += 46 + nameLength + view.getUint16(p + 30, true) + view.getUint16(p + 32, true);
  }
  return entries;
}
