import type { Dispatcher } from 'undici';
import { ConfigurationError } from '../../errors/index.js';
import { BLOCK_AFTER_429_MS } from '../../protocol/facts.js';
import type { Logger, LogLevel } from './logger.js';
import { resolveTimeouts, type Timeouts } from './timeouts.js';
import { userAgent } from './user-agent.js';

/** Retries of idempotent calls when none are configured. */
export const DEFAULT_MAX_RETRIES = 3;
/** Keep-alive connections when none are configured. */
export const DEFAULT_MAX_CONNECTIONS = 10;

/** The request pipeline's options as a caller gives them (the HTTP part of `ClientConfigurationOptions`). */
export interface HttpOptions {
  timeouts?: Partial<Timeouts> | undefined;
  maxRetries?: number | undefined;
  maxConnections?: number | undefined;
  userAgent?: string | undefined;
  logger?: Logger | undefined;
  logLevel?: LogLevel | undefined;
  proxy?: string | URL | undefined;
  dispatcher?: Dispatcher | undefined;
  fetch?: typeof fetch | undefined;
  dosFilterBlockingMs?: number | undefined;
  clock?: (() => Date) | undefined;
}

/**
 * The request pipeline's options resolved once: defaults filled in, every value checked. Each stage of the
 * pipeline reads its part of this object; nothing is checked again on a call.
 */
export interface HttpSettings {
  readonly timeouts: Readonly<Timeouts>;
  readonly maxRetries: number;
  readonly maxConnections: number;
  /** The whole User-Agent header, the application's suffix included. */
  readonly userAgent: string;
  readonly logger: Logger | undefined;
  /** `off` when there is no logger. */
  readonly logLevel: LogLevel;
  readonly proxy: URL | undefined;
  readonly dispatcher: Dispatcher | undefined;
  readonly fetch: typeof fetch | undefined;
  readonly dosFilterBlockingMs: number;
  readonly clock: () => Date;
}

const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'off'];
const LOGGER_METHODS = ['debug', 'info', 'warn', 'error'] as const;

/** Resolves and checks the pipeline's options; a bad one throws ConfigurationError naming it. */
export function resolveHttpSettings(options: HttpOptions): HttpSettings {
  const logger = checkLogger(options.logger);
  const logLevel = options.logLevel ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigurationError(`logLevel must be one of ${LOG_LEVELS.join(', ')}; got ${JSON.stringify(logLevel)}`);
  }
  if (options.userAgent !== undefined && typeof options.userAgent !== 'string') {
    throw new ConfigurationError(`userAgent must be a string, got ${typeof options.userAgent}`);
  }
  if (options.fetch !== undefined && typeof options.fetch !== 'function') throw new ConfigurationError('fetch must be a function');
  const dispatcher = options.dispatcher;
  if (dispatcher !== undefined && typeof (dispatcher as { dispatch?: unknown })?.dispatch !== 'function') {
    throw new ConfigurationError('dispatcher must be an undici Dispatcher (an object with a dispatch method)');
  }
  if (options.fetch !== undefined && dispatcher !== undefined) throw new ConfigurationError('Give either fetch or dispatcher, not both');
  if (options.proxy !== undefined && (options.fetch !== undefined || dispatcher !== undefined)) {
    throw new ConfigurationError('proxy applies to the built-in connection pool; configure it in your own fetch or dispatcher');
  }
  if (options.clock !== undefined && typeof options.clock !== 'function') throw new ConfigurationError('clock must be a function returning a Date');
  return {
    timeouts: Object.freeze(resolveTimeouts(options.timeouts)),
    maxRetries: wholeNumber(options.maxRetries ?? DEFAULT_MAX_RETRIES, 'maxRetries', 0),
    maxConnections: wholeNumber(options.maxConnections ?? DEFAULT_MAX_CONNECTIONS, 'maxConnections', 1),
    userAgent: userAgent(options.userAgent),
    logger,
    logLevel: logger === undefined ? 'off' : logLevel,
    proxy: options.proxy === undefined ? undefined : proxyUrl(options.proxy),
    dispatcher,
    fetch: options.fetch,
    dosFilterBlockingMs: milliseconds(options.dosFilterBlockingMs ?? BLOCK_AFTER_429_MS, 'dosFilterBlockingMs'),
    clock: options.clock ?? (() => new Date()),
  };
}

function wholeNumber(v: unknown, name: string, min: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
    throw new ConfigurationError(`${name} must be a whole number of at least ${min}, got ${String(v)}`);
  }
  return v;
}

function milliseconds(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
    throw new ConfigurationError(`${name} must be a non-negative number of milliseconds, got ${String(v)}`);
  }
  return v;
}

function checkLogger(logger: unknown): Logger | undefined {
  if (logger === undefined) return undefined;
  if (typeof logger !== 'object' || logger === null) throw new ConfigurationError('logger must be an object with debug/info/warn/error methods');
  for (const method of LOGGER_METHODS) {
    const m = (logger as Record<string, unknown>)[method];
    if (m !== undefined && typeof m !== 'function') throw new ConfigurationError(`logger.${method} must be a function`);
  }
  return logger as Logger;
}

/** The proxy as a URL: http or https, nothing else (CONNECT is spoken to it). */
function proxyUrl(proxy: unknown): URL {
  let url: URL | undefined;
  if (proxy instanceof URL) url = proxy;
  else if (typeof proxy === 'string') url = URL.canParse(proxy) ? new URL(proxy) : undefined;
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new ConfigurationError(`proxy must be an http:// or https:// URL, got ${JSON.stringify(String(proxy).replace(/\/\/[^@/]*@/, '//…@'))}`);
  }
  return url;
}
