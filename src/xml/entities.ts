import { ResponseParseError } from '../errors/index.js';

const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
/** A character reference (hex or decimal) or an entity name: what may follow '&' and precede ';'. */
const REFERENCE_BODY = '#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z][A-Za-z0-9._-]*';
const REFERENCE = new RegExp(`&(${REFERENCE_BODY});`, 'g');
const BARE_AMPERSAND = new RegExp(`&(?!(?:${REFERENCE_BODY});)`);

/**
 * Decodes XML's five predefined entities and numeric character references, and nothing else: a DOCTYPE is refused,
 * so a response can declare no entities of its own, and HTML's named entities are not XML. An undeclared entity,
 * a reference to a character XML forbids, and a bare '&' are errors, as in any conforming parser.
 */
export function decodeXmlText(text: string): string {
  if (!text.includes('&')) return text;
  if (BARE_AMPERSAND.test(text)) throw new ResponseParseError("XML response has a bare '&' (not part of a reference)");
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
}

/** XML 1.0's Char production. */
function isXmlChar(c: number): boolean {
  return c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
}
