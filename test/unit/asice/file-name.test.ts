import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { documentFileName, fileNameSafe } from '../../../src/asice/file-name.js';
import { ValidationError } from '../../../src/errors/index.js';

describe('documentFileName (Java FileName.reduceToFileNameSafeChars)', () => {
  it('matches the Java client test examples', () => {
    expect(fileNameSafe('Title')).toBe('title');
    expect(fileNameSafe('Hei   på \t  Deg')).toBe('hei_paa_deg');
    expect(fileNameSafe('Morse ...---...')).toBe('morse_...---...');
    expect(fileNameSafe('àáëêÈÉüÜïñÑ')).toBe('aaeeeeuuinn');
    expect(fileNameSafe('ÆØÅ')).toBe('aeoeaa');
    expect(fileNameSafe('*@,:;&%$^?+=()[]{}#"“”!`´<>')).toBe('_');
  });

  it('maps other characters into the alphabet by code unit modulo 39', () => {
    // '/' is 47 → 47 % 39 = 8 → ALPHABET[8] = '6'; '~' is 126 → 126 % 39 = 9 → '7'; 'ß' is 223 → 28 → 'p'.
    expect(fileNameSafe('a/b~ß')).toBe('a6b7p');
  });

  it('prefixes the zero-padded index and adds the extension', () => {
    expect(documentFileName(0, 'Kontrakt & vilkår (2)', 'pdf')).toBe('0000_kontrakt_vilkaar_2_.pdf');
    expect(documentFileName(12, 'Notat', 'txt')).toBe('0012_notat.txt');
  });

  it('refuses an empty title and a bad index', () => {
    expect(() => documentFileName(0, '', 'pdf')).toThrow(ValidationError);
    expect(() => documentFileName(-1, 'x', 'pdf')).toThrow(ValidationError);
  });

  it('always yields a safe name that URL encoding leaves unchanged', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9999 }),
        fc.string({ unit: 'binary', minLength: 1, maxLength: 80 }),
        fc.constantFrom('pdf' as const, 'txt' as const),
        (i, title, ext) => {
          const name = documentFileName(i, title, ext);
          expect(name).toMatch(/^[0-9]{4}_[0-9a-z._-]*\.(pdf|txt)$/);
          expect(encodeURIComponent(name)).toBe(name);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('href length', () => {
  it('keeps names within the manifest limit of 100 characters even for 80 astral characters', () => {
    const name = documentFileName(19, '😀'.repeat(80), 'pdf');
    expect(name.length).toBeLessThanOrEqual(100);
    expect(name).toMatch(/^0019_[0-9a-z._-]+\.pdf$/);
    // Ordinary titles are untouched (Java's names).
    expect(documentFileName(0, 'a'.repeat(80), 'txt')).toBe(`0000_${'a'.repeat(80)}.txt`);
  });
});
