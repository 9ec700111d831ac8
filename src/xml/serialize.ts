import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import { SIGNATURE_API_NS } from './namespace.js';

export type { XMLBuilder };

/** Starts a document whose root is in the API namespace, declared as the default namespace. */
export function apiDocument(rootName: string): XMLBuilder {
  return create({ version: '1.0', encoding: 'UTF-8', standalone: true }).ele(SIGNATURE_API_NS, rootName);
}

/**
 * Every text and attribute value goes through this. xmlbuilder2 leaves "&" alone when it starts something that
 * looks like a reference ("&lt;", "&foo;", "&#0;"), so a title "&lt;" reached the server as "<" and "&foo;" made
 * the XML unparseable. Escaping "&" first gives "&amp;lt;", which xmlbuilder2 then keeps as it is.
 */
export const literal = (value: string): string => value.replaceAll('&', '&amp;');

/** Adds `<name>text</name>` in the API namespace when `value` is defined. */
export function optionalElement(parent: XMLBuilder, name: string, value: string | undefined): void {
  if (value !== undefined) parent.ele(name).txt(literal(value));
}

const encoder = new TextEncoder();

/** Serialises compactly (no whitespace between elements) to UTF-8 bytes. */
export function toBytes(root: XMLBuilder): Uint8Array {
  return encoder.encode(root.end({ prettyPrint: false }));
}
