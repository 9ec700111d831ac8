import { createHash } from 'node:crypto';
import { asn1, child, children, integerOf, parseDer, type Asn1 } from './asn1.js';
import { organizationNumberOf } from './organization-number.js';
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
  /** Base64 SHA-1 of the DER (the XAdES CertDigest). */
  sha1: string;
}

/** The parts of a certificate's TBSCertificate this module reads. */
export interface ParsedCertificate {
  serial: bigint;
  issuer: Asn1;
  subject: Asn1;
  notBefore: Date;
  notAfter: Date;
}

export function parseCertificate(der: Uint8Array): ParsedCertificate {
  const tbs = child(parseDer(der), 0, 'Certificate');
  const fields = children(tbs, 'TBSCertificate');
  // version is [0] EXPLICIT and optional (absent in v1 certificates).
  const first = fields[0];
  const offset = first !== undefined && first.tagClass === asn1.Class.CONTEXT_SPECIFIC ? 1 : 0;
  const field = (i: number, what: string): Asn1 => {
    const f = fields[i + offset];
    if (f === undefined) throw new Error(`malformed certificate: no ${what}`);
    return f;
  };
  const validity = field(3, 'validity');
  return {
    serial: integerOf(field(0, 'serialNumber'), 'serialNumber'),
    issuer: field(2, 'issuer'),
    subject: field(4, 'subject'),
    notBefore: timeOf(child(validity, 0, 'Validity')),
    notAfter: timeOf(child(validity, 1, 'Validity')),
  };
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
    return (
      `subject "${c.subject}", issuer "${c.issuer}", serial ${c.serialNumber}, ` +
      `valid ${c.notBefore.toISOString()} to ${c.notAfter.toISOString()}`
    );
  } catch {
    return `unreadable certificate (${der.byteLength} bytes)`;
  }
}

function timeOf(node: Asn1): Date {
  if (typeof node.value !== 'string') throw new Error('malformed certificate: validity time is not primitive');
  if (node.type === asn1.Type.UTCTIME) return asn1.utcTimeToDate(node.value);
  if (node.type === asn1.Type.GENERALIZEDTIME) return asn1.generalizedTimeToDate(node.value);
  throw new Error('malformed certificate: validity time has an unknown type');
}
