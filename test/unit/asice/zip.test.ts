import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readZip } from '../../helpers/strict-zip.js';
import { createZip } from '../../../src/asice/zip.js';
import { tempDir } from '../../helpers/pki.js';

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
