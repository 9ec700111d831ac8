import { HttpReply } from './http-reply.js';
import type { SimulatorCore } from './simulator-core.js';

/** Production's DoSFilter (Jetty), per organisation: N requests a second, then 429 for a block period. */
export class DosFilter {
  readonly #windows = new Map<string, { windowStart: number; count: number; blockedUntil: number }>();
  /** Per organisation, arrival times within the last second (for stats.peakRequestsPerSecond). */
  readonly #recent = new Map<string, number[]>();

  constructor(private readonly core: SimulatorCore) {}

  /** Jetty's DoSFilter as configured in production: per organisation, N requests a second, then a block. */
  check(certOrg: string): HttpReply | undefined {
    this.#countArrival(certOrg);
    const limit = this.core.options.rateLimit;
    if (!limit) return undefined;
    const now = this.core.clock.nowMs();
    let s = this.#windows.get(certOrg);
    if (!s) {
      s = { windowStart: now, count: 0, blockedUntil: 0 };
      this.#windows.set(certOrg, s);
    }
    if (now < s.blockedUntil) return new HttpReply(429, undefined, undefined, { DoSFilter: 'unavailable' });
    if (now - s.windowStart >= 1000) {
      s.windowStart = now;
      s.count = 0;
    }
    s.count++;
    if (s.count > limit.maxRequestsPerSecond) {
      s.blockedUntil = now + limit.blockSeconds * 1000;
      return new HttpReply(429, undefined, undefined, { DoSFilter: 'unavailable' });
    }
    return undefined;
  }

  /** A sliding window, unlike the DoS filter's fixed one: the peak over any 1000 ms. */
  #countArrival(certOrg: string): void {
    const now = this.core.clock.nowMs();
    let times = this.#recent.get(certOrg);
    if (!times) this.#recent.set(certOrg, (times = []));
    while (times.length > 0 && (times[0] as number) <= now - 1000) times.shift();
    times.push(now);
    const peaks = this.core.stats.peakRequestsPerSecond;
    peaks[certOrg] = Math.max(peaks[certOrg] ?? 0, times.length);
  }
}
