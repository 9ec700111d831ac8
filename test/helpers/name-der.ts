import forge from 'node-forge';
import type { NameAttribute } from './pki.js';

const { asn1 } = forge;

/** DER of a Name built attribute by attribute, each RDN single-valued unless given as an array. */
export function nameDer(rdns: (NameAttribute | NameAttribute[])[]): Uint8Array {
  const ava = (a: NameAttribute) =>
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(a.type ?? '').getBytes()),
      asn1.create(
        asn1.Class.UNIVERSAL,
        a.valueTagClass ?? asn1.Type.UTF8,
        false,
        a.valueTagClass === asn1.Type.BMPSTRING ? a.value /* forge encodes BMPString itself */ : Buffer.from(a.value, 'utf8').toString('latin1'),
      ),
    ]);
  const name = asn1.create(
    asn1.Class.UNIVERSAL,
    asn1.Type.SEQUENCE,
    true,
    rdns.map((r) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, (Array.isArray(r) ? r : [r]).map(ava))),
  );
  return new Uint8Array(Buffer.from(asn1.toDer(name).getBytes(), 'latin1'));
}
