import { XMLParser } from 'fast-xml-parser';
import { ResponseParseError } from '../errors/index.js';
import { xmlEntityDecoder } from './entities.js';

/**
 * The one XML reader for everything the server sends. Responses are parsed namespace-agnostically (the server's
 * JAXB output assigns arbitrary prefixes), a DOCTYPE is refused outright (no response needs one, and it is the
 * door to entity expansion and external entities), and leading zeros survive (values stay strings).
 */
export const MAX_XML_RESPONSE_BYTES = 1024 * 1024;

/** A parsed element: text under `#text`, attributes under `@_name`, children by local name. */
export type XmlNode = { [name: string]: XmlValue };
export type XmlValue = string | XmlNode | XmlValue[] | undefined;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  entityDecoder: xmlEntityDecoder,
  ignoreDeclaration: true,
  ignorePiTags: true,
  alwaysCreateTextNode: false,
  isArray: () => true,
});

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
  let doc: unknown;
  try {
    // Validation on: without it the parser reads '<a><b>x</a>' or a cut-off body leniently and returns part of it.
    doc = parser.parse(text, true);
  } catch (cause) {
    throw new ResponseParseError(`Malformed XML response: ${(cause as Error).message}`, { cause });
  }
  if (typeof doc !== 'object' || doc === null) throw new ResponseParseError('Empty XML response');
  const entries = Object.entries(doc as Record<string, unknown>).filter(([k]) => !k.startsWith('?') && !k.startsWith('#'));
  const first = entries[0];
  if (entries.length !== 1 || first === undefined) throw new ResponseParseError('XML response must have exactly one root element');
  const [name, value] = first;
  const node = Array.isArray(value) ? value[0] : value;
  return { name, node: typeof node === 'object' && node !== null ? (node as XmlNode) : { '#text': String(node ?? '') } };
}

/** The children named `name` (any namespace). */
export function children(node: XmlNode | undefined, name: string): XmlNode[] {
  const v = node?.[name];
  if (v === undefined) return [];
  const list = Array.isArray(v) ? v : [v];
  return list.map((x) => (typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as XmlNode) : { '#text': String(x ?? '') }));
}

export function child(node: XmlNode | undefined, name: string): XmlNode | undefined {
  return children(node, name)[0];
}

/** The trimmed text of an element, or undefined when it is absent. */
export function text(node: XmlNode | undefined): string | undefined {
  if (node === undefined) return undefined;
  const t = node['#text'];
  if (t === undefined) return '';
  const s = Array.isArray(t) ? t.map((x) => String(x)).join('') : String(t);
  return s.trim();
}

export function childText(node: XmlNode | undefined, name: string): string | undefined {
  return text(child(node, name));
}

export function attribute(node: XmlNode | undefined, name: string): string | undefined {
  const v = node?.[`@_${name}`];
  if (v === undefined) return undefined;
  return String(Array.isArray(v) ? v[0] : v);
}
