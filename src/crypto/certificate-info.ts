import { createHash } from 'node:crypto';
import { organizationNumberOf } from './organization-number.js';
import { parseCertificate } from './parse-certificate.js';
import { rfc2253 } from './rfc2253.js';

/** What the SDK needs to know about a certificate: XAdES fields, validity and the organisation it belongs to. */
export interface CertificateInfo {
  der: Uint8Array;
  /** RFC 2253, as Java `X500Principal.getName()`. */
  subject: string;
  /** RFC 2253, as Java `X500Principal.getName()`; this is what goes into `X509IssuerName`. */
  issuer: string;
  /** Decimal, as `X509SerialNumber` wants it. */
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
  organizationNumber: string | undefined;
  /** Base64 SHA-1 of the DER (the XAdES CertDigest; also how a certificate is named in messages). */
  sha1: string;
}

/** Reads a DER certificate into a CertificateInfo. Throws a plain Error on malformed input. */
export function certificateInfo(der: Uint8Array): CertificateInfo {
  const c = parseCertificate(der);
  return {
    der,
    subject: rfc2253(c.subject),
    issuer: rfc2253(c.issuer),
    serialNumber: c.serial.toString(10),
    notBefore: c.notBefore,
    notAfter: c.notAfter,
    organizationNumber: organizationNumberOf(c.subject),
    sha1: createHash('sha1').update(der).digest('base64'),
  };
}

/** A one-line description for error messages: subject, issuer, serial and validity. */
export function describeCertificate(der: Uint8Array): string {
  try {
    const c = certificateInfo(der);
    return `subject "${c.subject}", issuer "${c.issuer}", serial ${c.serialNumber}, ` + `valid ${c.notBefore.toISOString()} to ${c.notAfter.toISOString()}`;
  } catch {
    return `unreadable certificate (${der.byteLength} bytes)`;
  }
}
