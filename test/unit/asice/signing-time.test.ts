import { describe, expect, it } from 'vitest';
import { formatSigningTime } from '../../../src/asice/signing-time.js';

/** The reference: the zone's wall-clock fields straight from Intl for this very instant, no caching. */
function reference(ms: number, timeZone: string): string {
  const f = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const p = Object.fromEntries(
    f
      .formatToParts(new Date(ms))
      .filter((x) => x.type !== 'literal')
      .map((x) => [x.type, Number(x.value)]),
  ) as Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number>;
  const millis = ((ms % 1000) + 1000) % 1000;
  const offset = Math.round((Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - (ms - millis)) / 60_000);
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  const zone = offset === 0 ? 'Z' : `${offset < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${millis === 0 ? '' : `.${pad(millis, 3)}`}${zone}`;
}

describe('formatSigningTime', () => {
  it('writes the zone offset, Z for UTC, and milliseconds only when not zero', () => {
    expect(formatSigningTime(new Date('2018-11-29T08:15:00Z'))).toBe('2018-11-29T09:15:00+01:00');
    expect(formatSigningTime(new Date('2024-07-01T00:00:00.123Z'), 'UTC')).toBe('2024-07-01T00:00:00.123Z');
    expect(formatSigningTime(new Date('2024-07-01T00:00:00Z'), 'America/St_Johns')).toBe('2024-06-30T21:30:00-02:30');
  });

  // The offset is computed once per quarter hour of UTC and reused; every transition must still land exactly.
  it.each(['Europe/Oslo', 'America/St_Johns', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'Pacific/Chatham', 'UTC'])(
    'agrees with Intl at every minute around DST transitions, forwards and backwards in time (%s)',
    (zone) => {
      // A day around each 2024 transition of the zone, found by scanning for a change of offset.
      const start = Date.UTC(2024, 0, 1);
      const instants: number[] = [];
      let last = reference(start, zone).slice(-6);
      for (let t = start; t < Date.UTC(2025, 0, 1); t += 3_600_000) {
        const now = reference(t, zone).slice(-6);
        if (now !== last) for (let m = t - 6 * 3_600_000; m < t + 6 * 3_600_000; m += 60_000 + 7) instants.push(m);
        last = now;
      }
      instants.push(Date.UTC(2024, 5, 1, 12, 0, 0, 999));
      for (const ms of [...instants, ...[...instants].reverse()]) expect(formatSigningTime(new Date(ms), zone)).toBe(reference(ms, zone));
    },
  );

  it('refuses an invalid date and an unknown zone', () => {
    expect(() => formatSigningTime(new Date(Number.NaN))).toThrow(/invalid date/);
    expect(() => formatSigningTime(new Date(), 'Mars/Olympus_Mons')).toThrow(/unknown IANA time zone/);
  });
});
