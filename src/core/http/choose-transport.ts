import { Agent } from 'undici';
import { ConfigurationError } from '../../errors/index.js';
import type { Environment } from '../environment.js';
import { createMutualTlsConnector } from './connector.js';
import { fetchTransport } from './fetch-transport.js';
import { runtimeMutualTlsFetch } from './runtime-fetch.js';
import type { HttpSettings } from './settings.js';
import type { Transport } from './transport.js';
import { undiciTransport } from './undici-transport.js';

/** The organisation certificate as the TLS handshake needs it. */
export interface ClientCredentials {
  /** Unencrypted PKCS#8 PEM of the organisation certificate's private key. */
  clientKeyPem: string;
  /** The organisation certificate and its intermediates (PEM), sent in the TLS handshake. */
  clientCertChainPem: string;
}

/**
 * The transport a configuration asks for: the caller's fetch, the caller's dispatcher, else our own undici pool
 * doing mutual TLS with the server identity checks (through the proxy when one is set). On Bun, whose undici
 * shim ignores TLS options, Bun's own fetch does the mutual TLS with the same checks.
 */
export function chooseTransport(settings: HttpSettings, environment: Environment, credentials: ClientCredentials): Transport {
  if (settings.fetch !== undefined) return fetchTransport(settings.fetch);
  if (settings.dispatcher !== undefined) return undiciTransport(settings.dispatcher, false);
  if (!credentials.clientKeyPem?.includes('PRIVATE KEY') || !credentials.clientCertChainPem?.includes('CERTIFICATE')) {
    throw new ConfigurationError('clientKeyPem and clientCertChainPem must be PEM (a private key and a certificate chain)');
  }
  if (settings.proxy === undefined) {
    const bunFetch = runtimeMutualTlsFetch({ environment, keyPem: credentials.clientKeyPem, chainPem: credentials.clientCertChainPem });
    if (bunFetch !== undefined) return fetchTransport(bunFetch);
  }
  const { timeouts } = settings;
  const pool = new Agent({
    connect: createMutualTlsConnector({
      clientKeyPem: credentials.clientKeyPem,
      clientCertChainPem: credentials.clientCertChainPem,
      trustedCertificates: environment.trustedCertificates,
      serverOrganizationNumber: environment.serverOrganizationNumber,
      environmentName: environment.name,
      connectTimeoutMs: timeouts.connectMs,
      clock: settings.clock,
      ...(settings.proxy === undefined ? {} : { proxy: settings.proxy }),
    }),
    connections: settings.maxConnections,
    // undici measures these precisely per phase; the attempt stage's own timers are the backstop.
    headersTimeout: timeouts.responseMs,
    bodyTimeout: Math.max(timeouts.downloadMs, timeouts.responseMs),
  });
  return undiciTransport(pool, true);
}
