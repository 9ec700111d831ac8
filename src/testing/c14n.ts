import { xmlCrypto } from './peers.js';

/**
 * Inclusive C14N 1.0 of an element as it sits in its document: the namespaces declared on its ancestors are in
 * scope and must be rendered on the element (this is what makes the SignedProperties digest depend on where it is).
 * xml-crypto's implementation is used so the simulator never shares canonicalisation code with the SDK.
 */
export function canonicalize(el: Element): string {
  const chain: Element[] = [];
  for (let p = el.parentNode; p && p.nodeType === 1; p = p.parentNode) chain.push(p as Element);
  // Outermost first, so that an inner binding of a prefix replaces an outer one: only the binding in scope at
  // the element may be rendered (xml-crypto would otherwise emit every default namespace of the ancestry).
  const inScope = new Map<string, string>();
  for (const anc of chain.reverse()) {
    for (let i = 0; i < anc.attributes.length; i++) {
      const a = anc.attributes.item(i);
      if (a && /^xmlns(:|$)/.test(a.nodeName)) inScope.set(a.nodeName.replace(/^xmlns:?/, ''), a.nodeValue ?? '');
    }
  }
  // xml-crypto renders the element's own namespace itself; passing it again would render it twice.
  inScope.delete(el.prefix ?? '');
  const ancestorNamespaces = [...inScope].filter(([, uri]) => uri !== '').map(([prefix, namespaceURI]) => ({ prefix, namespaceURI }));
  const result = new xmlCrypto.C14nCanonicalization().process(el as unknown as Node, { ancestorNamespaces });
  return typeof result === 'string' ? result : String(result);
}
