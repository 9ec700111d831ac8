import { ResponseParseError } from '../errors/index.js';
import { readXml, type XmlElement } from './xml-reader.js';

/**
 * The one XML reader for everything the server sends. Responses are parsed namespace-agnostically (the server's
 * JAXB output assigns arbitrary prefixes), a DOCTYPE is refused outright (no response needs one, and it is the
 * door to entity expansion and external entities), and leading zeros survive (values stay strings).
 */
export const MAX_XML_RESPONSE_BYTES = 1024 * 1024;

/** A parsed element (see xml-reader.ts). */
export type XmlNode = XmlElement;

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Parses `input` and returns its root element's local name and content. Throws `ResponseParseError`. */
export function parseXml(input: string | Uint8Array): { name: string; node: XmlNode } {
  if (typeof input !== 'string' && input.byteLength > MAX_XML_RESPONSE_BYTES) {
    throw new ResponseParseError(`XML response of ${input.byteLength} bytes exceeds the ${MAX_XML_RESPONSE_BYTES}-byte limit`);
  }
  let text: string;
  try {
    text = typeof input === 'string' ? input : decoder.decode(input);
  } catch (cause) {
    throw new ResponseParseError('XML response is not valid UTF-8', { cause });
  }
  if (text.length > MAX_XML_RESPONSE_BYTES) throw new ResponseParseError('XML response exceeds the size limit');
  if (/<!DOCTYPE/i.test(text) || /<!ENTITY/i.test(text)) {
    throw new ResponseParseError('XML response contains a DOCTYPE, which is refused');
  }
  const root = readXml(text);
  return { name: root.name, node: root };
}

/** The children named `name` (any namespace). */
export function children(node: XmlNode | undefined, name: string): XmlNode[] {
  return node === undefined ? [] : node.children.filter((c) => c.name === name);
}

export function child(node: XmlNode | undefined, name: string): XmlNode | undefined {
  return node?.children.find((c) => c.name === name);
}

/** The trimmed text of an element, or undefined when it is absent. */
export function text(node: XmlNode | undefined): string | undefined {
  return node?.text.trim();
}

export function childText(node: XmlNode | undefined, name: string): string | undefined {
  return text(child(node, name));
}

export function attribute(node: XmlNode | undefined, name: string): string | undefined {
  return node?.attributes[name];
}
