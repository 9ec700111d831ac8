import { xmldom } from './peers.js';

/** Namespace-aware parsing of uploaded XML. A DOCTYPE is refused: no request needs one and it invites XXE. */
export const NS_API = 'http://signering.posten.no/schema/v1';
export const NS_DSIG = 'http://www.w3.org/2000/09/xmldsig#';
export const NS_XADES = 'http://uri.etsi.org/01903/v1.3.2#';

export class XmlInputError extends Error {}

export function parseXml(text: string, what: string): Document {
  if (/<!DOCTYPE/i.test(text)) throw new XmlInputError(`${what}: DOCTYPE is not allowed`);
  const errors: string[] = [];
  const doc = new xmldom.DOMParser({
    errorHandler: (level: string, msg: unknown) => {
      if (level !== 'warning') errors.push(String(msg));
    },
  }).parseFromString(text, 'text/xml') as unknown as Document;
  if (errors.length > 0 || !doc || !doc.documentElement) {
    throw new XmlInputError(`${what}: not well-formed XML${errors.length ? `: ${errors[0]}` : ''}`);
  }
  return doc;
}

export function children(el: Element, ns: string, local: string): Element[] {
  const out: Element[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1 && (n as Element).namespaceURI === ns && (n as Element).localName === local) out.push(n as Element);
  }
  return out;
}

export function child(el: Element, ns: string, local: string): Element | undefined {
  return children(el, ns, local)[0];
}

export function text(el: Element | undefined): string | undefined {
  return el ? (el.textContent ?? '').trim() : undefined;
}

export function descendants(root: Element | Document, ns: string, local: string): Element[] {
  return Array.from(root.getElementsByTagNameNS(ns, local) as unknown as ArrayLike<Element>);
}
