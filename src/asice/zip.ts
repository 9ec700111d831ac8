import { ValidationError } from '../errors/index.js';
import { concat } from '../util/bytes.js';
import { webPrimitives, type BundlePrimitives } from './primitives.js';

/*
 * A minimal ZIP writer for ASiC-E: local headers carry the sizes and CRC up front (no data descriptors), names are
 * flagged UTF-8 (bit 11), there are no directory entries and no extra fields. No ZIP64: a job is at most 20
 * documents of 10 MB, far below 4 GB. Compression and CRCs come from `BundlePrimitives`: the web platform's by default, the runtime's native ones
 * when the caller has them.
 */

export interface ZipEntry {
  name: string;
  bytes: Uint8Array;
  /** Deflate the entry; it is stored anyway when deflating does not make it smaller. */
  compress: boolean;
}

/** An entry with its CRC and final (possibly compressed) data, ready to be laid out. */
export interface PreparedZipEntry {
  name: Uint8Array;
  crc: number;
  size: number;
  method: 0 | 8;
  data: Uint8Array;
}

export interface ZipOptions {
  /** Modification time written on every entry (as UTC fields in DOS format); defaults to now. */
  lastModified?: Date;
}

const UTF8_FLAG = 0x0800;
const VERSION = 20;
const MAX_32 = 0xffffffff;

/** Builds a ZIP archive with the entries in the given order. */
export async function createZip(entries: ZipEntry[], options: ZipOptions = {}, primitives: BundlePrimitives = webPrimitives): Promise<Uint8Array> {
  const prepared = await Promise.all(entries.map((e) => prepareZipEntry(e, primitives)));
  return concat(zipChunks(prepared, options, primitives), undefined, primitives.allocate);
}

/**
 * Computes the CRC and compressed data of one entry. Separate from assembly so a caller can start compressing
 * documents before the last entry (the signature) exists.
 */
export async function prepareZipEntry(entry: ZipEntry, primitives: BundlePrimitives = webPrimitives): Promise<PreparedZipEntry> {
  if (entry.name.length === 0 || entry.name.endsWith('/')) {
    throw new ValidationError('fileName', `not a file name for a ZIP entry: "${entry.name}"`);
  }
  if (entry.bytes.byteLength > MAX_32) throw new ValidationError('fileName', `${entry.name} is too large for ZIP without ZIP64`);
  // Start deflating first so it overlaps with the CRC computed on this thread.
  const deflated = entry.compress ? primitives.deflateRaw(entry.bytes) : undefined;
  const crc = primitives.crc32(entry.bytes);
  const compressed = deflated === undefined ? undefined : await deflated;
  const useDeflate = compressed !== undefined && compressed.byteLength < entry.bytes.byteLength;
  return {
    name: new TextEncoder().encode(entry.name),
    crc,
    size: entry.bytes.byteLength,
    method: useDeflate ? 8 : 0,
    data: useDeflate ? compressed : entry.bytes,
  };
}

/** Entry data at least this large is referenced where it lies rather than copied next to its header. */
const REFERENCE_FROM_BYTES = 16 * 1024;

/**
 * The archive as consecutive byte ranges: headers (and small entries) written into one buffer, large entries'
 * data referenced in place. Sending these ranges one after another sends the archive without ever holding a
 * second copy of the documents: a stored PDF goes out of the caller's own buffer.
 */
export function zipChunks(entries: PreparedZipEntry[], options: ZipOptions = {}, primitives: BundlePrimitives = webPrimitives): Uint8Array[] {
  if (entries.length > 0xffff) throw new ValidationError('documents', 'too many ZIP entries');
  const { time, date } = dosDateTime(options.lastModified ?? new Date());
  let archiveSize = 0;
  let ownBytes = 22;
  for (const e of entries) {
    const inline = e.data.byteLength < REFERENCE_FROM_BYTES ? e.data.byteLength : 0;
    archiveSize += 30 + e.name.byteLength + e.data.byteLength + 46 + e.name.byteLength;
    ownBytes += 30 + e.name.byteLength + inline + 46 + e.name.byteLength;
  }
  if (archiveSize + 22 > MAX_32) throw new ValidationError('documents', 'the archive is too large for ZIP without ZIP64');
  // Every byte of it is written below (headers field by field, zero fields explicitly), so it need not be zeroed.
  const own = primitives.allocate(ownBytes);
  const view = new DataView(own.buffer, own.byteOffset, own.byteLength);
  const chunks: Uint8Array[] = [];
  let p = 0; // write position in `own`
  let flushed = 0; // start of the part of `own` not yet in `chunks`
  let offset = 0; // position in the archive
  const offsets: number[] = [];
  for (const e of entries) {
    offsets.push(offset);
    view.setUint32(p, 0x04034b50, true);
    view.setUint16(p + 4, VERSION, true);
    view.setUint16(p + 6, UTF8_FLAG, true);
    view.setUint16(p + 8, e.method, true);
    view.setUint16(p + 10, time, true);
    view.setUint16(p + 12, date, true);
    view.setUint32(p + 14, e.crc, true);
    view.setUint32(p + 18, e.data.byteLength, true);
    view.setUint32(p + 22, e.size, true);
    view.setUint16(p + 26, e.name.byteLength, true);
    view.setUint16(p + 28, 0, true);
    own.set(e.name, p + 30);
    p += 30 + e.name.byteLength;
    if (e.data.byteLength < REFERENCE_FROM_BYTES) {
      own.set(e.data, p);
      p += e.data.byteLength;
    } else {
      chunks.push(own.subarray(flushed, p), e.data);
      flushed = p;
    }
    offset += 30 + e.name.byteLength + e.data.byteLength;
  }
  const centralStart = offset;
  const centralAt = p;
  entries.forEach((e, i) => {
    own.fill(0, p, p + 46);
    view.setUint32(p, 0x02014b50, true);
    view.setUint16(p + 4, VERSION, true); // made by: MS-DOS/FAT attributes, spec 2.0
    view.setUint16(p + 6, VERSION, true);
    view.setUint16(p + 8, UTF8_FLAG, true);
    view.setUint16(p + 10, e.method, true);
    view.setUint16(p + 12, time, true);
    view.setUint16(p + 14, date, true);
    view.setUint32(p + 16, e.crc, true);
    view.setUint32(p + 20, e.data.byteLength, true);
    view.setUint32(p + 24, e.size, true);
    view.setUint16(p + 28, e.name.byteLength, true);
    // extra, comment, disk number, internal and external attributes: all zero (filled above)
    view.setUint32(p + 42, offsets[i] as number, true);
    own.set(e.name, p + 46);
    p += 46 + e.name.byteLength;
  });
  own.fill(0, p, p + 22);
  view.setUint32(p, 0x06054b50, true);
  view.setUint16(p + 8, entries.length, true);
  view.setUint16(p + 10, entries.length, true);
  view.setUint32(p + 12, p - centralAt, true);
  view.setUint32(p + 16, centralStart, true);
  chunks.push(own.subarray(flushed, p + 22));
  return chunks.filter((c) => c.byteLength > 0);
}

/** MS-DOS date and time fields; the UTC fields are used so output does not depend on the machine's zone. */
function dosDateTime(d: Date): { time: number; date: number } {
  const year = Math.min(Math.max(d.getUTCFullYear(), 1980), 2107);
  return {
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1),
    date: ((year - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
  };
}
