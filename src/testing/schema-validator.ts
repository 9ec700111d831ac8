import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { schemaFiles } from './schemas.generated.js';

/**
 * XSD validation with libxml2 (xmllint compiled to wasm): the same kind of validator the real server's JAXB setup
 * uses, and independent of anything the SDK does. The error text goes into SCHEMA_VALIDATION_ERROR messages.
 *
 * xmllint-wasm's own `validateXML` starts a worker thread and compiles the 780 kB wasm module on every call, which
 * cost 50–100 ms per document. Here one long-lived worker compiles the module once and keeps the schema files
 * encoded in memory; each validation instantiates the compiled module (fresh memory, so no state leaks between
 * uploads) and runs xmllint over every document of a request in one go, so the XSDs are parsed once per create.
 * xmllint-wasm exports only xmllint's `main`, so the parsed schema cannot be kept between runs.
 */
export type SchemaName = 'direct.xsd' | 'portal.xsd';

/** The worker, as source: inline so that the ESM and CJS builds, tsx and vitest need no separate worker file. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
const Module = require(workerData.factory);
const compiled = new WebAssembly.Module(readFileSync(workerData.wasm));
const encoder = new TextEncoder();
const encoded = new Map(Object.entries(workerData.schemas).map(([fileName, text]) => [fileName, encoder.encode(text)]));
// Only the schema and what it includes: writing every XSD into the wasm file system on each run costs time.
const closure = (name, seen = new Set()) => {
  if (seen.has(name) || !encoded.has(name)) return seen;
  seen.add(name);
  for (const m of workerData.schemas[name].matchAll(/<xs:(?:include|import)[^>]*schemaLocation="([^"]+)"/g)) closure(m[1], seen);
  return seen;
};
const filesOf = new Map();
const schemaInputs = (schema) => {
  if (!filesOf.has(schema)) filesOf.set(schema, [...closure(schema)].map((fileName) => ({ fileName, contents: encoded.get(fileName) })));
  return filesOf.get(schema);
};
parentPort.on('message', (m) => {
  if (!m || m.postenSimulatorXsd !== true) return;
  let stderr = '';
  let done = false;
  const finish = (exitCode) => {
    if (done) return;
    done = true;
    parentPort.postMessage({ postenSimulatorXsd: true, id: m.id, exitCode, stderr });
  };
  Module({
    inputFiles: schemaInputs(m.schema).concat(m.files.map((f) => ({ fileName: f.fileName, contents: encoder.encode(f.contents) }))),
    arguments: ['--noout', '--nonet', '--schema', m.schema].concat(m.files.map((f) => f.fileName)),
    print() {},
    printErr(text) { stderr += text + '\\n'; },
    onExit: finish,
    onAbort(reason) { stderr += 'WASM abort: ' + reason; finish(-1); },
    instantiateWasm(imports, ok) {
      WebAssembly.instantiate(compiled, imports).then((instance) => ok(instance, compiled), (e) => { stderr += String(e); finish(-1); });
      return {};
    },
  }).catch((e) => { stderr += String(e); finish(-1); });
});
`;

interface Reply {
  id: number;
  exitCode: number;
  stderr: string;
}

let worker: Worker | undefined;
let nextId = 1;
const waiting = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();

function resolveModule(specifier: string): string {
  // import.meta.url is only evaluated in the ESM build; the CJS build has its own require.
  const req = typeof require === 'function' ? require : createRequire(import.meta.url);
  return req.resolve(specifier);
}

function startWorker(): Worker {
  const factory = resolveModule('xmllint-wasm/xmllint-node.js');
  const w = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { factory, wasm: join(dirname(factory), 'xmllint.wasm'), schemas: schemaFiles },
  });

  w.on('message', (m: Reply & { postenSimulatorXsd?: boolean }) => {
    if (m?.postenSimulatorXsd !== true) return;
    const p = waiting.get(m.id);
    waiting.delete(m.id);
    if (waiting.size === 0) w.unref();
    p?.resolve(m);
  });
  const failAll = (e: Error): void => {
    if (worker === w) worker = undefined;
    for (const p of waiting.values()) p.reject(e);
    waiting.clear();
  };
  w.on('error', failAll);
  w.on('exit', (code) => failAll(new Error(`the XSD validator worker exited with code ${code}`)));
  // Referenced only while a validation is pending (after the listeners: adding one refs the worker again): an
  // idle validator must not keep a test run or the CLI alive.
  w.unref();
  return w;
}

function run(schema: SchemaName, files: { fileName: string; contents: string }[]): Promise<Reply> {
  worker ??= startWorker();
  const id = nextId++;
  const w = worker;
  return new Promise<Reply>((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    w.ref();
    w.postMessage({ postenSimulatorXsd: true, id, schema, files });
  });
}

/**
 * Validates several documents against one schema in one xmllint run. Returns, per file name, the validator's
 * messages for that file, or undefined when it is valid.
 */
export async function validateAll(schema: SchemaName, docs: { fileName: string; xml: string }[]): Promise<Map<string, string | undefined>> {
  if (!schemaFiles[schema]) throw new Error(`schema ${schema} missing from schemas.generated.ts`);
  const names = new Set(docs.map((d) => d.fileName));
  if (names.size !== docs.length || [...names].some((n) => !/^[a-z][a-z0-9._-]*\.xml$/.test(n) || schemaFiles[n] !== undefined)) {
    throw new Error('validateAll needs distinct plain .xml file names that are not schema files');
  }
  const reply = await run(schema, docs.map((d) => ({ fileName: d.fileName, contents: d.xml })));
  // xmllint: 0 all valid, 1 unclassified, 3 validation error, 4 validation setup/parse error.
  if (![0, 1, 3, 4].includes(reply.exitCode)) throw new Error(`xmllint failed (${reply.exitCode}): ${reply.stderr.trim()}`);
  const lines = reply.stderr.split('\n');
  const result = new Map<string, string | undefined>();
  for (const { fileName } of docs) {
    if (reply.exitCode === 0 || lines.includes(`${fileName} validates`)) {
      result.set(fileName, undefined);
      continue;
    }
    const own = lines.filter((l) => l.startsWith(`${fileName}:`)).map((l) => l.trim());
    result.set(fileName, own.join('\n') || `${fileName} fails to validate`);
  }
  return result;
}

/** One document against one schema: the validator's messages, or undefined when valid. */
export async function validateAgainst(schema: SchemaName, xml: string, fileName = 'document.xml'): Promise<string | undefined> {
  return (await validateAll(schema, [{ fileName, xml }])).get(fileName);
}
