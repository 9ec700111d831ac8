// xs:dateTime as the XSD defines it; a value without a zone is Oslo time on every machine, whatever TZ says.
import { afterEach, describe, expect, it } from 'vitest';
import { ResponseParseError } from '../../../src/errors/index.js';
import { parseXsdDateTime } from '../../../src/xml/date-time.js';

const iso = (value: string): string => parseXsdDateTime(value, 'since').toISOString();
const originalTz = process.env.TZ;
afterEach(() => {
  if (originalTz === undefined) delete process.env.TZ;
  else process.env.TZ = originalTz;
});

describe('xs:dateTime', () => {
  it('reads Z, offsets, and any number of fraction digits', () => {
    expect(iso('2018-08-06T06:40:50Z')).toBe('2018-08-06T06:40:50.000Z');
    expect(iso('2018-08-06T06:40:50.7+02:00')).toBe('2018-08-06T04:40:50.700Z');
    expect(iso('2018-08-06T06:40:50.123456789-05:30')).toBe('2018-08-06T12:10:50.123Z');
    expect(iso('2018-08-06T06:40:50.000000000000000001+14:00')).toBe('2018-08-05T16:40:50.000Z');
    expect(iso(' 2020-02-29T23:59:59Z\n')).toBe('2020-02-29T23:59:59.000Z');
    expect(iso('2018-12-31T24:00:00Z')).toBe('2019-01-01T00:00:00.000Z');
    expect(iso('0001-01-01T00:00:00Z')).toBe('0001-01-01T00:00:00.000Z');
  });

  it.each([['Europe/Oslo'], ['America/Los_Angeles'], ['Pacific/Kiritimati'], ['UTC'], ['Asia/Kathmandu']])(
    'reads a value without a zone in Europe/Oslo when TZ=%s',
    (tz) => {
      process.env.TZ = tz;
      // TZ took effect: the machine's local reading of the same text (what the SDK did before) differs from Oslo's.
      if (tz !== 'Europe/Oslo') expect(new Date('2026-01-15T10:00:00').toISOString()).not.toBe('2026-01-15T09:00:00.000Z');
      expect(iso('2026-01-15T10:00:00')).toBe('2026-01-15T09:00:00.000Z'); // CET, +01:00
      expect(iso('2026-07-15T10:00:00.25')).toBe('2026-07-15T08:00:00.250Z'); // CEST, +02:00
      // Spring gap: 02:30 does not exist; like java.time, it moves forward by the gap (03:30 CEST).
      expect(iso('2026-03-29T02:30:00')).toBe('2026-03-29T01:30:00.000Z');
      // Autumn overlap: 02:30 happens twice; like java.time, the earlier offset (CEST).
      expect(iso('2026-10-25T02:30:00')).toBe('2026-10-25T00:30:00.000Z');
      expect(iso('2026-10-25T03:30:00')).toBe('2026-10-25T02:30:00.000Z');
      expect(iso('1990-06-01T12:00:00')).toBe('1990-06-01T10:00:00.000Z');
    },
  );

  it('is independent of the process TZ (the zone-less value reads the same under two zones)', () => {
    process.env.TZ = 'America/New_York';
    const a = iso('2026-05-17T17:05:00');
    process.env.TZ = 'Australia/Sydney';
    expect(iso('2026-05-17T17:05:00')).toBe(a);
    expect(a).toBe('2026-05-17T15:05:00.000Z');
  });

  it.each([
    '',
    'not a date',
    '2018',
    '2018-08-06',
    '2018-08-06T06:40',
    '2018-08-06 06:40:50Z',
    '2018-8-6T06:40:50Z',
    '2018-13-01T00:00:00Z',
    '2018-02-29T00:00:00Z',
    '2018-04-31T00:00:00Z',
    '2018-08-06T25:00:00Z',
    '2018-08-06T24:00:01Z',
    '2018-08-06T06:60:00Z',
    '2018-08-06T06:40:60Z',
    '2018-08-06T06:40:50.Z',
    '2018-08-06T06:40:50+2',
    '2018-08-06T06:40:50+15:00',
    '2018-08-06T06:40:50+14:01',
    '2018-08-06T06:40:50+02:60',
    '02018-08-06T06:40:50Z',
    'Mon, 06 Aug 2018 06:40:50 GMT',
  ])('refuses %j with ResponseParseError', (value) => {
    expect(() => parseXsdDateTime(value, 'since')).toThrow(ResponseParseError);
  });
});
