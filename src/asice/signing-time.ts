import { ValidationError } from '../errors/index.js';
import { API_TIME_ZONE } from '../protocol/facts.js';

const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      });
    } catch (cause) {
      throw new ValidationError('timeZone', `unknown IANA time zone "${timeZone}": ${(cause as Error).message}`);
    }
    formats.set(timeZone, f);
  }
  return f;
}

/** Offsets change only at transitions, which fall on quarter hours of UTC; one computed offset serves its quarter. */
const QUARTER_HOUR_MS = 15 * 60_000;
const offsets = new Map<string, { quarter: number; minutes: number }>();

/** The zone's UTC offset in minutes at `ms`. formatToParts is slow per call, so it runs once per quarter hour. */
function offsetMinutesAt(ms: number, timeZone: string): number {
  const quarter = Math.floor(ms / QUARTER_HOUR_MS);
  const cached = offsets.get(timeZone);
  if (cached?.quarter === quarter) return cached.minutes;
  const parts: Record<string, number> = {};
  for (const p of formatFor(timeZone).formatToParts(new Date(ms))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const field = (name: string): number => parts[name] ?? 0;
  const whole = ms - (((ms % 1000) + 1000) % 1000);
  const localAsUtc = Date.UTC(field('year'), field('month') - 1, field('day'), field('hour'), field('minute'), field('second'));
  const minutes = Math.round((localAsUtc - whole) / 60_000);
  offsets.set(timeZone, { quarter, minutes });
  return minutes;
}

/**
 * `xs:dateTime` of `date` in `timeZone`, as the Java client writes SigningTime (`DatatypeConverter.printDateTime`
 * of a ZonedDateTime): the zone's offset, `Z` when it is zero, and milliseconds only when they are not zero.
 */
export function formatSigningTime(date: Date, timeZone = API_TIME_ZONE): string {
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new ValidationError('signingTime', 'invalid date');
  const offsetMinutes = offsetMinutesAt(ms, timeZone);
  const local = new Date(ms + offsetMinutes * 60_000);
  const millis = local.getUTCMilliseconds();
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  const offset =
    offsetMinutes === 0 ? 'Z' : `${offsetMinutes < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(offsetMinutes) / 60))}:${pad(Math.abs(offsetMinutes) % 60)}`;
  return (
    `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}T` +
    `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}` +
    `${millis === 0 ? '' : `.${pad(millis, 3)}`}${offset}`
  );
}
