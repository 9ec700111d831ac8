/*
 * XML escaping as inclusive C14N 1.0 writes it (W3C xml-c14n §2.3), the one escaping for every document the SDK
 * writes. The signature document uses it so that the elements inside it canonicalise back to exactly the bytes
 * that were hashed and signed; the request and manifest writer uses it because carriage returns and (in
 * attributes) tabs and newlines written raw would be normalised by a parser, and the server would read another
 * value than the one the model holds.
 */

/** Text nodes: `&`, `<`, `>` and CR. */
export function escapeText(value: string): string {
  return value.replace(/[&<>\r]/g, (c) => TEXT[c] as string);
}

/** Attribute values: `&`, `<`, `"`, TAB, LF and CR. */
export function escapeAttribute(value: string): string {
  return value.replace(/[&<"\t\n\r]/g, (c) => ATTRIBUTE[c] as string);
}

const TEXT: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#xD;' };
const ATTRIBUTE: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '"': '&quot;',
  '\t': '&#x9;',
  '\n': '&#xA;',
  '\r': '&#xD;',
};
