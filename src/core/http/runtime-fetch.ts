import { SecurityError } from '../../errors/index.js';
import { describeCertificate } from '../../crypto/certificate-info.js';
import { organizationNumberOfCertificate } from '../../crypto/organization-number.js';
import type { Environment } from '../environment.js';

interface BunTlsCertificate {
  raw?: Uint8Array;
}

/**
 * Bun replaces `undici` with a shim whose Agent ignores TLS options, so the built-in pool cannot do mutual TLS
 * there. Bun's own fetch can (`tls: { key, cert, ca, checkServerIdentity }`), with the same server checks: the
 * chain must end in the environment's anchors and the certificate must carry its organisation number.
 * Returns undefined on every other runtime.
 */
export function runtimeMutualTlsFetch(options: { environment: Environment; keyPem: string; chainPem: string }): typeof fetch | undefined {
  if ((globalThis as { Bun?: unknown }).Bun === undefined) return undefined;
  const { environment } = options;
  return (async (input: string | URL | Request, init?: RequestInit) => {
    let refused: SecurityError | undefined;
    const tls = {
      key: options.keyPem,
      cert: options.chainPem,
      ca: [...environment.trustedCertificates],
      rejectUnauthorized: true,
      checkServerIdentity: (_host: string, certificate: BunTlsCertificate): Error | undefined => {
        const der = certificate.raw;
        const found = der ? organizationNumberOfCertificate(new Uint8Array(der)) : undefined;
        if (found === environment.serverOrganizationNumber) return undefined;
        refused = new SecurityError(
          `The server at ${environment.url} is not the signature API of ${environment.name}: its certificate carries organisation number ${found ?? '(none)'}, not ${environment.serverOrganizationNumber}` +
            (der ? ` (${describeCertificate(new Uint8Array(der))})` : '') +
            '. Check the URL: it must be the API, not the web front-end.',
        );
        return refused;
      },
    };
    try {
      return await fetch(input, { ...init, tls } as RequestInit);
    } catch (error) {
      throw refused ?? error;
    }
  }) as typeof fetch;
}
