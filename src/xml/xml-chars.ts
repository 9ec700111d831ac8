// XML 1.0 (fifth edition) character and name productions, and the Namespaces in XML 1.0 rules, as the reader
// needs them. Written out from the specifications so that what the reader accepts is what libxml2 accepts
// (test/integration/xml/differential.test.ts checks that).

/** Anything that is not a `Char` (§2.2): C0 controls but tab/LF/CR, U+FFFE, U+FFFF and lone surrogates. */
export const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
/** A quick pre-check without the `u` flag: surrogates (paired or not) and the characters XML refuses. */
// eslint-disable-next-line no-control-regex -- the control characters are what this pattern is about
export const MAYBE_NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

const NAME_START =
  'A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}';
const NAME_CHAR = `${NAME_START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F\\u2040`;
/** An `NCName`: a `Name` without colons. */
const NC_NAME = `[${NAME_START}][${NAME_CHAR}]*`;

/** An ASCII `QName`: the API's names, read without the slower Unicode classes when the next character is ASCII too. */
export const ASCII_QNAME = /[A-Za-z_][A-Za-z0-9._-]*(?::[A-Za-z_][A-Za-z0-9._-]*)?/y;
/** A `QName` (prefix:local or local) at the sticky position; a name with two colons or an empty part fails. */
// eslint-disable-next-line no-misleading-character-class -- code point ranges written out from the XML specification, with the u flag
export const QNAME = new RegExp(`${NC_NAME}(?::${NC_NAME})?`, 'uy');
/** A `Name` at the sticky position (processing-instruction targets, checked for colons separately). */
// eslint-disable-next-line no-misleading-character-class -- code point ranges written out from the XML specification, with the u flag
export const NAME = new RegExp(`[:${NAME_START}][:${NAME_CHAR}]*`, 'uy');
/** XML's `S` after line-end normalisation (no CR left). */
export const SPACES = /[ \t\n]*/y;
export const ONLY_SPACES = /^[ \t\n]*$/;

/** The XML declaration (§2.8) in full; `encoding` is captured for the UTF-8 check. */
export const XML_DECLARATION =
  /^<\?xml[ \t\n]+version[ \t\n]*=[ \t\n]*(["'])1\.[0-9]+\1(?:[ \t\n]+encoding[ \t\n]*=[ \t\n]*(["'])([A-Za-z][A-Za-z0-9._-]*)\2)?(?:[ \t\n]+standalone[ \t\n]*=[ \t\n]*(["'])(?:yes|no)\4)?[ \t\n]*\?>/;

export const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';
export const XMLNS_NAMESPACE = 'http://www.w3.org/2000/xmlns/';

/**
 * Why binding `prefix` ('' for the default namespace) to `uri` breaks Namespaces in XML 1.0 (§3, "Reserved
 * Prefixes and Namespace Names"), or undefined when it is allowed.
 */
export function namespaceBindingError(prefix: string, uri: string): string | undefined {
  if (prefix === 'xmlns') return 'the prefix xmlns cannot be declared';
  if (prefix === 'xml') return uri === XML_NAMESPACE ? undefined : `the prefix xml can only be bound to ${XML_NAMESPACE}`;
  if (uri === XML_NAMESPACE) return `${XML_NAMESPACE} can only be bound to the prefix xml`;
  if (uri === XMLNS_NAMESPACE) return `${XMLNS_NAMESPACE} cannot be declared`;
  if (prefix !== '' && uri === '') return `the prefix ${prefix} cannot be undeclared (xmlns:${prefix}="")`;
  return undefined;
}
