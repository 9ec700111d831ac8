import { DOMParser } from '@xmldom/xmldom';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ResponseParseError } from '../../src/errors/index.js';
import { readXml, type XmlElement } from '../../src/xml/xml-reader.js';

describe('readXml', () => {
  it('reads local names, attributes (namespace declarations left out), text, CDATA, and skips comments and PIs', () => {
    const root = readXml(
      '\uFEFF<?xml version="1.0" encoding="UTF-8"?><!-- c --><ns2:r xmlns:ns2="urn:x" xmlns="urn:y" a="1" ns2:b=\'&lt;2&gt;\'>' +
        '<?pi x?>t&amp;<![CDATA[<raw>&amp;]]><c\tx = "a\tb"/><!-- in --><d>e</d ></ns2:r>\n<!-- after -->',
    );
    expect(root.name).toBe('r');
    expect(root.attributes).toEqual({ a: '1', b: '<2>' });
    expect(root.text).toBe('t&<raw>&amp;');
    expect(root.children.map((c) => [c.name, c.attributes, c.text])).toEqual([
      ['c', { x: 'a b' }, ''],
      ['d', {}, 'e'],
    ]);
  });

  it.each([
    ['empty', ''],
    ['only a declaration', '<?xml version="1.0"?>'],
    ['text before the root', 'x<a/>'],
    ['text after the root', '<a/>x'],
    ['two roots', '<a/><b/>'],
    ['mismatched end tag', '<a><b>x</a>'],
    ['crossed tags', '<a><b></a></b>'],
    ['cut off in text', '<a><b>12'],
    ['cut off in a tag', '<a><b x="1"'],
    ['cut off in a value', '<a x="1'],
    ['unquoted attribute', '<a x=1/>'],
    ['attribute without value', '<a x/>'],
    ['duplicate attribute', '<a x="1" x="2"/>'],
    ['attributes run together', '<a x="1"y="2"/>'],
    ["'<' in an attribute", '<a x="<"/>'],
    ['end tag without start', '</a>'],
    ['bare ampersand', '<a>x & y</a>'],
    ['undeclared entity', '<a>&nbsp;</a>'],
    ['illegal character reference', '<a>&#0;</a>'],
    ['DOCTYPE', '<!DOCTYPE a><a/>'],
    ['unterminated comment', '<a><!-- x</a>'],
    ["'--' in a comment", '<a><!-- x -- y --></a>'],
    ['unterminated CDATA', '<a><![CDATA[x</a>'],
    ["']]>' in text", '<a>x]]>y</a>'],
    ['a name starting with a digit', '<1a/>'],
    ['nested too deep', `${'<a>'.repeat(65)}${'</a>'.repeat(65)}`],
  ])('refuses %s', (_, xml) => {
    expect(() => readXml(xml)).toThrow(ResponseParseError);
  });

  it('accepts nesting to the depth limit', () => {
    expect(readXml(`${'<a>'.repeat(64)}${'</a>'.repeat(64)}`).name).toBe('a');
  });

  // Differential: for any document of the API's shape, the same tree as an independent, conforming parser.
  it('reads generated documents as xmldom does', () => {
    const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/);
    const textChar = fc.constantFrom('a', 'Z', ' ', '\n', 'æ', 'ø', '😀', '<', '>', '&', '"', "'", ']');
    const text = fc.array(textChar, { maxLength: 12 }).map((a) => a.join(''));
    const escape = (t: string, quote = false): string =>
      t
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/"/g, quote ? '&quot;' : '"');
    interface Gen {
      name: string;
      prefix: boolean;
      attributes: [string, string][];
      text: string;
      children: Gen[];
    }
    const element: fc.Memo<Gen> = fc.memo((depth) =>
      fc.record({
        name,
        prefix: fc.boolean(),
        attributes: fc.uniqueArray(fc.tuple(name, text), { maxLength: 3, selector: ([k]) => k }),
        text,
        children: depth <= 1 ? fc.constant([]) : fc.array(element(depth - 1), { maxLength: 3 }),
      }),
    );
    const render = (e: Gen): string => {
      const q = e.prefix ? `p:${e.name}` : e.name;
      const attrs = e.attributes.map(([k, v]) => ` ${k}="${escape(v, true)}"`).join('');
      return `<${q}${e.prefix ? ' xmlns:p="urn:p"' : ''}${attrs}>${escape(e.text)}${e.children.map(render).join('')}</${q}>`;
    };
    const fromDom = (el: Element): XmlElement => ({
      namespace: el.namespaceURI ?? '',
      name: el.localName ?? '',
      attributes: Object.fromEntries(
        Array.from(el.attributes)
          .filter((a) => a.name !== 'xmlns' && !a.name.startsWith('xmlns:'))
          .map((a) => [a.localName ?? a.name, a.value]),
      ),
      children: Array.from(el.childNodes)
        .filter((n): n is Element => n.nodeType === 1)
        .map(fromDom),
      text: Array.from(el.childNodes)
        .filter((n) => n.nodeType === 3 || n.nodeType === 4)
        .map((n) => n.nodeValue ?? '')
        .join(''),
    });
    fc.assert(
      fc.property(element(4), (e) => {
        const xml = `<?xml version="1.0" encoding="UTF-8"?>${render(e)}`;
        const dom = new DOMParser().parseFromString(xml, 'application/xml') as unknown as Document;
        expect(readXml(xml)).toEqual(fromDom(dom.documentElement));
      }),
      { numRuns: 300 },
    );
  });
});
