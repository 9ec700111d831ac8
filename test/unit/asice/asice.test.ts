import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readZip } from '../../helpers/strict-zip.js';
import { createAsice } from '../../../src/asice/asice.js';
import { nodePrimitives } from '../../../src/client/node-primitives.js';

describe('createAsice compression policy', () => {
  it('stores PDFs and small files, and deflates larger text', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const signer = {
      privateKeyPkcs8: new Uint8Array(privateKey.export({ format: 'der', type: 'pkcs8' })),
      chain: [new Uint8Array(64)],
      issuerName: 'CN=Test',
      serialNumber: '1',
    };
    const largeText = new TextEncoder().encode('Vilkår og betingelser. '.repeat(2000));
    const zip = await createAsice({
      documents: [
        { fileName: '0000_a.pdf', mimeType: 'application/pdf', bytes: new TextEncoder().encode(`%PDF-1.7\n${'x'.repeat(40_000)}`) },
        { fileName: '0001_b.txt', mimeType: 'text/plain', bytes: largeText },
        { fileName: '0002_c.txt', mimeType: 'text/plain', bytes: new TextEncoder().encode('kort vedlegg '.repeat(50)) },
      ],
      manifestXml: new TextEncoder().encode('<manifest/>'),
      signer,
      signingTime: new Date('2024-01-15T12:00:00Z'),
      primitives: nodePrimitives,
    });
    const entries = readZip(zip);
    expect(entries.map((e) => [e.name, e.method])).toEqual([
      ['0000_a.pdf', 0],
      ['0001_b.txt', 8],
      ['0002_c.txt', 0],
      ['manifest.xml', 0],
      ['META-INF/signatures.xml', 0],
    ]);
    expect(Buffer.from(entries[1]!.data).equals(Buffer.from(largeText))).toBe(true);
    expect(entries[1]!.compressedSize).toBeLessThan(largeText.byteLength / 10);
  });
});
