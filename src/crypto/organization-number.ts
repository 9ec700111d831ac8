import { parseDer, type Asn1 } from './asn1.js';
import { parseCertificate } from './parse-certificate.js';
import { nameAttributes } from './rfc2253.js';

const ORGANIZATION_IDENTIFIER = '2.5.4.97';
const SERIAL_NUMBER = '2.5.4.5';

/** `NTRNO-` (the Norwegian register, ETSI EN 319 412-1 semantics identifier) and nine digits, nothing around. */
const NTRNO = /^NTRNO-(\d{9})$/;
const NINE_DIGITS = /^(\d{9})$/;

/**
 * The Norwegian organisation number (9 digits) a certificate subject belongs to, by one rule used for the server's
 * certificate and the sender's alike:
 *
 * - when the subject has an `organizationIdentifier` (2.5.4.97, SEID 2 certificates), it alone decides, and it
 *   must be exactly `NTRNO-` followed by 9 digits;
 * - otherwise a `serialNumber` (2.5.4.5, SEID 1 certificates) of exactly 9 digits;
 * - nothing else counts: not the CN, OU, O or a subject alternative name.
 *
 * An attribute repeated with different values makes the subject ambiguous, and ambiguous means none. Returns
 * undefined when the subject names no organisation by this rule.
 * @param subject the subject Name as DER or as a parsed ASN.1 node.
 */
export function organizationNumberOf(subject: Uint8Array | Asn1): string | undefined {
  const attributes = nameAttributes(subject instanceof Uint8Array ? parseDer(subject) : subject).flat();
  const valuesOf = (oid: string): (string | undefined)[] => attributes.filter((a) => a.oid === oid).map((a) => a.text);
  const identifiers = valuesOf(ORGANIZATION_IDENTIFIER);
  // Present at all, the organizationIdentifier decides, even when it names no Norwegian organisation: a VATNO-
  // or malformed one next to a 9-digit serialNumber must not fall through to the serialNumber.
  if (identifiers.length > 0) return single(identifiers, NTRNO);
  const serials = valuesOf(SERIAL_NUMBER);
  return serials.length > 0 ? single(serials, NINE_DIGITS) : undefined;
}

/** The number every value matches `pattern` with, when all of them do and agree; otherwise undefined. */
function single(values: (string | undefined)[], pattern: RegExp): string | undefined {
  let found: string | undefined;
  for (const value of values) {
    const number = value === undefined ? undefined : pattern.exec(value)?.[1];
    if (number === undefined || (found !== undefined && found !== number)) return undefined;
    found = number;
  }
  return found;
}

/** The organisation number of a DER certificate's subject by the rule of `organizationNumberOf`. */
export function organizationNumberOfCertificate(der: Uint8Array): string | undefined {
  return organizationNumberOf(parseCertificate(der).subject);
}
