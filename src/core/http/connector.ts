import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import type { DetailedPeerCertificate, TLSSocket } from 'node:tls';
import { buildConnector } from 'undici';
import { ConfigurationError, SecurityError, TimeoutError, TransportError } from '../../errors/index.js';
import { describeCertificate } from '../../crypto/certificate-info.js';
import { organizationNumberOfCertificate } from '../../crypto/organization-number.js';

/** Who the server must be: its chain ends in one of these anchors and its certificate names this organisation. */
export interface ServerIdentity {
  /** PEM CA certificates; the only ones trusted (never Node's default roots, never the client's own CAs). */
  trustedCertificates: readonly string[];
  serverOrganizationNumber: string;
  /** For error messages: `production`, `test`, … */
  environmentName: string;
  /** The current time for the validity check (OpenSSL checks against the system clock as well). */
  clock?: () => Date;
}

export interface MutualTlsConnectorOptions extends ServerIdentity {
  clientKeyPem: string;
  clientCertChainPem: string;
  connectTimeoutMs: number;
  /** An HTTP(S) proxy that the connection to the server is tunnelled through with CONNECT. */
  proxy?: URL;
}

const UNTRUSTED_CHAIN = new Set([
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'CERT_CHAIN_TOO_LONG',
]);

/**
 * Checks a connected TLS socket against the expected server identity. Returns the error to fail the connection
 * with, or undefined when the server is who it must be.
 *
 * The host name is deliberately not checked: Posten's servers present an enterprise certificate naming the
 * organisation, not a host name certificate (all official clients disable host name verification for that reason).
 * The organisation number takes the host name's place.
 */
export function checkServerIdentity(socket: TLSSocket, identity: ServerIdentity): SecurityError | undefined {
  const peer = socket.getPeerCertificate(true) as DetailedPeerCertificate | Record<string, never>;
  const raw: Buffer | undefined = 'raw' in peer ? peer.raw : undefined;
  if (raw === undefined || raw.length === 0) {
    return new SecurityError(`The server at environment "${identity.environmentName}" presented no certificate`);
  }
  const described = describeCertificate(new Uint8Array(raw));
  if (!socket.authorized) {
    const reason = String(socket.authorizationError ?? 'unknown verification error');
    if (reason === 'CERT_HAS_EXPIRED') {
      return new SecurityError(`The server certificate has expired (${reason}): ${described}`);
    }
    if (reason === 'CERT_NOT_YET_VALID') {
      return new SecurityError(`The server certificate is not yet valid (${reason}): ${described}. Check the system clock.`);
    }
    const hint = UNTRUSTED_CHAIN.has(reason)
      ? `Its chain does not end in a CA trusted for the "${identity.environmentName}" environment. Likely causes: ` +
        'the URL belongs to another environment (test and production use different CAs), or a proxy or firewall ' +
        'intercepts TLS and presents its own certificate.'
      : 'The certificate chain could not be verified.';
    return new SecurityError(`The server certificate was rejected (${reason}): ${described}. ${hint}`);
  }
  const now = (identity.clock ?? (() => new Date()))();
  const from = Date.parse(peer.valid_from);
  const to = Date.parse(peer.valid_to);
  if ((!Number.isNaN(to) && now.getTime() > to) || (!Number.isNaN(from) && now.getTime() < from)) {
    return new SecurityError(`The server certificate is outside its validity period at ${now.toISOString()}: ${described}`);
  }
  let org: string | undefined;
  try {
    org = organizationNumberOfCertificate(new Uint8Array(raw));
  } catch {
    org = undefined;
  }
  if (org !== identity.serverOrganizationNumber) {
    return new SecurityError(
      `The server certificate belongs to ${org === undefined ? 'no organisation number' : `organisation ${org}`}, ` +
        `not to ${identity.serverOrganizationNumber} as the API's must: ${described}. Likely cause: a wrong URL ` +
        '(e.g. the web front-end rather than the API host, or another service).',
    );
  }
  return undefined;
}

/**
 * An undici connector for mutual TLS that refuses the connection, before a single request byte is written,
 * unless the server passes `checkServerIdentity`. Give it to `new Agent({ connect })`.
 */
export function createMutualTlsConnector(options: MutualTlsConnectorOptions): buildConnector.connector {
  if (options.trustedCertificates.length === 0) throw new ConfigurationError('No trusted CA certificates for the server');
  const base = buildConnector({
    key: options.clientKeyPem,
    cert: options.clientCertChainPem,
    // Replaces Node's default roots. The client chain above goes into the handshake, never into this store.
    ca: [...options.trustedCertificates],
    // Verification is completed in checkServerIdentity; undici must hand us the socket to decide.
    rejectUnauthorized: false,
    checkServerIdentity: () => undefined,
    // A resumed TLS session skips the certificate exchange; never offer one, so every connection is checked.
    maxCachedSessions: 0,
    timeout: options.connectTimeoutMs,
  });
  // buildConnector's connect returns the socket it opens (the typings say void); the timer needs it to destroy it.
  const connect = base as unknown as (o: buildConnector.Options, cb: buildConnector.Callback) => Socket | undefined;
  const proxy = options.proxy;

  return (connectOptions, done) => {
    // undici's own connect timer is coarse (about a second of slack); this one is exact and covers the tunnel too.
    let settled = false;
    let socket: Socket | undefined;
    const timer = setTimeout(() => {
      socket?.destroy();
      callback(
        new TimeoutError(
          `Could not connect to ${connectOptions.hostname}:${connectOptions.port || '443'} within ${options.connectTimeoutMs} ms (connect timeout)`,
        ),
        null,
      );
    }, options.connectTimeoutMs);
    const callback: buildConnector.Callback = (...args) => {
      if (settled) {
        if (args[0] === null) args[1].destroy();
        return;
      }
      settled = true;
      clearTimeout(timer);
      (done as (...a: typeof args) => void)(...args);
    };
    const verify: buildConnector.Callback = (err, socket) => {
      if (err !== null) return callback(err, null);
      const problem = checkServerIdentity(socket as TLSSocket, options);
      if (problem !== undefined) {
        socket.destroy();
        return callback(problem, null);
      }
      callback(null, socket);
    };
    if (connectOptions.protocol !== 'https:') {
      return callback(new SecurityError(`Refusing ${connectOptions.protocol} to the signature API: only https is allowed`), null);
    }
    if (proxy === undefined) {
      socket = connect(connectOptions, verify);
      return;
    }
    openTunnel(proxy, connectOptions.hostname, connectOptions.port || '443', options.connectTimeoutMs).then(
      (tunnel) => {
        if (settled) return void tunnel.destroy();
        socket = connect({ ...connectOptions, httpSocket: tunnel }, verify);
      },
      (e: unknown) => callback(e instanceof Error ? e : new TransportError(String(e)), null),
    );
  };
}

/** Opens an HTTP CONNECT tunnel through `proxy`; TLS to the target then runs inside it, end to end. */
function openTunnel(proxy: URL, host: string, port: string, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { host: `${host}:${port}` };
    if (proxy.username !== '') {
      const credentials = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
      headers['proxy-authorization'] = `Basic ${Buffer.from(credentials).toString('base64')}`;
    }
    const request = (proxy.protocol === 'https:' ? httpsRequest : httpRequest)({
      host: proxy.hostname.replace(/^\[|\]$/g, ''),
      port: proxy.port || (proxy.protocol === 'https:' ? 443 : 80),
      method: 'CONNECT',
      path: `${host}:${port}`,
      headers,
      agent: false,
    });
    const timer = setTimeout(() => {
      request.destroy();
      reject(new TimeoutError(`The proxy ${proxy.host} did not open a tunnel within ${timeoutMs} ms (connect timeout)`));
    }, timeoutMs);
    request.once('connect', (response, socket) => {
      clearTimeout(timer);
      if (response.statusCode !== 200) {
        socket.destroy();
        reject(new TransportError(`The proxy ${proxy.host} refused the tunnel to ${host}:${port}: HTTP ${response.statusCode}`));
        return;
      }
      resolve(socket);
    });
    request.once('error', (e) => {
      clearTimeout(timer);
      reject(new TransportError(`Cannot reach the proxy ${proxy.host}: ${e.message}`, { cause: e }));
    });
    request.end();
  });
}
