import { ResponseParseError } from '../errors/index.js';

const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const REFERENCE = /&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z][A-Za-z0-9._-]*);/g;

/**
 * The entity decoder given to fast-xml-parser: XML's five predefined entities and numeric character references,
 * nothing else. A DOCTYPE is refused before parsing, so a document can declare no entities of its own, and HTML's
 * named entities are not XML. fast-xml-parser's `htmlEntities` option would decode those too, but it builds a table
 * of several hundred entities for every document: measured, that was 35 of the 49 µs a typical API response took
 * to parse, paid on every poll and every confirmation.
 */
export const xmlEntityDecoder = {
  decode(text: string): string {
    if (!text.includes('&')) return text;
    return text.replace(REFERENCE, (_, name: string) => {
      if (name.charCodeAt(0) !== 0x23 /* # */) {
        const value = PREDEFINED[name];
        if (value === undefined) throw new ResponseParseError(`XML response uses the undeclared entity &${name};`);
        return value;
      }
      const code = name.charCodeAt(1) === 0x78 /* x */ ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
      if (!isXmlChar(code)) throw new ResponseParseError(`XML response has a character reference to an illegal character: &${name};`);
      return String.fromCodePoint(code);
    });
  },
  reset(): void {},
  setXmlVersion(): void {},
  setExternalEntities(): void {},
  addInputEntities(entities: Record<string, string>): void {
    // Only a DOCTYPE declares entities, and parseXml refuses those before the parser runs.
    if (Object.keys(entities).length > 0) throw new ResponseParseError('XML response declares entities, which are refused');
  },
};

/** XML 1.0's Char production. */
function isXmlChar(c: number): boolean {
  return c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
}
