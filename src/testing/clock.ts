/**
 * The simulator's notion of "now". Everything time-dependent (poll blocking, redelivery, activation, expiry,
 * deletability) reads this clock instead of Date.now(), so tests can jump hours ahead with advanceTime() and the
 * state catches up lazily on the next request instead of via real timers.
 */
export class SimulatorClock {
  private offsetMs = 0;

  constructor(private readonly base: () => Date = () => new Date()) {}

  now(): Date {
    return new Date(this.base().getTime() + this.offsetMs);
  }

  nowMs(): number {
    return this.now().getTime();
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`advanceTime needs a non-negative number of ms, got ${ms}`);
    this.offsetMs += ms;
  }
}

function pad(n: number, width = 2): string {
  return String(Math.abs(Math.trunc(n))).padStart(width, '0');
}

/**
 * ISO-8601 with milliseconds and the local offset, e.g. `2019-04-22T10:39:46.610+01:00`: the shape of
 * `X-Next-permitted-poll-time` and `since` in production (JAXB/Java output), which clients parse with ISO_DATE_TIME.
 */
export function isoWithOffset(date: Date): string {
  const offsetMin = -date.getTimezoneOffset();
  const sign = offsetMin >= 0 ? '+' : '-';
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}` +
    `${sign}${pad(offsetMin / 60)}:${pad(offsetMin % 60)}`
  );
}
