import { ResponseParseError } from '../errors/index.js';

/** The API's zone: an `xs:dateTime` without a zone is a wall-clock time in Oslo. */
export const API_TIME_ZONE = 'Europe/Oslo';

// xs:dateTime's lexical space (XML Schema 1.0 §3.2.7): a year of four or more digits (no leading zero beyond four),
// any number of fraction digits, and a zone that is `Z`, an offset up to ±14:00, or absent.
const XS_DATE_TIME = /^(-?(?:[1-9][0-9]{4,}|[0-9]{4}))-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]+))?(Z|[+-][0-9]{2}:[0-9]{2})?$/;

let osloParts: Intl.DateTimeFormat | undefined;

/**
 * Reads an `xs:dateTime` as the XSD defines it. A value without a zone is read in Europe/Oslo, the same on every
 * machine whatever `TZ` says; like java.time, the earlier offset wins in the autumn overlap and a time in the
 * spring gap moves forward by the gap. Fractions beyond milliseconds are cut (a `Date` holds no more).
 */
export function parseXsdDateTime(value: string | undefined, what: string): Date {
  // xs:dateTime collapses whitespace, so surrounding whitespace is not part of the value.
  const m = value === undefined ? null : XS_DATE_TIME.exec(value.trim());
  const invalid = (): never => {
    throw new ResponseParseError(`${what} is not a date-time (xs:dateTime): "${(value ?? '').slice(0, 60)}"`);
  };
  if (m === null) return invalid();
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((n) => Number(m[n]));
  const ms = Number((m[7] ?? '').slice(0, 3).padEnd(3, '0'));
  const endOfDay = hour === 24 && minute === 0 && second === 0 && ms === 0;
  if (month! < 1 || month! > 12 || day! < 1 || day! > daysIn(year!, month!) || (hour! > 23 && !endOfDay) || minute! > 59 || second! > 59) return invalid();
  const wall = utc(year!, month!, day!, hour!, minute!, second!, ms);
  const zone = m[8];
  let time: number;
  if (zone === undefined) time = fromOsloWallClock(wall);
  else if (zone === 'Z') time = wall;
  else {
    const [h, mi] = [Number(zone.slice(1, 3)), Number(zone.slice(4, 6))];
    if (mi > 59 || h * 60 + mi > 14 * 60) return invalid();
    time = wall - (zone[0] === '-' ? -1 : 1) * (h * 60 + mi) * 60_000;
  }
  const date = new Date(time);
  return Number.isNaN(date.getTime()) ? invalid() : date;
}

function daysIn(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] as number;
}

/** `Date.UTC` for any year: it reads years 0–99 as 1900–1999. NaN beyond what a `Date` holds. */
function utc(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number): number {
  // 2000 is a leap year, so every valid month and day exists in it before the year is set. 24:00 is the next midnight.
  const d = new Date(Date.UTC(2000, month - 1, day, hour % 24, minute, second, ms));
  return d.setUTCFullYear(year) + (hour === 24 ? 86_400_000 : 0);
}

/** Oslo's offset from UTC at an instant, in ms. */
function osloOffset(time: number): number {
  osloParts ??= new Intl.DateTimeFormat('en-US', {
    timeZone: API_TIME_ZONE,
    hourCycle: 'h23',
    era: 'short',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const p: Record<string, string> = {};
  for (const { type, value } of osloParts.formatToParts(new Date(time))) p[type] = value;
  const year = p.era === 'BC' || p.era === 'B' ? 1 - Number(p.year) : Number(p.year);
  const wall = utc(year, Number(p.month), Number(p.day), Number(p.hour), Number(p.minute), Number(p.second), 0);
  return wall - (time - (((time % 1000) + 1000) % 1000));
}

/** The instant at which Oslo's clocks showed `wall` (a wall-clock time written as if it were UTC). */
function fromOsloWallClock(wall: number): number {
  const before = osloOffset(wall - 86_400_000);
  const after = osloOffset(wall + 86_400_000);
  if (osloOffset(wall - before) === before) return wall - before;
  if (osloOffset(wall - after) === after) return wall - after;
  // In the gap of a change to summer time: the time as the clock before the change would have shown it.
  return wall - before;
}
