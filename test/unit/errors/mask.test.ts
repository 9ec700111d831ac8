import { describe, expect, it } from 'vitest';
import { maskPersonalData } from '../../../src/errors/mask.js';
import { ResponseParseError, UnexpectedResponseError, ValidationError } from '../../../src/errors/index.js';

describe('masking', () => {
  it('masks every 11-digit run to its first 6 digits', () => {
    expect(maskPersonalData('a 01017012345 b 31129912345')).toBe('a 010170***** b 311299*****');
    expect(maskPersonalData('x01017012345y')).toBe('x010170*****y');
    // Organisation numbers (9) and longer ids are not identity numbers.
    expect(maskPersonalData('984661185 123456789012')).toBe('984661185 123456789012');
  });

  it('masks identity numbers as people write them: with a space or a hyphen after the birth date', () => {
    expect(maskPersonalData('a 010133 00001 b 010133-00001 c 01013300001.')).toBe('a 010133 ***** b 010133-***** c 010133*****.');
    // Not parts of longer numbers, nor other groupings.
    expect(maskPersonalData('1010133 00001 010133 000012 +47 999 99 999 2026-11-29')).toBe('1010133 00001 010133 000012 +47 999 99 999 2026-11-29');
  });

  it('masks every SDK error message, whoever wrote the text', () => {
    for (const error of [
      new ResponseParseError('bad value "010133 00001"'),
      new ValidationError('field', 'got 010133-00001'),
      new UnexpectedResponseError({ status: 400, rawBody: '01013300001' }),
    ]) {
      expect(error.message).not.toMatch(/00001/);
    }
  });
});
