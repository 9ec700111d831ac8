import { parseDer, type Asn1 } from './asn1.js';
import { parseCertificate } from './certificate-info.js';
import { nameAttributes } from './rfc2253.js';

const ORGANIZATION_IDENTIFIER = '2.5.4.97';
const SERIAL_NUMBER = '2.5.4.5';
const COMMON_NAME = '2.5.4.3';

/**
 * The Norwegian organisation number (9 digits) a certificate subject belongs to, found the way the Java client's
 * certificate validator does: organizationIdentifier `NTRNO-<9 digits>` (SEID 2 certificates) first, then a
 * serialNumber of 9 digits (SEID 1), then a CN that starts with 9 digits followed by a non-digit or nothing.
 * @param subject the subject Name as DER or as a parsed ASN.1 node.
 */
export function organizationNumberOf(subject: Uint8Array | Asn1): string | undefined {
  const attributes = nameAttributes(subject instanceof Uint8Array ? parseDer(subject) : subject).flat();
  const find = (oid: string, pattern: RegExp): string | undefined => {
    for (const a of attributes) {
      if (a.oid !== oid || a.text === undefined) continue;
      const m = pattern.exec(a.text);
      if (m?.[1] !== undefined) return m[1];
    }
    return undefined;
  };
  return (
    find(ORGANIZATION_IDENTIFIER, /^(?:NTRNO-)?(\d{9})(?!\d)/i) ??
    find(SERIAL_NUMBER, /^(\d{9})$/) ??
    find(COMMON_NAME, /^(\d{9})(?:[^0-9].*)?$/s)
  );
}

/** The organisation number of a DER certificate's subject (for checking the server's certificate, too). */
export function organizationNumberOfCertificate(der: Uint8Array): string | undefined {
  return organizationNumberOf(parseCertificate(der).subject);
}
