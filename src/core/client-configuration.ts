import { brand } from '../errors/brand.js';
import type { Dispatcher } from 'undici';
import { ConfigurationError } from '../errors/index.js';
import { Sender } from '../model/index.js';
import { API_TIME_ZONE, MAX_REQUESTS_PER_SECOND, type Flow } from '../protocol/facts.js';
import { loadOrganizationCertificate, type CertificateInput, type OrganizationCertificate } from '../crypto/index.js';
import { Environment } from './environment.js';
import { MaskingLogger, type Logger, type LogLevel } from './http/logger.js';
import { safeView } from './safe-view.js';
import { checkSenderCertificateFits, warnIfExpiringSoon } from './sender-certificate.js';
import type { Timeouts } from './http/timeouts.js';
import { resolveHttpSettings, type HttpSettings } from './http/settings.js';
import { InMemoryPollScheduleStore, type PollScheduleStore } from './polling/poll-schedule-store.js';
import type { RequestBudget } from './polling/request-budget.js';

/** What `onDocumentBundle` receives: the exact bytes about to be sent, for audit or debugging. */
export interface DocumentBundle {
  /** Which flow the job belongs to. */
  readonly flow: Flow;
  /** The job's reference, if it has one. */
  readonly reference: string | undefined;
  /** The job request XML (`direct-signature-job-request` or `portal-signature-job-request`). */
  readonly requestXml: Uint8Array;
  /** The signed ASiC-E: the documents, `manifest.xml` and `META-INF/signatures.xml`. */
  readonly asice: Uint8Array;
}

/** The options of a `ClientConfiguration` (seed use cases: every one starts with a configuration). Each is checked when the configuration is built. */
export interface ClientConfigurationOptions {
  /** `Environment.production`, `Environment.test`, or `Environment.custom({...})` (the simulator gives one). */
  environment: Environment;
  /**
   * The organisation's enterprise certificate: `{ pkcs12: pathOrBytes, password }` (OpenSSL 3 and legacy
   * RC2/3DES files, any password) or `{ key, cert, passphrase? }` in PEM, `cert` holding leaf + intermediates.
   */
  certificate: CertificateInput;
  /** The sender used when a job or poll names none. */
  globalSender?: Sender;
  /** Connect, response and download timeouts. Defaults: 5 s, 10 s, 60 s (as the Java client). */
  timeouts?: Partial<Timeouts>;
  /** Retries of idempotent calls on connection errors and 502/503/504. Default 3. Job creation is never retried. */
  maxRetries?: number;
  /**
   * Requests started per organisation in any second, at most. Default 10, the API's documented limit: past it
   * the API blocks the organisation for 30 s. `Infinity` turns the limit off (e.g. against the simulator).
   */
  maxRequestsPerSecond?: number;
  /** Keep-alive connections kept open at most. Default 10. */
  maxConnections?: number;
  /** Receives one line per request; personal identification numbers are masked. Off by default. */
  logger?: Logger;
  /** The least severe level logged. Default `info` when a logger is given. */
  logLevel?: LogLevel;
  /** Appended to the User-Agent in parentheses, e.g. your application's name and version. */
  userAgent?: string;
  /** An HTTP(S) proxy; TLS to Posten goes through it end to end (CONNECT). */
  proxy?: string | URL;
  /** Your own undici Dispatcher (advanced: custom pools, interceptors). Server identity checks are then yours. */
  dispatcher?: Dispatcher;
  /** A runtime's own fetch that does mutual TLS itself (Bun, Deno); replaces undici. See the README. */
  fetch?: typeof fetch;
  /** The clock for SigningTime and poll schedules. Default `() => new Date()`. */
  clock?: () => Date;
  /** The time zone SigningTime is written in. Default `Europe/Oslo`. */
  timeZone?: string;
  /** Called with every document bundle before it is sent. */
  onDocumentBundle?: (bundle: DocumentBundle) => void | Promise<void>;
  /** Where poll schedules (next permitted poll time per queue) are kept. Share one to coordinate processes. */
  pollScheduleStore?: PollScheduleStore;
  /**
   * Where the organisation's request budget is kept. Default: in memory, `maxRequestsPerSecond` for this
   * configuration alone. Share one (`posten-signering/redis`) so that all processes together stay within it;
   * its limit is then the shared budget's, and `maxRequestsPerSecond` may not be set as well.
   */
  requestBudget?: RequestBudget;
  /** How long the DoS filter blocks a caller after a 429 carrying a `DoSFilter` header. Default 30 000 ms. */
  dosFilterBlockingMs?: number;
}

/** Everything a client needs; one configuration may serve a DirectClient and a PortalClient together. */
export class ClientConfiguration {
  static {
    brand(this, 'ClientConfiguration');
  }
  /** The API installation the clients talk to. */
  readonly environment: Environment;
  /** The sender used when a job or poll names none. */
  readonly globalSender: Sender | undefined;
  /** The options as given (without the certificate). What the SDK reads is `resolved`. */
  readonly options: Readonly<Omit<ClientConfigurationOptions, 'certificate'>>;
  /** The options resolved and checked when this configuration was built: what every part of the SDK reads. */
  readonly resolved: ResolvedOptions;
  /** Where poll schedules are kept (in memory unless one was given). */
  readonly pollScheduleStore: PollScheduleStore;
  /** The clock for SigningTime and poll schedules. */
  readonly clock: () => Date;
  /** The IANA zone SigningTime is written in. */
  readonly timeZone: string;
  #certificate: CertificateInput;
  #loaded: Promise<OrganizationCertificate> | undefined;

  constructor(options: ClientConfigurationOptions) {
    if (!options || !(options.environment instanceof Environment)) {
      throw new ConfigurationError('ClientConfiguration needs an environment: Environment.production, Environment.test or Environment.custom(...)');
    }
    if (!options.certificate) throw new ConfigurationError('ClientConfiguration needs the organisation certificate (certificate)');
    const resolved = resolveOptions(options);
    const { certificate, ...rest } = options;
    this.#certificate = certificate;
    this.environment = options.environment;
    this.resolved = resolved;
    this.options = Object.freeze(rest);
    this.globalSender = resolved.globalSender;
    this.pollScheduleStore = resolved.pollScheduleStore;
    this.clock = resolved.clock;
    this.timeZone = resolved.timeZone;
  }

  /**
   * Loads and checks the organisation certificate once (wrong password, no key, not RSA, expired, not issued
   * under the environment's CAs …) and caches it; warns once when it expires within 30 days. Called before the
   * first request; call it at start-up to fail early.
   */
  loadCertificate(): Promise<OrganizationCertificate> {
    if (this.#loaded === undefined) {
      const now = this.clock();
      this.#loaded = loadOrganizationCertificate(this.#certificate, now).then((certificate) => {
        checkSenderCertificateFits(certificate, this.environment);
        warnIfExpiringSoon(certificate, now, (message) => this.#warn(message));
        return certificate;
      });
      // A failed load is not cached, so that a corrected file can be picked up by the next call.
      this.#loaded.catch(() => {
        this.#loaded = undefined;
      });
    }
    return this.#loaded;
  }

  /** Through the configured logger; without one, as a process warning (stderr, unless warnings are silenced). */
  #warn(message: string): void {
    const { logger, logLevel } = this.options;
    if (logger !== undefined) return new MaskingLogger(logger, logLevel).log('warn', message);
    const emit = (globalThis as { process?: { emitWarning?: (m: string, o: { code: string }) => void } }).process?.emitWarning;
    if (typeof emit === 'function') emit.call(process, message, { code: 'POSTEN_SIGNERING_CERTIFICATE_EXPIRING' });
    else console.warn(message);
  }

  /** The environment and global sender, for logs; never the certificate. */
  toString(): string {
    return `ClientConfiguration(${this.environment.name}${this.globalSender ? `, ${this.globalSender}` : ''})`;
  }

  /** What `JSON.stringify` shows: settings without the certificate, passwords, proxy credentials or callbacks. */
  toJSON(): Record<string, unknown> {
    return safeView(this);
  }

  /** What `util.inspect` and `console.log` show: the same as `toJSON`. */
  [Symbol.for('nodejs.util.inspect.custom')](_depth: number, options: object, inspect: (value: unknown, options: object) => string): string {
    return `ClientConfiguration ${inspect(this.toJSON(), options)}`;
  }
}

/** A shared store given in the wrong shape fails here, when the configuration is built, not on the first poll. */
function checkSharedStores(options: ClientConfigurationOptions): void {
  const store = options.pollScheduleStore as Partial<Record<keyof PollScheduleStore, unknown>> | undefined;
  if (store !== undefined && !(['claim', 'release', 'nextPermitted'] as const).every((m) => typeof store?.[m] === 'function')) {
    throw new ConfigurationError('pollScheduleStore must have the methods claim, release and nextPermitted');
  }
  const budget = options.requestBudget as Partial<Record<keyof RequestBudget, unknown>> | undefined;
  if (budget === undefined) return;
  if (typeof budget?.acquire !== 'function') throw new ConfigurationError('requestBudget must have an acquire(organization, signal) method');
  if (options.maxRequestsPerSecond !== undefined) {
    throw new ConfigurationError(
      'maxRequestsPerSecond applies to the in-memory budget only; with a requestBudget, set the limit on the budget (e.g. redisCoordination(client, { maxRequestsPerSecond }))',
    );
  }
}

/**
 * A configuration's options resolved once, when it is built: defaults filled in and every value checked, so that
 * a bad option fails at start-up with a ConfigurationError naming it rather than on the first call. The request
 * pipeline reads `http`; the clients read the rest.
 */
export interface ResolvedOptions {
  readonly http: HttpSettings;
  readonly globalSender: Sender | undefined;
  /** `Infinity` when the limit is off. */
  readonly maxRequestsPerSecond: number;
  readonly clock: () => Date;
  readonly timeZone: string;
  readonly onDocumentBundle: ((bundle: DocumentBundle) => void | Promise<void>) | undefined;
  readonly pollScheduleStore: PollScheduleStore;
  /** The shared request budget, when one was given; else each configuration keeps its own in memory. */
  readonly requestBudget: RequestBudget | undefined;
}

/** Resolves and checks `options` (all but the certificate, which is loaded on first use or `loadCertificate()`). */
export function resolveOptions(options: ClientConfigurationOptions): ResolvedOptions {
  if (options.globalSender !== undefined && !(options.globalSender instanceof Sender)) {
    throw new ConfigurationError('globalSender must be a Sender');
  }
  const rate = options.maxRequestsPerSecond;
  if (rate !== undefined && !(typeof rate === 'number' && rate >= 1 && (Number.isInteger(rate) || rate === Infinity))) {
    throw new ConfigurationError(`maxRequestsPerSecond must be a whole number of at least 1, or Infinity; got ${String(rate)}`);
  }
  if (options.onDocumentBundle !== undefined && typeof options.onDocumentBundle !== 'function') {
    throw new ConfigurationError('onDocumentBundle must be a function');
  }
  checkSharedStores(options);
  const http = resolveHttpSettings(options);
  return Object.freeze({
    http: Object.freeze(http),
    globalSender: options.globalSender,
    maxRequestsPerSecond: rate ?? MAX_REQUESTS_PER_SECOND,
    clock: http.clock,
    timeZone: timeZone(options.timeZone ?? API_TIME_ZONE),
    onDocumentBundle: options.onDocumentBundle,
    pollScheduleStore: options.pollScheduleStore ?? new InMemoryPollScheduleStore(),
    requestBudget: options.requestBudget,
  });
}

/** An IANA time zone the runtime knows; SigningTime is written in it. */
function timeZone(zone: unknown): string {
  if (typeof zone === 'string') {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return zone;
    } catch {
      // Reported below.
    }
  }
  throw new ConfigurationError(`timeZone must be an IANA time zone such as ${API_TIME_ZONE}, got ${JSON.stringify(zone)}`);
}
