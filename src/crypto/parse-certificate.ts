import { asn1, child, children, integerOf, parseDer, type Asn1 } from './asn1.js';

/** The parts of a certificate's TBSCertificate the SDK reads. */
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

function timeOf(node: Asn1): Date {
  if (typeof node.value !== 'string') throw new Error('malformed certificate: validity time is not primitive');
  if (node.type === asn1.Type.UTCTIME) return asn1.utcTimeToDate(node.value);
  if (node.type === asn1.Type.GENERALIZEDTIME) return asn1.generalizedTimeToDate(node.value);
  throw new Error('malformed certificate: validity time has an unknown type');
}
