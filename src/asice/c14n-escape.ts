/*
 * Escaping as inclusive C14N 1.0 writes it (W3C xml-c14n §2.3). The signature document is written with the same
 * escaping, so the elements inside it canonicalise back to exactly the bytes that were hashed and signed.
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
