import { DOMParser } from '@xmldom/xmldom';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ResponseParseError } from '../../../src/errors/index.js';
import { readXml, type XmlElement } from '../../../src/xml/xml-reader.js';

describe('readXml', () => {
  it('reads expanded names, attributes (namespace declarations left out), text, CDATA, and skips comments and PIs', () => {
    const root = readXml(
      '\uFEFF<?xml version="1.0" encoding="UTF-8"?><!-- c --><ns2:r xmlns:ns2="urn:x" xmlns="urn:y" a="1" ns2:b=\'&lt;2&gt;\'>' +
        '<?pi x?>t&amp;<![CDATA[<raw>&amp;]]><c\tx = "a\tb"/><!-- in --><d>e</d ></ns2:r>\n<!-- after -->',
    );
    expect([root.namespace, root.name]).toEqual(['urn:x', 'r']);
    expect({ ...root.attributes }).toEqual({ a: '1', '{urn:x}b': '<2>' });
    expect(root.text).toBe('t&<raw>&amp;');
    expect(root.children.map((c) => [c.namespace, c.name, { ...c.attributes }, c.text])).toEqual([
      ['urn:y', 'c', { x: 'a b' }, ''],
      ['urn:y', 'd', {}, 'e'],
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

describe('readXml: namespaces', () => {
  const API = 'http://signering.posten.no/schema/v1';
  it('resolves the default namespace, any prefix, and a prefix re-bound on a child', () => {
    const root = readXml(`<r xmlns="${API}" xmlns:ns4="urn:other"><a/><ns4:a/><ns4:b xmlns:ns4="${API}"><ns4:c/></ns4:b><d xmlns=""/></r>`);
    expect(root.namespace).toBe(API);
    expect(root.children.map((c) => [c.namespace, c.name])).toEqual([
      [API, 'a'],
      ['urn:other', 'a'],
      [API, 'b'],
      ['', 'd'],
    ]);
    expect(root.children[2]?.children[0]?.namespace).toBe(API);
  });

  it('names namespaced attributes by URI, unprefixed ones by local name (the default namespace does not apply)', () => {
    const root = readXml('<r xmlns="urn:d" xmlns:p="urn:p" xmlns:q="urn:p2" a="1" p:a="2" q:a="3" xml:lang="no"/>');
    expect({ ...root.attributes }).toEqual({ a: '1', '{urn:p}a': '2', '{urn:p2}a': '3', '{http://www.w3.org/XML/1998/namespace}lang': 'no' });
  });

  it.each([
    ['an undeclared element prefix', '<p:a/>'],
    ['an undeclared attribute prefix', '<a p:x="1"/>'],
    ['a prefix used outside its scope', '<a><b xmlns:p="urn:p"/><p:c/></a>'],
    ['two attributes with one expanded name', '<a xmlns:p="urn:x" xmlns:q="urn:x" p:x="1" q:x="2"/>'],
    ['an undeclared prefix (xmlns:p="")', '<a xmlns:p=""/>'],
    ['xmlns:xmlns', '<a xmlns:xmlns="urn:x"/>'],
    ['xml bound elsewhere', '<a xmlns:xml="urn:x"/>'],
    ['the XML namespace on another prefix', '<a xmlns:p="http://www.w3.org/XML/1998/namespace"/>'],
    ['the xmlns namespace declared', '<a xmlns:p="http://www.w3.org/2000/xmlns/"/>'],
    ['an element with the prefix xmlns', '<xmlns:a xmlns:xmlns="urn:x"/>'],
    ['a name with two colons', '<a:b:c xmlns:a="urn:a"/>'],
    ['a name ending in a colon', '<a: xmlns:a="urn:a"/>'],
    ['a colon in a PI target', '<a><?p:x y?></a>'],
  ])('refuses %s', (_, xml) => {
    expect(() => readXml(xml)).toThrow(ResponseParseError);
  });
});

describe('readXml: XML 1.0 characters, declaration, comments, normalisation', () => {
  it.each([
    ['a control character', '<a>\u0001</a>'],
    ['NUL in an attribute', '<a x="\u0000"/>'],
    ['U+FFFE', '<a>\uFFFE</a>'],
    ['U+FFFF', '<a>\uFFFF</a>'],
    ['a lone high surrogate', '<a>\uD800</a>'],
    ['a lone low surrogate', '<a>x\uDC00</a>'],
    ['a character XML names do not allow (×)', '<a\u00D7/>'],
    ['a name starting with a combining mark', '<\u0300a/>'],
    ['a declaration not at the very start', ' <?xml version="1.0"?><a/>'],
    ['a declaration after a comment', '<!----><?xml version="1.0"?><a/>'],
    ['a second declaration', '<?xml version="1.0"?><a><?xml version="1.0"?></a>'],
    ['a malformed declaration', '<?xml version="2"?><a/>'],
    ['a declaration without version', '<?xml encoding="UTF-8"?><a/>'],
    ["a comment ending in '-'", '<a><!-- x ---></a>'],
    ['no-break space around the root', '\u00A0<a/>'],
  ])('refuses %s', (_, xml) => {
    expect(() => readXml(xml)).toThrow(ResponseParseError);
  });

  it('allows astral characters, names from every XML 1.0 range, and PIs whose target starts with xml', () => {
    const root = readXml('<?xml-stylesheet href="x"?><中文 é·\u0300="😀" \u{10400}x="1"><?xml-model x?>\u{1F600}</中文>');
    expect(root.name).toBe('中文');
    expect({ ...root.attributes }).toEqual({ 'é·\u0300': '😀', '\u{10400}x': '1' });
    expect(root.text).toBe('\u{1F600}');
  });

  it('normalises line ends (§2.11) and attribute values (§3.3.3), keeping what references wrote', () => {
    const root = readXml('<a x="1\r\n2\r3\n4\t5&#13;&#10;&#9;6">l1\r\nl2\rl3&#13;<![CDATA[c\r\nd]]></a>');
    expect(root.attributes.x).toBe('1 2 3 4 5\r\n\t6');
    expect(root.text).toBe('l1\nl2\nl3\rc\nd');
  });

  it('takes UTF-8 in any spelling and refuses another declared encoding with a clear message', () => {
    expect(readXml('<?xml version="1.0" encoding="utf-8"?><a/>').name).toBe('a');
    expect(readXml("<?xml version='1.0' encoding='UTF-8' standalone='yes' ?><a/>").name).toBe('a');
    expect(() => readXml('<?xml version="1.0" encoding="ISO-8859-1"?><a/>')).toThrow(/declares encoding "ISO-8859-1": only UTF-8 is supported/);
  });

  it('takes one byte-order mark, not two', () => {
    expect(readXml('\uFEFF<a/>').name).toBe('a');
    expect(() => readXml('\uFEFF\uFEFF<a/>')).toThrow(ResponseParseError);
  });
});
