import { ConfigurationError } from '../../errors/index.js';

/** How long each phase of a call may take. */
export interface Timeouts {
  /** Establishing the TCP connection and the TLS handshake. @default 5000 */
  connectMs: number;
  /** From handing the request to the connection until the response headers arrive. @default 10000 */
  responseMs: number;
  /**
   * The longest silence while a document download streams (an idle timeout, not a total: a large PAdES over a
   * slow link may take longer than this in all). @default 60000
   */
  downloadMs: number;
}

/** The Java client's defaults (API client connect 5 s / response 10 s; download client response 60 s). */
export const DEFAULT_TIMEOUTS: Readonly<Timeouts> = Object.freeze({ connectMs: 5000, responseMs: 10000, downloadMs: 60000 });

/** The defaults with `partial` over them; a non-positive, infinite or unknown timeout throws ConfigurationError naming it. */
export function resolveTimeouts(partial: Partial<Timeouts> | undefined): Timeouts {
  const t: Timeouts = { ...DEFAULT_TIMEOUTS };
  if (partial === undefined) return t;
  if (typeof partial !== 'object' || partial === null) throw new ConfigurationError('timeouts must be an object like { connectMs, responseMs, downloadMs }');
  for (const key of Object.keys(partial)) {
    if (!(key in DEFAULT_TIMEOUTS)) throw new ConfigurationError(`timeouts.${key} is not a timeout; there are connectMs, responseMs and downloadMs`);
  }
  for (const key of ['connectMs', 'responseMs', 'downloadMs'] as const) {
    const v = partial[key];
    if (v === undefined) continue;
    // A zero or infinite timeout would turn a dead server into a hung process, which is what timeouts prevent.
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
      throw new ConfigurationError(`timeouts.${key} must be a positive number of milliseconds, got ${String(v)}`);
    }
    t[key] = v;
  }
  return t;
}
