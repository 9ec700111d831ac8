import { isIP, type Socket } from 'node:net';
import { connect, type ConnectionOptions, type TLSSocket } from 'node:tls';
import { organizationNumberOfCertificate } from '../../crypto/organization-number.js';
import { describeCertificate } from '../../crypto/certificate-info.js';
import { type SecurityError, TimeoutError, TransportError } from '../../errors/index.js';
import { checkServerIdentity, handshakeVerifyError, serverIdentityProblem, type ServerIdentity } from './server-identity.js';

/** What a look at the server's certificate found. */
export interface ServerProbe {
  /** Why the server is not who it must be; undefined when it is. */
  problem: SecurityError | TransportError | TimeoutError | undefined;
  /** The server certificate, described (subject, issuer, serial, validity), when one was seen. */
  certificate: string | undefined;
  /** The organisation number in it, by the SDK's rule. */
  organizationNumber: string | undefined;
}

/**
 * Looks at the server's certificate with the same checks as every API connection (chain to the anchors,
 * validity, organisation number), without presenting any client certificate: the handshake is ended as soon as
 * the server's first flight has been judged, so nothing of ours is sent but the ClientHello. For diagnostics
 * (`posten-signering doctor`). `socket` is an open tunnel to run the handshake in (a proxy's CONNECT).
 */
export function probeServerIdentity(
  target: { host: string; port: number; socket?: Socket },
  identity: ServerIdentity,
  timeoutMs: number,
): Promise<ServerProbe> {
  return new Promise((resolve) => {
    let done = false;
    const tls: TLSSocket = connect({
      host: target.host,
      port: target.port,
      ...(target.socket === undefined ? {} : { socket: target.socket }),
      ...(isIP(target.host) === 0 ? { servername: target.host } : {}),
      ca: [...identity.trustedCertificates],
      rejectUnauthorized: false,
      requestOCSP: true,
      checkServerIdentity: () => undefined,
      ALPNProtocols: ['http/1.1'],
      // tls.connect passes it to the socket; the typings only list it for `new TLSSocket`.
    } as ConnectionOptions);
    const finish = (problem: ServerProbe['problem'], judged: boolean): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      let certificate: string | undefined;
      let organizationNumber: string | undefined;
      if (judged) {
        const raw = (tls.getPeerCertificate(false) as { raw?: Buffer }).raw;
        if (raw !== undefined && raw.length > 0) {
          certificate = describeCertificate(new Uint8Array(raw));
          try {
            organizationNumber = organizationNumberOfCertificate(new Uint8Array(raw));
          } catch {
            organizationNumber = undefined;
          }
        }
      }
      tls.destroy();
      target.socket?.destroy();
      resolve({ problem, certificate, organizationNumber });
    };
    const timer = setTimeout(() => finish(new TimeoutError(`No TLS handshake with ${target.host}:${target.port} within ${timeoutMs} ms`), false), timeoutMs);
    tls.once('OCSPResponse', () => {
      const verifyError = handshakeVerifyError(tls);
      if (verifyError === null) return;
      finish(serverIdentityProblem(tls, verifyError, identity), true);
    });
    // Where the mid-handshake hook is missing, the same checks once the handshake is done.
    tls.once('secureConnect', () => finish(checkServerIdentity(tls, identity), true));
    tls.once('error', (e) => finish(new TransportError(`TLS with ${target.host}:${target.port} failed: ${e.message}`, { cause: e }), false));
  });
}
