import { randomBytes } from 'node:crypto';
import { crc32 as zlibCrc32 } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crc32 } from '../../../src/asice/crc32.js';

describe('crc32', () => {
  it('equals zlib for any input and split point', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.nat(), (bytes, cut) => {
        const k = bytes.length === 0 ? 0 : cut % bytes.length;
        expect(crc32(bytes)).toBe(zlibCrc32(bytes));
        expect(crc32(bytes.subarray(k), crc32(bytes.subarray(0, k)))).toBe(zlibCrc32(bytes));
      }),
    );
    const big = randomBytes(1 << 20);
    expect(crc32(big)).toBe(zlibCrc32(big));
  });
});
