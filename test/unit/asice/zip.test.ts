import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync, crc32 as zlibCrc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createZip } from '../../../src/asice/zip.js';
import { tempDir } from '../../helpers/pki.js';

interface Entry {
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
function readZip(zip: Uint8Array): Entry[] {
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

describe('createZip', () => {
  const text = new TextEncoder().encode('Hei på deg! '.repeat(500));
  const noise = new Uint8Array(randomBytes(4096));

  it('writes entries in order, UTF-8 flagged, without descriptors or extras, deflating only when it helps', async () => {
    const zip = await createZip(
      [
        { name: '0000_dokument.pdf', bytes: text, compress: true },
        { name: 'tilfeldig æøå.bin', bytes: noise, compress: true },
        { name: 'manifest.xml', bytes: text, compress: false },
        { name: 'META-INF/signatures.xml', bytes: new Uint8Array(), compress: true },
      ],
      { lastModified: new Date('2018-11-29T08:15:00Z') },
    );
    const entries = readZip(zip);
    expect(entries.map((e) => e.name)).toEqual(['0000_dokument.pdf', 'tilfeldig æøå.bin', 'manifest.xml', 'META-INF/signatures.xml']);
    expect(entries.map((e) => e.method)).toEqual([8, 0, 0, 0]);
    for (const e of entries) {
      expect(e.flags).toBe(0x0800);
      expect(e.extraLength).toBe(0);
      expect(e.crc).toBe(zlibCrc32(e.data));
    }
    expect(Buffer.from(entries[0]!.data)).toEqual(Buffer.from(text));
    expect(Buffer.from(entries[1]!.data)).toEqual(Buffer.from(noise));
    expect(entries[0]!.compressedSize).toBeLessThan(text.length / 10);
  });

  it('passes unzip -t and python zipfile', async () => {
    const zip = await createZip([
      { name: '0000_a b.pdf', bytes: text, compress: true },
      { name: 'æøå.txt', bytes: noise, compress: true },
      { name: 'META-INF/signatures.xml', bytes: text, compress: true },
    ]);
    const path = join(tempDir(), 'test.zip');
    writeFileSync(path, zip);
    let unzip = true;
    try {
      execFileSync('unzip', ['-v'], { stdio: 'ignore' });
    } catch {
      unzip = false;
    }
    if (unzip) expect(execFileSync('unzip', ['-t', path], { encoding: 'utf8' })).toContain('No errors detected');
    const py = execFileSync(
      'python3',
      ['-c', 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print("|".join(i.filename for i in z.infolist()))', path],
      { encoding: 'utf8' },
    );
    expect(py.trim()).toBe('0000_a b.pdf|æøå.txt|META-INF/signatures.xml');
  });

  it('refuses directory names', async () => {
    await expect(createZip([{ name: 'META-INF/', bytes: new Uint8Array(), compress: false }])).rejects.toThrow(/file name/);
  });
});
