import { crc32, inflateRawSync } from 'node:zlib';

/**
 * Reads the ASiC-E zip via its central directory (sizes there are reliable even when the local headers use data
 * descriptors, as Java's ZipOutputStream does). Stored and deflated entries, any order. Zip64 and encryption are
 * refused: no client produces them. Every entry's CRC-32 is checked, as Java's ZipInputStream does on the server.
 */
export interface ZipEntry {
  name: string;
  method: number;
  data: Buffer;
}

const MAX_UNCOMPRESSED = 64 * 1024 * 1024;

export function readZip(zip: Buffer): ZipEntry[] {
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65535); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip file (no end of central directory record)');
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  const seen = new Set<string>();
  for (let n = 0; n < count; n++) {
    if (p + 46 > zip.length || zip.readUInt32LE(p) !== 0x02014b50) throw new Error('corrupt zip central directory');
    const flags = zip.readUInt16LE(p + 8);
    const method = zip.readUInt16LE(p + 10);
    const crc = zip.readUInt32LE(p + 16);
    const compressedSize = zip.readUInt32LE(p + 20);
    const size = zip.readUInt32LE(p + 24);
    const nameLen = zip.readUInt16LE(p + 28);
    const extraLen = zip.readUInt16LE(p + 30);
    const commentLen = zip.readUInt16LE(p + 32);
    const localOffset = zip.readUInt32LE(p + 42);
    const name = zip.subarray(p + 46, p + 46 + nameLen).toString(flags & 0x800 ? 'utf8' : 'latin1');
    p += 46 + nameLen + extraLen + commentLen;
    if (flags & 0x1) throw new Error(`zip entry ${name} is encrypted`);
    if (compressedSize === 0xffffffff || localOffset === 0xffffffff) throw new Error('zip64 is not supported');
    if (seen.has(name)) throw new Error(`zip entry ${name} occurs twice`);
    seen.add(name);
    if (name.endsWith('/')) continue; // directory entries carry no data
    if (zip.readUInt32LE(localOffset) !== 0x04034b50) throw new Error(`corrupt local header for ${name}`);
    const start = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
    const raw = zip.subarray(start, start + compressedSize);
    let data: Buffer;
    // Stored entries are views into the request body (kept alive by the job anyway), not copies.
    if (method === 0) data = raw;
    else if (method === 8) data = inflateRawSync(raw, { maxOutputLength: MAX_UNCOMPRESSED });
    else throw new Error(`zip entry ${name} uses unsupported compression method ${method}`);
    if (data.length !== size) throw new Error(`zip entry ${name} has the wrong size`);
    if (crc32(data) !== crc) throw new Error(`zip entry ${name} has a bad CRC-32`);
    entries.push({ name, method, data });
  }
  return entries;
}
