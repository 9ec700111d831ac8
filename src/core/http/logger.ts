import { maskPersonalData } from '../../errors/mask.js';

/** Any object with some of these methods: `console`, pino, winston, a test spy. */
export interface Logger {
  /** Each request as it starts (method and URL), at `logLevel: 'debug'`. */
  debug?(message: string, fields?: Record<string, unknown>): void;
  /** Each 2xx response: method, URL, status and duration. */
  info?(message: string, fields?: Record<string, unknown>): void;
  /** Non-2xx responses, retries and failed calls. */
  warn?(message: string, fields?: Record<string, unknown>): void;
  /** Reserved for failures the SDK cannot report to a caller. */
  error?(message: string, fields?: Record<string, unknown>): void;
}

/** The least severe level logged; `off` logs nothing. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'off';

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, off: 100 };
type Level = Exclude<LogLevel, 'off'>;

/**
 * The pipeline's only way to log. Every message and every string field passes through `maskPersonalData`, so a
 * national identity number in a URL or an API error message never reaches the application's logs. Callers pass
 * only metadata (method, path, status, duration): never bodies, keys or document bytes.
 */
export class MaskingLogger {
  readonly #logger: Logger | undefined;
  readonly #threshold: number;

  constructor(logger: Logger | undefined, level: LogLevel | undefined) {
    this.#logger = logger;
    // Off by default; a logger without a level logs info and above (one line per response).
    this.#threshold = logger === undefined ? RANK.off : RANK[level ?? 'info'];
  }

  enabled(level: Level): boolean {
    return RANK[level] >= this.#threshold && typeof this.#logger?.[level] === 'function';
  }

  log(level: Level, message: string, fields?: Record<string, unknown>): void {
    if (!this.enabled(level)) return;
    try {
      // Called as a method so loggers that rely on `this` (pino, winston) keep working.
      this.#logger?.[level]?.(maskPersonalData(message), fields === undefined ? undefined : maskFields(fields));
    } catch {
      // A failing logger must never fail the API call it describes.
    }
  }
}

function maskFields(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) out[k] = typeof v === 'string' ? maskPersonalData(v) : v;
  return out;
}

/** The URL as it may be logged: origin and path only. Query strings carry status query tokens. */
export function loggableUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return url.replace(/[?#].*$/s, '');
  }
}
