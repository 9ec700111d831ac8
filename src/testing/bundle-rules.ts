import { type X509Certificate } from 'node:crypto';
import { organizationNumberOf } from './pki.js';
import { readZip, type ZipEntry } from './zip-reader.js';

/**
 * The container rules of the ASiC-E profile that are about names, content and certificates rather than XML
 * signatures (protocol §3.1, §3.3, §9.2). Each returns the reason (without the "Error when validating ASiCE:"
 * prefix, which the caller adds) or undefined.
 */

/** A refused upload: its code and message go into the 400 error document. */
export class BundleError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The documented start of every ASICE_VALIDATION_FAILED message. */
export const PREFIX = 'Error when validating ASiCE: ';

/** The zip's entries, or the ASICE_VALIDATION_FAILED that an unreadable or badly named container deserves. */
export function readBundle(zipBytes: Buffer): ZipEntry[] {
  let entries: ZipEntry[];
  try {
    entries = readZip(zipBytes);
  } catch (e) {
    throw new BundleError('ASICE_VALIDATION_FAILED', `${PREFIX}${(e as Error).message}`);
  }
  for (const e of entries) {
    const bad = badEntryName(e.name);
    if (bad) throw new BundleError('ASICE_VALIDATION_FAILED', `${PREFIX}${bad}`);
  }
  return entries;
}

/** The media types documents may have: PDF, and plain text, which every client supports ([D opprette-oppdrag]). */
export const ALLOWED_DOCUMENT_MIMES: ReadonlySet<string> = new Set(['application/pdf', 'text/plain']);

/** How far SigningTime may be from real time: ±5 s [D dokumentpakke]. */
export const DEFAULT_SIGNING_TIME_TOLERANCE_SECONDS = 5;

/**
 * Entry names: documents and manifest.xml sit at the root, only META-INF/ has a folder, and no name may climb out
 * of the container (`..`), be absolute, or use backslashes.
 */
export function badEntryName(name: string): string | undefined {
  if (name.includes('\\')) return `entry name ${JSON.stringify(name)} contains a backslash`;
  const segments = name.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) return `entry name ${JSON.stringify(name)} is absolute or contains . or .. segments`;
  if (segments.length > 1 && !(segments.length === 2 && segments[0] === 'META-INF')) {
    return `entry name ${JSON.stringify(name)} is in a folder; only META-INF/ may have entries below the root`;
  }
  return undefined;
}

/** Every entry outside META-INF/ must be manifest.xml or a document the manifest lists. */
export function unlistedEntry(entries: readonly ZipEntry[], hrefs: ReadonlySet<string>): string | undefined {
  const extra = entries.find((e) => !e.name.startsWith('META-INF/') && e.name !== 'manifest.xml' && !hrefs.has(e.name));
  return extra ? `${extra.name} is in the container but not listed in manifest.xml` : undefined;
}

/** A document's declared media type must be allowed, and a PDF must be one (its header within the first 1024 bytes). */
export function badDocumentContent(doc: { href: string; mime: string; bytes: Buffer }): string | undefined {
  if (!ALLOWED_DOCUMENT_MIMES.has(doc.mime)) {
    return `document ${doc.href} has mime type ${doc.mime}; allowed are ${[...ALLOWED_DOCUMENT_MIMES].join(', ')}`;
  }
  if (doc.mime === 'application/pdf' && doc.bytes.subarray(0, 1024).indexOf('%PDF-') < 0) {
    return `document ${doc.href} is declared application/pdf but is not a PDF (no %PDF- header)`;
  }
  return undefined;
}

/** SigningTime within the tolerance of this machine's real clock (advanceTime moves the server's clock only). */
export function badSigningTime(signingTime: string, toleranceSeconds: number, nowMs = Date.now()): string | undefined {
  const at = Date.parse(signingTime);
  if (Number.isNaN(at)) return `SigningTime ${JSON.stringify(signingTime)} cannot be parsed`;
  if (Math.abs(at - nowMs) > toleranceSeconds * 1000) {
    return `SigningTime ${signingTime} is more than ${toleranceSeconds} s from the server's time ${new Date(nowMs).toISOString()}`;
  }
  return undefined;
}

/**
 * The signing certificate must belong to the organisation that authenticated with TLS (the same certificate, or
 * another one with the same organisation number issued by the simulator's sender CA, as after a renewal).
 */
export function badSigningCertificate(
  signing: X509Certificate,
  signingDer: Buffer,
  ctx: { clientCertificateDer: Buffer | undefined; authenticatedOrganization: string | undefined; trustedIssuers: readonly X509Certificate[] },
  nowMs = Date.now(),
): string | undefined {
  if (ctx.clientCertificateDer && signingDer.equals(ctx.clientCertificateDer)) return undefined;
  const org = organizationNumberOf(signingDer);
  if (!ctx.authenticatedOrganization || org !== ctx.authenticatedOrganization) {
    return `the signing certificate belongs to ${org ?? 'no organisation'}, not to ${ctx.authenticatedOrganization ?? 'the authenticated organisation'}`;
  }
  const issuer = ctx.trustedIssuers.find((ca) => signing.checkIssued(ca) && signing.verify(ca.publicKey));
  if (!issuer) return 'the signing certificate is not issued by a trusted CA';
  if (nowMs < Date.parse(signing.validFrom) || nowMs > Date.parse(signing.validTo)) return 'the signing certificate is not valid now';
  return undefined;
}
