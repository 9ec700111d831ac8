import { asn1, children, encodeDer, oidOf, parseDer, type Asn1 } from './asn1.js';

/**
 * The keywords Java's `X500Principal.getName()` (RFC 2253 form) prints; every other attribute type is printed as a
 * dotted OID with a hex value. Keeping exactly this list is what makes `X509IssuerName` match the Java client.
 */
const KEYWORDS: Readonly<Record<string, string>> = {
  '2.5.4.3': 'CN',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.9': 'STREET',
  '0.9.2342.19200300.100.1.25': 'DC',
  '0.9.2342.19200300.100.1.1': 'UID',
};

/** String types Java prints as text (`AVA.isDerString(value, false)`); others (UniversalString …) become hex. */
const TEXT_TYPES = new Set<number>([
  asn1.Type.PRINTABLESTRING,
  20, // T61String
  asn1.Type.IA5STRING,
  27, // GeneralString
  asn1.Type.BMPSTRING,
  asn1.Type.UTF8,
]);

/** One attribute of a distinguished name, in DER order. */
export interface NameAttribute {
  oid: string;
  /** The value as text, or undefined when it is not a string type. */
  text: string | undefined;
  /** The DER of the value (tag, length, content). */
  valueDer: Uint8Array;
}

/** The RDNs of a Name (DER SEQUENCE OF SET OF AttributeTypeAndValue), in DER order (most significant first). */
export function nameAttributes(name: Asn1 | Uint8Array): NameAttribute[][] {
  const node = name instanceof Uint8Array ? parseDer(name) : name;
  return children(node, 'Name').map((rdn) =>
    children(rdn, 'RelativeDistinguishedName').map((ava) => {
      const [type, value] = children(ava, 'AttributeTypeAndValue');
      if (value === undefined) throw new Error('malformed ASN.1: AttributeTypeAndValue has no value');
      return { oid: oidOf(type, 'attribute type'), text: textOf(value), valueDer: encodeDer(value) };
    }),
  );
}

/**
 * A DER Name as an RFC 2253 string exactly like Java `X500Principal.getName()`: last RDN first, `,` without space,
 * `+` inside multi-valued RDNs, Java's keyword list and Java's escaping.
 */
export function rfc2253(name: Asn1 | Uint8Array): string {
  return nameAttributes(name)
    .reverse()
    .map((rdn) => rdn.map(formatAttribute).join('+'))
    .join(',');
}

function formatAttribute(a: NameAttribute): string {
  const keyword = KEYWORDS[a.oid];
  if (keyword === undefined || a.text === undefined) return `${a.oid}=#${hex(a.valueDer)}`;
  return `${keyword}=${escapeValue(a.text)}`;
}

/**
 * Java's `AVA.toRFC2253String` escaping, which is RFC 2253 plus `=` and `#` anywhere: a backslash before each of
 * `,=+<>#;"\`, `\00` for NUL, and a backslash before every leading or trailing space or CR.
 */
export function escapeValue(value: string): string {
  const chars: string[] = [];
  for (const c of value) {
    if (',=+<>#;"\\'.includes(c)) chars.push(`\\${c}`);
    else if (c === '\u0000') chars.push('\\00');
    else chars.push(c);
  }
  const isPad = (c: string): boolean => c === ' ' || c === '\r';
  let lead = 0;
  while (lead < chars.length && isPad(chars[lead] as string)) lead++;
  let trail = chars.length - 1;
  while (trail >= 0 && isPad(chars[trail] as string)) trail--;
  return chars.map((c, i) => (i < lead || i > trail ? `\\${c}` : c)).join('');
}

function textOf(value: Asn1): string | undefined {
  if (value.tagClass !== asn1.Class.UNIVERSAL || value.constructed || typeof value.value !== 'string') return undefined;
  if (!TEXT_TYPES.has(value.type)) return undefined;
  // Java's AVA.toRFC2253String decodes the content bytes of every string type as UTF-8, even BMPString and
  // T61String (a JDK quirk); matching it keeps X509IssuerName identical to the Java client's. forge has already
  // turned a BMPString into UTF-16 code units, so its bytes are rebuilt first.
  const bytes = value.type === asn1.Type.BMPSTRING ? Buffer.from(value.value, 'utf16le').swap16() : Buffer.from(value.value, 'latin1');
  return bytes.toString('utf8');
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}
