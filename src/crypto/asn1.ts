import forge from 'node-forge';

/** A parsed ASN.1 node (node-forge's representation: primitive values are binary strings). */
export type Asn1 = forge.asn1.Asn1;

export const asn1 = forge.asn1;

interface FromDerOptions {
  strict: boolean;
  parseAllBytes: boolean;
  decodeBitStrings: boolean;
}

/** Uint8Array → forge binary string (one char per byte). */
export function toBinary(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

/** forge binary string → Uint8Array. */
export function fromBinary(binary: string): Uint8Array {
  return new Uint8Array(Buffer.from(binary, 'latin1'));
}

/** Parses DER (or BER, which PKCS#12 files from some tools use) into forge's ASN.1 tree. */
export function parseDer(bytes: Uint8Array): Asn1 {
  // parseAllBytes: trailing garbage means a broken or wrong file, not something to ignore silently.
  // The typings only know the boolean form; forge also takes an options object.
  const fromDer = asn1.fromDer as unknown as (bytes: string, options: FromDerOptions) => Asn1;
  return fromDer(toBinary(bytes), { strict: true, parseAllBytes: true, decodeBitStrings: false });
}

export function encodeDer(node: Asn1): Uint8Array {
  return fromBinary(asn1.toDer(node).getBytes());
}

/** The children of a constructed node; throws when the node is primitive so malformed input fails loudly. */
export function children(node: Asn1 | undefined, what: string): Asn1[] {
  if (node === undefined || !Array.isArray(node.value)) {
    throw new Error(`malformed ASN.1: ${what} is not a constructed value`);
  }
  return node.value;
}

export function child(node: Asn1 | undefined, index: number, what: string): Asn1 {
  const c = children(node, what)[index];
  if (c === undefined) throw new Error(`malformed ASN.1: ${what} has no element ${index}`);
  return c;
}

export function oidOf(node: Asn1 | undefined, what: string): string {
  if (node === undefined || node.type !== asn1.Type.OID || typeof node.value !== 'string') {
    throw new Error(`malformed ASN.1: ${what} is not an OID`);
  }
  return asn1.derToOid(node.value);
}

/**
 * The content octets of an OCTET STRING (or of an implicitly tagged one). BER allows a constructed form made of
 * chunks, which PKCS#12 files written by Windows and Java use, so chunks are concatenated.
 */
export function octetsOf(node: Asn1 | undefined, what: string): string {
  if (node === undefined) throw new Error(`malformed ASN.1: ${what} is missing`);
  if (typeof node.value === 'string') return node.value;
  return node.value.map((c) => octetsOf(c, what)).join('');
}

/** An INTEGER as a bigint (two's complement, as DER encodes it). */
export function integerOf(node: Asn1 | undefined, what: string): bigint {
  if (node === undefined || node.type !== asn1.Type.INTEGER || typeof node.value !== 'string') {
    throw new Error(`malformed ASN.1: ${what} is not an INTEGER`);
  }
  const bytes = node.value;
  if (bytes.length === 0) return 0n;
  let n = 0n;
  for (let i = 0; i < bytes.length; i++) n = (n << 8n) | BigInt(bytes.charCodeAt(i));
  if (bytes.charCodeAt(0) & 0x80) n -= 1n << BigInt(bytes.length * 8);
  return n;
}
