import { ResponseParseError } from '../errors/index.js';
import { decodeXmlText } from './entities.js';

/** An element as the response parsers see it: local names only (any namespace), attributes, children, text. */
export interface XmlElement {
  /** Local name, prefix removed. */
  name: string;
  /** By local name; namespace declarations are not attributes here. */
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own character data (text and CDATA, entities decoded), untrimmed. */
  text: string;
}

/** Deeper than any API document (they nest five levels); refused so that a hostile body cannot build a deep tree. */
const MAX_DEPTH = 64;
const NAME = /[A-Za-z_:\u00C0-\uFFFF][\w.\-:\u00B7\u00C0-\uFFFF]*/y;
const SPACE = /[ \t\r\n]*/y;

/**
 * A strict reader for the XML the API sends: well-formedness is checked (one root, matching end tags, quoted
 * attributes, no duplicate attributes, nothing but comments and processing instructions around the root, nothing
 * cut off), entities are XML's five and character references only, and a DOCTYPE is refused (the caller also
 * refuses one before reading). fast-xml-parser did this job before; it took about 30 µs for a 700-byte status
 * change, several times the rest of handling it, and draining a status queue parses one per change.
 */
export function readXml(input: string): XmlElement {
  const s = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  // Open elements, innermost last, with the qualified name their end tag must repeat.
  const stack: { element: XmlElement; qname: string }[] = [];
  let root: XmlElement | undefined;
  let i = 0;
  const fail = (what: string): never => {
    throw new ResponseParseError(`Malformed XML response: ${what} (at offset ${i})`);
  };
  const name = (): string => {
    NAME.lastIndex = i;
    const m = NAME.exec(s);
    if (m === null) return fail('expected a name');
    i = NAME.lastIndex;
    return m[0];
  };
  const space = (): boolean => {
    SPACE.lastIndex = i;
    SPACE.exec(s);
    const moved = SPACE.lastIndex > i;
    i = SPACE.lastIndex;
    return moved;
  };
  const localName = (qname: string): string => {
    const colon = qname.indexOf(':');
    return colon < 0 ? qname : qname.slice(colon + 1);
  };

  while (i < s.length) {
    const lt = s.indexOf('<', i);
    const textEnd = lt < 0 ? s.length : lt;
    if (textEnd > i) {
      const raw = s.slice(i, textEnd);
      const parent = stack[stack.length - 1]?.element;
      if (parent === undefined) {
        if (raw.trim() !== '') fail(root === undefined ? 'text before the root element' : 'text after the root element');
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
      if (s.slice(i + 4, end).includes('--')) fail("'--' inside a comment");
      i = end + 3;
    } else if (s.startsWith('<?', i)) {
      const end = s.indexOf('?>', i + 2);
      if (end < 0) fail('unterminated processing instruction');
      i = end + 2;
    } else if (s.startsWith('<![CDATA[', i)) {
      const parent = stack[stack.length - 1]?.element;
      if (parent === undefined) fail('CDATA outside the root element');
      const end = s.indexOf(']]>', i + 9);
      if (end < 0) fail('unterminated CDATA section');
      (parent as XmlElement).text += s.slice(i + 9, end);
      i = end + 3;
    } else if (s.startsWith('<!', i)) {
      fail('DOCTYPE and other declarations are refused');
    } else if (s.charCodeAt(i + 1) === 0x2f /* / */) {
      i += 2;
      const qname = name();
      space();
      if (s.charCodeAt(i) !== 0x3e /* > */) fail(`expected '>' to close </${qname}`);
      i++;
      const open = stack.pop()?.qname;
      if (open !== qname) fail(open === undefined ? `end tag </${qname}> without a start tag` : `</${qname}> closes <${open}>`);
    } else {
      i++;
      if (stack.length === 0 && root !== undefined) fail('a second root element');
      if (stack.length >= MAX_DEPTH) fail(`elements nested deeper than ${MAX_DEPTH}`);
      const qname = name();
      const element: XmlElement = { name: localName(qname), attributes: {}, children: [], text: '' };
      const parent = stack[stack.length - 1]?.element;
      if (parent === undefined) root = element;
      else parent.children.push(element);
      const seen = new Set<string>();
      for (;;) {
        const spaced = space();
        const c = s.charCodeAt(i);
        if (c === 0x3e /* > */) {
          i++;
          stack.push({ element, qname });
          break;
        }
        if (c === 0x2f /* / */) {
          if (s.charCodeAt(i + 1) !== 0x3e) fail(`expected '/>' in <${qname}`);
          i += 2;
          break;
        }
        if (Number.isNaN(c)) fail(`unterminated start tag <${qname}`);
        if (!spaced) fail(`expected whitespace before an attribute in <${qname}`);
        const attribute = name();
        space();
        if (s.charCodeAt(i) !== 0x3d /* = */) fail(`expected '=' after ${attribute}`);
        i++;
        space();
        const quote = s[i];
        if (quote !== '"' && quote !== "'") fail(`the value of ${attribute} is not quoted`);
        const end = s.indexOf(quote as string, i + 1);
        if (end < 0) fail(`unterminated value of ${attribute}`);
        const raw = s.slice(i + 1, end);
        if (raw.includes('<')) fail(`'<' in the value of ${attribute}`);
        i = end + 1;
        if (seen.has(attribute)) fail(`duplicate attribute ${attribute} on <${qname}>`);
        seen.add(attribute);
        if (attribute === 'xmlns' || attribute.startsWith('xmlns:')) continue;
        // Attribute-value normalisation: literal tabs and line breaks read as spaces (references are kept).
        element.attributes[localName(attribute)] = decodeXmlText(raw.replace(/[\t\r\n]/g, ' '));
      }
    }
  }
  if (stack.length > 0) fail(`the document ends inside <${stack[stack.length - 1]?.qname ?? ''}> (cut off?)`);
  if (root === undefined) throw new ResponseParseError('Empty XML response: no root element');
  return root;
}
