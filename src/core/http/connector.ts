import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { buildConnector } from 'undici';
import { ConfigurationError, SecurityError, TimeoutError, TransportError } from '../../errors/index.js';
import { checkServerIdentity, decideInHandshake, type ServerIdentity } from './server-identity.js';

export type { ServerIdentity } from './server-identity.js';

export interface MutualTlsConnectorOptions extends ServerIdentity {
  /** The organisation certificate's private key, unencrypted PEM. */
  clientKeyPem: string;
  /** The organisation certificate and its intermediates, PEM, sent in the handshake. */
  clientCertChainPem: string;
  /** The longest wait for the TCP connection, the proxy tunnel and the TLS handshake together. */
  connectTimeoutMs: number;
  /** An HTTP(S) proxy that the connection to the server is tunnelled through with CONNECT. */
  proxy?: URL;
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
    // The verdict is taken inside the handshake (decideInHandshake) and again when it is done
    // (checkServerIdentity), with messages that say what is wrong; OpenSSL's own verification feeds both.
    rejectUnauthorized: false,
    // Not for revocation: asking for the status is what makes OpenSSL call back, mid-handshake, before the client
    // certificate goes out (see decideInHandshake). The stapled response itself is ignored.
    requestOCSP: true,
    checkServerIdentity: () => undefined,
    // A resumed TLS session skips the certificate exchange; never offer one, so every connection is checked.
    maxCachedSessions: 0,
    timeout: options.connectTimeoutMs,
    // undici's option type omits some of tls.connect's, which it passes on all the same.
  } as buildConnector.BuildOptions);
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
      if (socket !== undefined) decideInHandshake(socket as TLSSocket, options);
      return;
    }
    openTunnel(proxy, connectOptions.hostname, connectOptions.port || '443', options.connectTimeoutMs).then(
      (tunnel) => {
        if (settled) return void tunnel.destroy();
        socket = connect({ ...connectOptions, httpSocket: tunnel }, verify);
        if (socket !== undefined) decideInHandshake(socket as TLSSocket, options);
      },
      (e: unknown) => callback(e instanceof Error ? e : new TransportError(String(e)), null),
    );
  };
}

/** Opens an HTTP CONNECT tunnel through `proxy`; TLS to the target then runs inside it, end to end. */
export function openTunnel(proxy: URL, host: string, port: string, timeoutMs: number): Promise<Socket> {
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
