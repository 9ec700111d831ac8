import type { DetailedPeerCertificate, TLSSocket } from 'node:tls';
import { SecurityError } from '../../errors/index.js';
import { describeCertificate } from '../../crypto/certificate-info.js';
import { organizationNumberOfCertificate } from '../../crypto/organization-number.js';

/** Who the server must be: its chain ends in one of these anchors and its certificate names this organisation. */
export interface ServerIdentity {
  /** PEM CA certificates; the only ones trusted (never Node's default roots, never the client's own CAs). */
  trustedCertificates: readonly string[];
  /** The organisation number the server's certificate must carry (Posten's: 984661185). */
  serverOrganizationNumber: string;
  /** For error messages: `production`, `test`, … */
  environmentName: string;
  /** The current time for the validity check (OpenSSL checks against the system clock as well). */
  clock?: () => Date;
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
  const verifyError = socket.authorized ? undefined : String(socket.authorizationError ?? 'unknown verification error');
  return serverIdentityProblem(socket, verifyError, identity);
}

/**
 * The same decision as `checkServerIdentity`, from OpenSSL's verification result (`undefined` when the chain
 * verified against the anchors). Usable while the handshake is still running.
 */
export function serverIdentityProblem(socket: TLSSocket, verifyError: string | undefined, identity: ServerIdentity): SecurityError | undefined {
  const peer = socket.getPeerCertificate(true) as DetailedPeerCertificate | Record<string, never>;
  const raw: Buffer | undefined = 'raw' in peer ? peer.raw : undefined;
  if (raw === undefined || raw.length === 0) {
    return new SecurityError(`The server at environment "${identity.environmentName}" presented no certificate`);
  }
  const described = describeCertificate(new Uint8Array(raw));
  if (verifyError !== undefined) {
    const reason = verifyError;
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

/** OpenSSL's verdict on the server chain so far: a code, `undefined` when it verified, `null` when unknowable. */
export function handshakeVerifyError(socket: TLSSocket): string | undefined | null {
  // Node keeps the result of OpenSSL's chain verification on the handle; `authorizationError` is only set once the
  // handshake has finished, too late. Runtimes emulating node:tls may not have it: the check after the handshake
  // then stands alone.
  const handle = (socket as unknown as { _handle?: { verifyError?: () => (Error & { code?: string }) | null } })._handle;
  if (typeof handle?.verifyError !== 'function') return null;
  const error = handle.verifyError();
  return error === null || error === undefined ? undefined : (error.code ?? error.message);
}

/**
 * Decides on the server inside the handshake, before the client certificate is sent. Node's OpenSSL verify
 * callback never aborts a handshake (even with `rejectUnauthorized`, the verdict is read after it, when the
 * certificate has already gone to the server). The one synchronous hook between the server's certificate and the
 * client's reply is the certificate status callback, which OpenSSL runs once it has the server's whole first
 * flight (TLS 1.2: at ServerHelloDone; TLS 1.3: at the server's Finished) and before it writes the client's
 * Certificate message; Node surfaces it as `'OCSPResponse'` when `requestOCSP` is set, and destroying the socket
 * there ends the handshake. So the chain verdict and the organisation number are checked there.
 */
export function decideInHandshake(socket: TLSSocket, identity: ServerIdentity): void {
  socket.once('OCSPResponse', () => {
    const verifyError = handshakeVerifyError(socket);
    if (verifyError === null) return;
    const problem = serverIdentityProblem(socket, verifyError, identity);
    if (problem !== undefined) socket.destroy(problem);
  });
}
