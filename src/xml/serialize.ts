import { escapeAttribute, escapeText } from '../util/xml-escape.js';
import { SIGNATURE_API_NS } from './namespace.js';

/*
 * A small XML writer for the request and manifest documents: elements, attributes and text in one default
 * namespace, written compactly. It replaces xmlbuilder2, which weighed on every bundle and on start-up (figures in
 * bench/README.md) and left "&" unescaped when a value looked like an entity reference.
 */

export class XmlElement {
  readonly #attributes: [string, string][] = [];
  readonly #children: (XmlElement | string)[] = [];

  constructor(
    readonly name: string,
    private readonly root?: XmlElement,
  ) {}

  /** Appends a child element and returns it. */
  ele(name: string, attributes: Record<string, string> = {}): XmlElement {
    const child = new XmlElement(name, this.root ?? this);
    for (const [k, v] of Object.entries(attributes)) child.att(k, v);
    this.#children.push(child);
    return child;
  }

  att(name: string, value: string): this {
    this.#attributes.push([name, value]);
    return this;
  }

  txt(value: string): this {
    this.#children.push(value);
    return this;
  }

  /** The document's root element. */
  doc(): XmlElement {
    return this.root ?? this;
  }

  write(out: string[]): void {
    out.push('<', this.name);
    for (const [k, v] of this.#attributes) out.push(' ', k, '="', escapeAttribute(v), '"');
    if (this.#children.length === 0) {
      out.push('/>');
      return;
    }
    out.push('>');
    for (const c of this.#children) {
      if (typeof c === 'string') out.push(escapeText(c));
      else c.write(out);
    }
    out.push('</', this.name, '>');
  }
}

/** Starts a document whose root is in the API namespace, declared as the default namespace. */
export function apiDocument(rootName: string): XmlElement {
  return new XmlElement(rootName).att('xmlns', SIGNATURE_API_NS);
}

/** Adds `<name>text</name>` when `value` is defined. */
export function optionalElement(parent: XmlElement, name: string, value: string | undefined): void {
  if (value !== undefined) parent.ele(name).txt(value);
}

const encoder = new TextEncoder();

/** Serialises compactly (no whitespace between elements) to UTF-8 bytes, with the declaration JAXB writes. */
export function toBytes(root: XmlElement): Uint8Array {
  const out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'];
  root.write(out);
  return encoder.encode(out.join(''));
}
