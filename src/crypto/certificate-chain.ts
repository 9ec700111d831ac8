import { X509Certificate } from 'node:crypto';

/** Where a certificate's chain ended: the anchor (CA) it was found to be issued under. */
export interface IssuedUnder {
  /** The anchor's subject as OpenSSL prints it (for messages). */
  anchorSubject: string;
}

/** The longest chain followed; real enterprise chains are two or three certificates. */
const MAX_DEPTH = 8;

/**
 * Whether a certificate chain (leaf first, then intermediates, as an organisation certificate holds it) is issued
 * under one of `anchorsPem`. Each link must name its issuer (names and key identifiers, as OpenSSL's
 * `X509_check_issued` compares them) and carry that issuer's valid signature; the path may pass through the
 * given intermediates and ends at the first anchor found. A leaf that is itself an anchor counts.
 *
 * This decides which environment a certificate belongs to (the .NET client checks the same before any request);
 * it is not a revocation or policy check, which stays the server's.
 */
export function issuedUnder(chain: readonly Uint8Array[], anchorsPem: readonly string[]): IssuedUnder | undefined {
  const certificates = chain.map((der) => new X509Certificate(der));
  const anchors = anchorsPem.flatMap((pem) => {
    try {
      return [new X509Certificate(pem)];
    } catch {
      // An unreadable anchor trusts nothing; the others still count.
      return [];
    }
  });
  let current = certificates[0];
  const seen = new Set<X509Certificate>();
  for (let depth = 0; current !== undefined && depth < MAX_DEPTH; depth++) {
    const here: X509Certificate = current;
    seen.add(here);
    const self = anchors.find((a) => a.raw.equals(here.raw));
    if (self !== undefined) return { anchorSubject: self.subject };
    const anchor = anchors.find((a) => issues(a, here));
    if (anchor !== undefined) return { anchorSubject: anchor.subject };
    current = certificates.find((c) => !seen.has(c) && issues(c, here));
  }
  return undefined;
}

function issues(issuer: X509Certificate, subject: X509Certificate): boolean {
  try {
    return subject.checkIssued(issuer) && subject.verify(issuer.publicKey);
  } catch {
    return false;
  }
}
