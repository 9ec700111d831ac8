import { xmllint } from './peers.js';
import { schemaFiles } from './schemas.generated.js';

/**
 * XSD validation with libxml2 (xmllint compiled to wasm): the same kind of validator the real server's JAXB setup
 * uses, and independent of anything the SDK does. The error text goes into SCHEMA_VALIDATION_ERROR messages.
 */
export type SchemaName = 'direct.xsd' | 'portal.xsd';

const preload = Object.entries(schemaFiles).map(([fileName, contents]) => ({ fileName, contents }));

export async function validateAgainst(schema: SchemaName, xml: string, fileName = 'document.xml'): Promise<string | undefined> {
  const text = schemaFiles[schema];
  if (!text) throw new Error(`schema ${schema} missing from schemas.generated.ts`);
  const result = await xmllint.validateXML({
    xml: [{ fileName, contents: xml }],
    schema: [{ fileName: schema, contents: text }],
    preload: preload.filter((p) => p.fileName !== schema),
  });
  if (result.valid) return undefined;
  return result.errors.map((e) => e.rawMessage.trim()).join('\n') || result.rawOutput.trim() || 'invalid XML';
}
