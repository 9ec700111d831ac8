// Options are resolved and checked once, when the configuration is built: a bad option fails there, with a
// ConfigurationError that names it, never on the first call.
import { describe, expect, it } from 'vitest';
import { ClientConfiguration, ConfigurationError, Environment, type ClientConfigurationOptions } from '../../../src/index.js';
import { DEFAULT_TIMEOUTS } from '../../../src/core/http/timeouts.js';

const environment = Environment.test;
// The certificate is only loaded on the first call (or loadCertificate()), so any value does here.
const certificate = { key: '-----BEGIN PRIVATE KEY-----', cert: '-----BEGIN CERTIFICATE-----' };

function build(options: Record<string, unknown>): ClientConfiguration {
  return new ClientConfiguration({ environment, certificate, ...options } as ClientConfigurationOptions);
}

function refusal(options: Record<string, unknown>): ConfigurationError {
  try {
    build(options);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigurationError);
    return e as ConfigurationError;
  }
  throw new Error(`accepted ${JSON.stringify(options)}`);
}

describe('ClientConfiguration refuses a bad option when it is built, naming it', () => {
  it.each([
    [{ maxRetries: -1 }, 'maxRetries'],
    [{ maxRetries: 1.5 }, 'maxRetries'],
    [{ maxRetries: '3' }, 'maxRetries'],
    [{ timeouts: { connectMs: -5 } }, 'timeouts.connectMs'],
    [{ timeouts: { responseMs: 0 } }, 'timeouts.responseMs'],
    [{ timeouts: { downloadMs: Infinity } }, 'timeouts.downloadMs'],
    [{ timeouts: { connectTimeout: 100 } }, 'timeouts.connectTimeout'],
    [{ timeouts: 5000 }, 'timeouts'],
    [{ maxConnections: 0 }, 'maxConnections'],
    [{ maxConnections: -1 }, 'maxConnections'],
    [{ logLevel: 'loud' }, 'logLevel'],
    [{ logger: 'console' }, 'logger'],
    [{ logger: { info: 'yes' } }, 'logger.info'],
    [{ proxy: 'not a url' }, 'proxy'],
    [{ proxy: 'socks5://127.0.0.1:1080' }, 'proxy'],
    [{ fetch: 'fetch' }, 'fetch'],
    [{ dispatcher: {} }, 'dispatcher'],
    [{ fetch, dispatcher: { dispatch: () => true } }, 'fetch or dispatcher'],
    [{ fetch, proxy: 'http://127.0.0.1:3128' }, 'proxy'],
    [{ maxRequestsPerSecond: 0 }, 'maxRequestsPerSecond'],
    [{ maxRequestsPerSecond: 2.5 }, 'maxRequestsPerSecond'],
    [{ dosFilterBlockingMs: -1 }, 'dosFilterBlockingMs'],
    [{ userAgent: 42 }, 'userAgent'],
    [{ clock: 'now' }, 'clock'],
    [{ timeZone: 'Mars/Olympus_Mons' }, 'timeZone'],
    [{ onDocumentBundle: 'audit' }, 'onDocumentBundle'],
    [{ pollScheduleStore: 'redis' }, 'pollScheduleStore'],
    [{ globalSender: '123456789' }, 'globalSender'],
  ])('%j → ConfigurationError naming %s', (options, name) => {
    expect(refusal(options).message).toContain(name);
  });

  it('refuses a missing environment or certificate', () => {
    expect(() => new ClientConfiguration({ certificate } as unknown as ClientConfigurationOptions)).toThrow(ConfigurationError);
    expect(() => new ClientConfiguration({ environment } as unknown as ClientConfigurationOptions)).toThrow(/certificate/);
  });

  it('does not echo proxy credentials in its message', () => {
    expect(refusal({ proxy: 'ftp://user:secret@proxy.example' }).message).not.toContain('secret');
  });
});

describe('ClientConfiguration resolves its options once into `resolved`', () => {
  it('fills in the documented defaults', () => {
    const { resolved } = build({});
    expect(resolved.http.timeouts).toEqual(DEFAULT_TIMEOUTS);
    expect(resolved.http.maxRetries).toBe(3);
    expect(resolved.http.maxConnections).toBe(10);
    expect(resolved.http.logLevel).toBe('off');
    expect(resolved.http.dosFilterBlockingMs).toBe(30_000);
    expect(resolved.http.proxy).toBeUndefined();
    expect(resolved.http.userAgent).toMatch(/^posten-signering\/\S+ \(node\/v/);
    expect(resolved.maxRequestsPerSecond).toBe(10);
    expect(resolved.timeZone).toBe('Europe/Oslo');
    expect(resolved.clock().getTime()).toBeGreaterThan(0);
  });

  it('keeps what was given, in the form the pipeline reads', () => {
    const logger = { info: () => undefined };
    const clock = (): Date => new Date(0);
    const { resolved } = build({
      timeouts: { connectMs: 1000 },
      maxRetries: 0,
      maxConnections: 2,
      logger,
      proxy: 'http://proxy.example:3128',
      userAgent: 'my-app/1.0',
      maxRequestsPerSecond: Infinity,
      clock,
      timeZone: 'UTC',
    });
    expect(resolved.http.timeouts).toEqual({ ...DEFAULT_TIMEOUTS, connectMs: 1000 });
    expect(resolved.http.maxRetries).toBe(0);
    expect(resolved.http.maxConnections).toBe(2);
    expect(resolved.http.logger).toBe(logger);
    // A logger without a level logs info and above.
    expect(resolved.http.logLevel).toBe('info');
    expect(resolved.http.proxy).toEqual(new URL('http://proxy.example:3128'));
    expect(resolved.http.userAgent).toMatch(/ \(my-app\/1\.0\)$/);
    expect(resolved.maxRequestsPerSecond).toBe(Infinity);
    expect(resolved.clock).toBe(clock);
    expect(resolved.http.clock).toBe(clock);
    expect(resolved.timeZone).toBe('UTC');
  });

  it('is frozen: a stage cannot change what another reads', () => {
    const { resolved } = build({});
    expect(Object.isFrozen(resolved)).toBe(true);
    expect(Object.isFrozen(resolved.http)).toBe(true);
    expect(Object.isFrozen(resolved.http.timeouts)).toBe(true);
  });
});
