// Validates XML against the official Posten signering XSDs (resources/signature-api-spec/schema/xsd) with libxml2
// compiled to WebAssembly, so that tests prove what the SDK sends is what the server's schema accepts.
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateXML, type XMLFileInfo } from 'xmllint-wasm';

const XSD_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../resources/signature-api-spec/schema/xsd');
const MAIN_SCHEMA = 'direct-and-portal.xsd';
const INCLUDED = ['common.xsd', 'direct.xsd', 'portal.xsd', 'direct-legacy.xsd', 'portal-legacy.xsd'] as const;

interface LoadedSchema {
  schema: XMLFileInfo;
  preload: XMLFileInfo[];
}

let loaded: Promise<LoadedSchema> | undefined;

/** Reads the schema files once per process (the promise is shared by every caller). */
function schemaFiles(): Promise<LoadedSchema> {
  loaded ??= (async () => {
    const read = async (fileName: string): Promise<XMLFileInfo> => ({ fileName, contents: await readFile(resolve(XSD_DIR, fileName), 'utf8') });
    const [schema, ...preload] = await Promise.all([read(MAIN_SCHEMA), ...INCLUDED.map(read)]);
    return { schema: schema as XMLFileInfo, preload };
  })();
  return loaded;
}

export interface XsdResult {
  valid: boolean;
  errors: string[];
}

const toBytes = (xml: string | Uint8Array): Uint8Array => (typeof xml === 'string' ? new TextEncoder().encode(xml) : xml);

/** Validates one document against `direct-and-portal.xsd` (which includes every other API schema). */
export async function validateAgainstApiSchema(xml: string | Uint8Array): Promise<XsdResult> {
  const [result] = await validateManyAgainstApiSchema([xml]);
  return result as XsdResult;
}

/**
 * Validates many documents in one xmllint run (each run starts a worker and compiles the schema, so batching
 * keeps property tests fast). Results are in input order.
 */
export async function validateManyAgainstApiSchema(xmls: readonly (string | Uint8Array)[]): Promise<XsdResult[]> {
  if (xmls.length === 0) return [];
  const { schema, preload } = await schemaFiles();
  const files = xmls.map((xml, i) => ({ fileName: `doc${i}.xml`, contents: toBytes(xml) }));
  const result = await validateXML({
    xml: files,
    schema: [schema],
    preload,
    initialMemoryPages: 512,
    maxMemoryPages: 4096,
  });
  // xmllint reports "docN.xml validates" / "docN.xml fails to validate" per file, and errors as "docN.xml:line: …".
  const lines = result.rawOutput.split('\n').filter((l) => l.trim() !== '');
  return files.map(({ fileName }) => {
    const errors = lines.filter((l) => l.startsWith(`${fileName}:`)).map((l) => l.slice(fileName.length + 1));
    const failed = lines.some((l) => l.trim() === `${fileName} fails to validate`);
    const validated = lines.some((l) => l.trim() === `${fileName} validates`);
    // A parse error may be reported without a "fails to validate" line: anything but "validates" is a failure.
    const valid = validated && !failed && errors.length === 0;
    if (!valid && errors.length === 0) errors.push(...lines.filter((l) => !/ validates$/.test(l.trim())));
    return { valid, errors };
  });
}
