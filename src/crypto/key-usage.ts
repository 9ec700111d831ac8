import { asn1, child, children, oidOf, parseDer, type Asn1 } from './asn1.js';

/** keyUsage bit names (RFC 5280 4.2.1.3), by bit position. */
const KEY_USAGE_BITS = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
] as const;

const KEY_USAGE = '2.5.29.15';
const EXTENDED_KEY_USAGE = '2.5.29.37';

/** Extended key usage purposes the SDK cares about. */
export const PURPOSE = { clientAuth: '1.3.6.1.5.5.7.3.2', serverAuth: '1.3.6.1.5.5.7.3.1', any: '2.5.29.37.0' } as const;

/** A certificate's key usage and extended key usage; `undefined` where the extension is absent (no restriction). */
export interface KeyUsages {
  keyUsage: ReadonlySet<(typeof KEY_USAGE_BITS)[number]> | undefined;
  /** OIDs. */
  extendedKeyUsage: readonly string[] | undefined;
}

/** Reads keyUsage and extendedKeyUsage from a DER certificate. Throws a plain Error on malformed input. */
export function keyUsagesOf(der: Uint8Array): KeyUsages {
  const tbs = children(child(parseDer(der), 0, 'Certificate'), 'TBSCertificate');
  // extensions are [3] EXPLICIT, the only context-specific field tagged 3.
  const wrapper = tbs.find((f) => f.tagClass === asn1.Class.CONTEXT_SPECIFIC && f.type === 3);
  const result: { keyUsage: Set<(typeof KEY_USAGE_BITS)[number]> | undefined; extendedKeyUsage: string[] | undefined } = {
    keyUsage: undefined,
    extendedKeyUsage: undefined,
  };
  if (wrapper === undefined) return result;
  for (const extension of children(child(wrapper, 0, 'extensions'), 'Extensions')) {
    const parts = children(extension, 'Extension');
    const id = oidOf(parts[0], 'extnID');
    const value = parts[parts.length - 1];
    if (value === undefined || typeof value.value !== 'string') continue;
    const inner = parseDer(new Uint8Array(Buffer.from(value.value, 'latin1')));
    if (id === KEY_USAGE) result.keyUsage = keyUsageBits(inner);
    else if (id === EXTENDED_KEY_USAGE) result.extendedKeyUsage = children(inner, 'ExtKeyUsageSyntax').map((o) => oidOf(o, 'KeyPurposeId'));
  }
  return result;
}

function keyUsageBits(node: Asn1): Set<(typeof KEY_USAGE_BITS)[number]> {
  if (node.type !== asn1.Type.BITSTRING || typeof node.value !== 'string') throw new Error('malformed keyUsage: not a BIT STRING');
  // The first content byte counts the unused bits; bit 0 is the most significant bit of the next byte.
  const bytes = node.value.slice(1);
  const set = new Set<(typeof KEY_USAGE_BITS)[number]>();
  KEY_USAGE_BITS.forEach((name, bit) => {
    const byte = bytes.charCodeAt(bit >> 3);
    if (!Number.isNaN(byte) && (byte >> (7 - (bit & 7))) & 1) set.add(name);
  });
  return set;
}
