import { ResponseParseError } from '../errors/index.js';
import { decodeXmlText } from './entities.js';
import {
  ASCII_QNAME,
  MAYBE_NOT_XML_CHAR,
  NAME,
  NOT_XML_CHAR,
  ONLY_SPACES,
  QNAME,
  SPACES,
  XML_DECLARATION,
  XML_NAMESPACE,
  namespaceBindingError,
} from './xml-chars.js';

/** An element as the response parsers see it: its expanded name, attributes, child elements and text. */
export interface XmlElement {
  /** The namespace URI, '' for an element in no namespace. */
  namespace: string;
  /** The local name (the prefix is only a spelling of `namespace`). */
  name: string;
  /**
   * Attribute values after XML's normalisation: an attribute in no namespace (every attribute of the API) by its
   * local name, any other as `{namespace-uri}local-name`. Namespace declarations are not attributes here.
   */
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own character data (text and CDATA, entities decoded), untrimmed. */
  text: string;
}

/** Deeper than any API document (they nest five levels); refused so that a hostile body cannot build a deep tree. */
const MAX_DEPTH = 64;

interface Open {
  element: XmlElement;
  qname: string;
  scope: Map<string, string>;
}

/**
 * A strict reader for the XML the API sends: XML 1.0 well-formedness (characters, names, one root, matching end
 * tags, quoted and unique attributes, comments, processing instructions, the declaration only at the very start,
 * nothing cut off) and Namespaces in XML 1.0 (prefixes declared, reserved ones respected, attributes unique by
 * expanded name). Line ends (§2.11) and attribute values (§3.3.3) are normalised; entities are XML's five and
 * character references only; a DOCTYPE and any encoding but UTF-8 are refused. It replaces
 * fast-xml-parser, which cost several times the rest of handling a status change (figures in bench/README.md)
 * and does not resolve namespaces. The differential test holds this reader to libxml2.
 */
export function readXml(input: string): XmlElement {
  let s = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  let i = 0;
  const fail = (what: string): never => {
    throw new ResponseParseError(`Malformed XML response: ${what} (at offset ${i})`);
  };
  const illegal = MAYBE_NOT_XML_CHAR.test(s) ? NOT_XML_CHAR.exec(s) : null;
  if (illegal !== null) {
    i = illegal.index;
    fail(`U+${(illegal[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')} is not an XML character`);
  }
  if (s.includes('\r')) s = s.replace(/\r\n?/g, '\n');
  if (s.startsWith('<?xml') && /^<\?xml[ \t\n?]/.test(s)) {
    const declaration = XML_DECLARATION.exec(s);
    if (declaration === null) fail('malformed XML declaration');
    const encoding = (declaration as RegExpExecArray)[3];
    if (encoding !== undefined && encoding.toLowerCase() !== 'utf-8') {
      throw new ResponseParseError(`XML response declares encoding "${encoding}": only UTF-8 is supported`);
    }
    i = (declaration as RegExpExecArray)[0].length;
  }

  const stack: Open[] = [];
  const documentScope = new Map<string, string>([['xml', XML_NAMESPACE]]);
  let root: XmlElement | undefined;
  const name = (pattern: RegExp): string => {
    if (pattern === QNAME) {
      ASCII_QNAME.lastIndex = i;
      const m = ASCII_QNAME.exec(s);
      const next = s.charCodeAt(ASCII_QNAME.lastIndex);
      // A non-ASCII name character or a colon next: the name goes on beyond ASCII, so read it in full.
      if (m !== null && !(next >= 0x80) && next !== 0x3a /* : */) {
        i = ASCII_QNAME.lastIndex;
        return m[0];
      }
    }
    pattern.lastIndex = i;
    const m = pattern.exec(s);
    if (m === null) return fail('expected a (namespace-well-formed) name');
    i = pattern.lastIndex;
    return m[0];
  };
  const space = (): boolean => {
    SPACES.lastIndex = i;
    SPACES.exec(s);
    const moved = SPACES.lastIndex > i;
    i = SPACES.lastIndex;
    return moved;
  };
  const resolve = (scope: Map<string, string>, prefix: string, qname: string): string => {
    const uri = scope.get(prefix);
    if (prefix === '') return uri ?? '';
    return uri ?? fail(`the prefix ${prefix} of ${qname} is not declared`);
  };

  while (i < s.length) {
    const lt = s.indexOf('<', i);
    const textEnd = lt < 0 ? s.length : lt;
    if (textEnd > i) {
      const raw = s.slice(i, textEnd);
      const parent = stack[stack.length - 1]?.element;
      if (parent === undefined) {
        if (!ONLY_SPACES.test(raw)) fail(root === undefined ? 'text before the root element' : 'text after the root element');
      } else {
        if (raw.includes(']]>')) fail("']]>' in text");
        parent.text += decodeXmlText(raw);
      }
      i = textEnd;
      if (lt < 0) break;
    }
    // s[i] === '<'
    if (s.startsWith('<!--', i)) {
      const end = s.indexOf('-->', i + 4);
      if (end < 0) fail('unterminated comment');
      const body = s.slice(i + 4, end);
      if (body.includes('--') || body.endsWith('-')) fail("'--' inside a comment");
      i = end + 3;
    } else if (s.startsWith('<?', i)) {
      i += 2;
      const target = name(NAME);
      if (target.toLowerCase() === 'xml') fail('the XML declaration is allowed only at the very start');
      if (target.includes(':')) fail(`a colon in the processing-instruction target ${target}`);
      const end = s.indexOf('?>', i);
      if (end < 0) fail('unterminated processing instruction');
      if (end > i && !space()) fail(`expected whitespace after the processing-instruction target ${target}`);
      i = end + 2;
    } else if (s.startsWith('<![CDATA[', i)) {
      const parent = stack[stack.length - 1]?.element;
      if (parent === undefined) fail('CDATA outside the root element');
      const end = s.indexOf(']]>', i + 9);
      if (end < 0) fail('unterminated CDATA section');
      (parent as XmlElement).text += s.slice(i + 9, end);
      i = end + 3;
    } else if (s.startsWith('<!', i)) {
      fail('a DOCTYPE or other declaration, which is refused');
    } else if (s.charCodeAt(i + 1) === 0x2f /* / */) {
      i += 2;
      const qname = name(QNAME);
      space();
      if (s.charCodeAt(i) !== 0x3e /* > */) fail(`expected '>' to close </${qname}`);
      i++;
      const open = stack.pop();
      if (open?.qname !== qname) fail(open === undefined ? `end tag </${qname}> without a start tag` : `</${qname}> closes <${open.qname}>`);
    } else {
      i++;
      if (stack.length === 0 && root !== undefined) fail('a second root element');
      if (stack.length >= MAX_DEPTH) fail(`elements nested deeper than ${MAX_DEPTH}`);
      const qname = name(QNAME);
      // Attributes are read first: a namespace declaration may follow the prefixed name it binds.
      const names: string[] = [];
      const values: string[] = [];
      let selfClosing = false;
      for (;;) {
        const spaced = space();
        const c = s.charCodeAt(i);
        if (c === 0x3e /* > */) {
          i++;
          break;
        }
        if (c === 0x2f /* / */) {
          if (s.charCodeAt(i + 1) !== 0x3e) fail(`expected '/>' in <${qname}`);
          i += 2;
          selfClosing = true;
          break;
        }
        if (Number.isNaN(c)) fail(`unterminated start tag <${qname}`);
        if (!spaced) fail(`expected whitespace before an attribute in <${qname}`);
        const attribute = name(QNAME);
        space();
        if (s.charCodeAt(i) !== 0x3d /* = */) fail(`expected '=' after ${attribute}`);
        i++;
        space();
        const quote = s[i];
        if (quote !== '"' && quote !== "'") fail(`the value of ${attribute} is not quoted`);
        const end = s.indexOf(quote as string, i + 1);
        if (end < 0) fail(`unterminated value of ${attribute}`);
        const value = s.slice(i + 1, end);
        if (value.includes('<')) fail(`'<' in the value of ${attribute}`);
        if (names.includes(attribute)) fail(`duplicate attribute ${attribute} on <${qname}>`);
        // Attribute-value normalisation: literal tabs and line ends read as spaces; references are decoded after.
        names.push(attribute);
        values.push(decodeXmlText(value.includes('\t') || value.includes('\n') ? value.replace(/[\t\n]/g, ' ') : value));
        i = end + 1;
      }
      const parentScope = stack[stack.length - 1]?.scope ?? documentScope;
      let scope = parentScope;
      for (let k = 0; k < names.length; k++) {
        const attribute = names[k] as string;
        if (!attribute.startsWith('xmlns') || (attribute.length > 5 && attribute.charCodeAt(5) !== 0x3a) /* : */) continue;
        const prefix = attribute.slice(6);
        const problem = namespaceBindingError(prefix, values[k] as string);
        if (problem !== undefined) fail(problem);
        if (scope === parentScope) scope = new Map(parentScope);
        scope.set(prefix, values[k] as string);
      }
      const colon = qname.indexOf(':');
      if (colon > 0 && qname.startsWith('xmlns:')) fail(`the element <${qname}> uses the reserved prefix xmlns`);
      const element: XmlElement = {
        namespace: resolve(scope, colon < 0 ? '' : qname.slice(0, colon), qname),
        name: colon < 0 ? qname : qname.slice(colon + 1),
        attributes: {},
        children: [],
        text: '',
      };
      for (let k = 0; k < names.length; k++) {
        const attribute = names[k] as string;
        const at = attribute.indexOf(':');
        if (attribute.startsWith('xmlns') && (attribute.length === 5 || at === 5)) continue;
        const key = at < 0 ? attribute : `{${resolve(scope, attribute.slice(0, at), attribute)}}${attribute.slice(at + 1)}`;
        if (Object.hasOwn(element.attributes, key)) fail(`two attributes named ${key} on <${qname}>`);
        // A plain object: '__proto__' is a name XML allows, so it is defined, never assigned.
        if (key === '__proto__') Object.defineProperty(element.attributes, key, { value: values[k], enumerable: true, writable: true, configurable: true });
        else element.attributes[key] = values[k] as string;
      }
      const parent = stack[stack.length - 1]?.element;
      if (parent === undefined) root = element;
      else parent.children.push(element);
      if (!selfClosing) stack.push({ element, qname, scope });
    }
  }
  if (stack.length > 0) fail(`the document ends inside <${stack[stack.length - 1]?.qname ?? ''}> (cut off?)`);
  if (root === undefined) throw new ResponseParseError('Empty XML response: no root element');
  return root;
}
