import { ResponseParseError } from '../errors/index.js';
import { MAX_RESPONSE_BYTES } from '../protocol/facts.js';
import { SIGNATURE_API_NS } from './namespace.js';
import { readXml, type XmlElement } from './xml-reader.js';

/**
 * The one XML reader for everything the server sends. Elements are matched by namespace URI and local name, so
 * any prefix the server's JAXB output picks reads the same and an element of another namespace is never taken
 * for the API's (unknown ones are ignored). A DOCTYPE is refused (no response needs one, and it is the door to
 * entity expansion and external entities), and values stay strings, exactly as sent.
 */

/** A parsed element (see xml-reader.ts). */
export type XmlNode = XmlElement;

// The BOM is left in: the reader takes one (a second is text before the root, as libxml2 says).
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Parses `input` and returns its root element's expanded name and content. Throws `ResponseParseError`. */
export function parseXml(input: string | Uint8Array): { name: string; namespace: string; node: XmlNode } {
  if (typeof input !== 'string' && input.byteLength > MAX_RESPONSE_BYTES) {
    throw new ResponseParseError(`XML response of ${input.byteLength} bytes exceeds the ${MAX_RESPONSE_BYTES}-byte limit`);
  }
  let text: string;
  try {
    text = typeof input === 'string' ? input : decoder.decode(input);
  } catch (cause) {
    const utf16 = typeof input !== 'string' && ((input[0] === 0xfe && input[1] === 0xff) || (input[0] === 0xff && input[1] === 0xfe));
    throw new ResponseParseError(utf16 ? 'XML response is UTF-16: only UTF-8 is supported' : 'XML response is not valid UTF-8', { cause });
  }
  if (text.length > MAX_RESPONSE_BYTES) throw new ResponseParseError('XML response exceeds the size limit');
  const root = readXml(text);
  return { name: root.name, namespace: root.namespace, node: root };
}

/** Whether `node` is the API's element `name`. */
export function isApiElement(node: XmlNode | undefined, name: string): boolean {
  return node !== undefined && node.name === name && node.namespace === SIGNATURE_API_NS;
}

/** The API's child elements named `name`, in document order. */
export function children(node: XmlNode | undefined, name: string): XmlNode[] {
  return node === undefined ? [] : node.children.filter((c) => isApiElement(c, name));
}

/** The API's single child element `name`, or undefined; given twice it is refused (the XSD allows it once). */
export function child(node: XmlNode | undefined, name: string): XmlNode | undefined {
  const found = children(node, name);
  if (found.length > 1) throw new ResponseParseError(`<${node?.name ?? ''}> has <${name}> ${found.length} times; the API sends it once`);
  return found[0];
}

/** The text of a simple-content element, exactly as sent; one holding child elements is refused. */
export function text(node: XmlNode | undefined): string | undefined {
  if (node === undefined) return undefined;
  if (node.children.length > 0) throw new ResponseParseError(`<${node.name}> holds child elements where the API sends only text`);
  return node.text;
}

/** The text of the single child element `name` (see `child` and `text`), or undefined when it is absent. */
export function childText(node: XmlNode | undefined, name: string): string | undefined {
  return text(child(node, name));
}

/** An attribute in no namespace (all of the API's are), exactly as sent after XML's normalisation. */
export function attribute(node: XmlNode | undefined, name: string): string | undefined {
  return node !== undefined && Object.hasOwn(node.attributes, name) ? node.attributes[name] : undefined;
}
