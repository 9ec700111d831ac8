// libxml2 (compiled to WebAssembly: xmllint-wasm) as the reference parser for the differential test of the
// SDK's XML reader. One xmllint run checks a whole batch for well-formedness and namespace well-formedness; a
// second run prints the accepted documents in canonical XML (C14N 1.0), which is regular enough to read with the
// few lines below, independently of the reader under test.
import { validateXML } from 'xmllint-wasm';

export const XML_NS = 'http://www.w3.org/XML/1998/namespace';

/** What libxml2 made of a document: the same shape as the SDK's `XmlElement`. */
export interface ReferenceElement {
  namespace: string;
  name: string;
  attributes: Record<string, string>;
  children: ReferenceElement[];
  text: string;
}

async function xmllint(files: { fileName: string; contents: Uint8Array }[], args: (a: string[]) => string[]): Promise<{ stdout: string; stderr: string }> {
  try {
    const result = await validateXML({ xml: files, normalization: 'c14n', modifyArguments: args, initialMemoryPages: 512, maxMemoryPages: 4096 });
    return { stdout: result.normalized, stderr: result.rawOutput };
  } catch (error) {
    // xmllint exits non-zero when a file fails to parse; its diagnostics are the error's message. Anything else
    // (a crash of the WebAssembly module) must fail the test, not read as "every document refused".
    if (typeof (error as { code?: unknown }).code !== 'number') throw error;
    return { stdout: '', stderr: (error as Error).message };
  }
}

/** Runs `batch` over slices small enough for one xmllint-wasm run (a few thousand files exhaust its memory). */
async function inSlices<T>(documents: readonly Uint8Array[], batch: (slice: readonly Uint8Array[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < documents.length; i += SLICE) out.push(...(await batch(documents.slice(i, i + SLICE))));
  return out;
}
const SLICE = 500;

/** For each document: did libxml2 find it well-formed and namespace-well-formed (errors, not warnings)? */
export async function libxml2Accepts(documents: readonly Uint8Array[]): Promise<{ accepted: boolean[]; diagnostics: string[]; uriComplaints: boolean[] }> {
  const results = await inSlices(documents, diagnose);
  return {
    accepted: results.map((r) => r.diagnostic === ''),
    diagnostics: results.map((r) => r.diagnostic),
    uriComplaints: results.map((r) => r.uriComplaint),
  };
}

async function diagnose(documents: readonly Uint8Array[]): Promise<{ diagnostic: string; uriComplaint: boolean }[]> {
  const files = documents.map((contents, i) => ({ fileName: `d${i}.xml`, contents }));
  // --noout instead of --c14n: parse only.
  const { stderr } = await xmllint(files, (a) => a.map((x) => (x === '--c14n' ? '--noout' : x)));
  const diagnostics = documents.map(() => '');
  const uris = documents.map(() => false);
  for (const line of stderr.split('\n')) {
    const m = /^d(\d+)\.xml:\d+: (?:parser|namespace) error : (.*)$/.exec(line);
    // Namespaces in XML 1.0 compares namespace names as strings, and URI syntax is none of its namespace constraints;
    // libxml2 complains of URIs its own parser does not take (even `https://host/p?x=1&y=2`, at times) and then
    // will not canonicalise the document. Such complaints are kept apart: the document is judged without them.
    if (m !== null && / is not a valid URI$/.test(m[2] as string)) uris[Number(m[1])] = true;
    else if (m !== null) diagnostics[Number(m[1])] += `${m[2]}; `;
  }
  return diagnostics.map((d, i) => ({ diagnostic: d, uriComplaint: uris[i] === true }));
}

/**
 * The element trees of documents libxml2 accepted, read from its canonical form; undefined for a document it
 * will not canonicalise (a namespace URI its URI parser refuses: C14N needs absolute URIs).
 */
export function libxml2Trees(documents: readonly Uint8Array[]): Promise<(ReferenceElement | undefined)[]> {
  return inSlices(documents, canonicalTrees);
}

async function canonicalTrees(documents: readonly Uint8Array[]): Promise<(ReferenceElement | undefined)[]> {
  const out: (ReferenceElement | undefined)[] = documents.map(() => undefined);
  // One document that cannot be canonicalised fails a whole run: leave out those named in errors and run again,
  // or, when none is named, run each half on its own.
  const run = async (indexes: number[]): Promise<void> => {
    if (indexes.length === 0) return;
    const { stdout, stderr } = await xmllint(
      indexes.map((i) => ({ fileName: `d${i}.xml`, contents: documents[i] as Uint8Array })),
      (a) => a,
    );
    const trees = readCanonical(stdout);
    if (trees.length === indexes.length) {
      indexes.forEach((i, k) => (out[i] = trees[k]));
      return;
    }
    if (indexes.length === 1) return;
    const named = new Set([...stderr.matchAll(/^d(\d+)\.xml:\d+: \w+ error/gm)].map((m) => Number(m[1])));
    const rest = indexes.filter((i) => !named.has(i));
    if (rest.length < indexes.length) return run(rest);
    const half = indexes.length >> 1;
    await run(indexes.slice(0, half));
    await run(indexes.slice(half));
  };
  await run(documents.map((_, i) => i));
  return out;
}

const decode = (s: string): string =>
  s.replace(
    /&(amp|lt|gt|quot|#xD|#x9|#xA);/g,
    (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#xD': '\r', '#x9': '\t', '#xA': '\n' })[e] as string,
  );

/** Reads concatenated canonical XML documents: no DOCTYPE, no CDATA, no empty-element tags, `"`-quoted values. */
function readCanonical(c14n: string): ReferenceElement[] {
  const roots: ReferenceElement[] = [];
  const stack: { element: ReferenceElement; scope: Map<string, string> }[] = [];
  // Canonical XML separates attributes by one space; names hold no space (but may hold U+FEFF, which \s matches).
  const TOKEN = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<\/[^>]+>|<([^ >]+)((?: [^ =]+="[^"]*")*)>|[^<]+/g;
  for (const m of c14n.matchAll(TOKEN)) {
    const token = m[0];
    if (token.startsWith('<!--') || token.startsWith('<?')) continue;
    const top = stack[stack.length - 1];
    if (token.startsWith('</')) {
      stack.pop();
      continue;
    }
    if (m[1] === undefined) {
      if (top !== undefined) top.element.text += decode(token);
      continue;
    }
    const scope = new Map(top?.scope ?? [['xml', XML_NS]]);
    const raw = [...(m[2] ?? '').matchAll(/ ([^ =]+)="([^"]*)"/g)].map((a) => [a[1] as string, decode(a[2] as string)] as const);
    for (const [name, value] of raw) {
      if (name === 'xmlns') scope.set('', value);
      else if (name.startsWith('xmlns:')) scope.set(name.slice(6), value);
    }
    const split = (qname: string): [string, string] => {
      const colon = qname.indexOf(':');
      return colon < 0 ? ['', qname] : [qname.slice(0, colon), qname.slice(colon + 1)];
    };
    const [prefix, local] = split(m[1]);
    const element: ReferenceElement = { namespace: scope.get(prefix) ?? '', name: local, attributes: {}, children: [], text: '' };
    for (const [name, value] of raw) {
      if (name === 'xmlns' || name.startsWith('xmlns:')) continue;
      const [p, l] = split(name);
      element.attributes[p === '' ? l : `{${scope.get(p) ?? `?${p}`}}${l}`] = value;
    }
    if (top === undefined) roots.push(element);
    else top.element.children.push(element);
    stack.push({ element, scope });
  }
  return roots;
}
