import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
// Loaded for its check: xmllint-wasm is an optional peer dependency, missing → the install line at once.
import './peers.js';
import { schemaFiles } from './schemas.generated.js';

/**
 * XSD validation with libxml2 (xmllint compiled to wasm): the same kind of validator the real server's JAXB setup
 * uses, and independent of anything the SDK does. The error text goes into SCHEMA_VALIDATION_ERROR messages.
 *
 * xmllint-wasm's own `validateXML` starts a worker thread, compiles the 780 kB wasm module and parses the XSDs on
 * every call: 50–100 ms per document. xmllint-wasm exposes nothing but xmllint's `main`, so the schema is kept
 * compiled the only way `main` allows: one long-lived worker per schema runs one `xmllint --schema X f0 f1 f2 …`
 * whose files are devices that block (Atomics.wait) until the next document arrives. libxml2 parses the XSD once
 * per run; a run serves 500 documents and is then restarted with fresh memory. After each document comes a tiny
 * sentinel file: the moment xmllint opens it, every message about the document before it has been printed.
 */
export type SchemaName = 'direct.xsd' | 'portal.xsd';

/** Documents per xmllint run before it is restarted (fresh wasm memory, nothing accumulates). */
const DOCUMENTS_PER_RUN = 500;

/** The worker, as source: inline so that the ESM and CJS builds, tsx and vitest need no separate worker file. */
const WORKER_SOURCE = `
const { workerData, receiveMessageOnPort } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
const { factory, wasm, schemas, schema, port, signal, perRun } = workerData;
const Module = require(factory);
const compiled = new WebAssembly.Module(readFileSync(wasm));
const encoder = new TextEncoder();
const flag = new Int32Array(signal);
const SENTINEL = encoder.encode('<s/>');
// The schema and what it includes, nothing else: every run writes them into the wasm file system.
const closure = (name, seen = new Set()) => {
  if (seen.has(name) || schemas[name] === undefined) return seen;
  seen.add(name);
  for (const m of schemas[name].matchAll(/<xs:(?:include|import)[^>]*schemaLocation="([^"]+)"/g)) closure(m[1], seen);
  return seen;
};
const schemaInputs = [...closure(schema)].map((fileName) => ({ fileName, contents: encoder.encode(schemas[fileName]) }));

let current;     // { id, path, lines } of the document being validated
let documentsServed = 0;
let collecting = false;

function nextDocument() {
  for (;;) {
    const seen = Atomics.load(flag, 0);
    const m = receiveMessageOnPort(port);
    if (m) return m.message;
    Atomics.wait(flag, 0, seen);
  }
}

function report(exitCode) {
  if (!current) return;
  const doc = current;
  current = undefined;
  collecting = false;
  port.postMessage({ id: doc.id, valid: doc.lines.includes(doc.path + ' validates'), lines: doc.lines, path: doc.path, exitCode });
}

function device(index) {
  const path = '/q/' + index;
  let bytes;
  let pos = 0;
  return {
    path,
    input() {
      if (bytes === undefined) {
        if (index % 2 === 1) {
          report(0);
          bytes = SENTINEL;
        } else {
          const doc = nextDocument();
          documentsServed++;
          current = { id: doc.id, path, lines: [] };
          collecting = true;
          bytes = encoder.encode(doc.xml);
        }
      }
      return pos < bytes.length ? bytes[pos++] : null;
    },
  };
}

function run() {
  const devices = Array.from({ length: 2 * perRun }, (_, i) => device(i));
  let restarted = false;
  const served = documentsServed;
  const restart = (exitCode) => {
    report(exitCode);
    if (restarted) return;
    restarted = true;
    // A run that ended before serving anything failed to start: try again, but not in a busy loop.
    if (documentsServed === served) setTimeout(run, 1000);
    else setImmediate(run);
  };
  const moduleArg = {
    // xmllint-wasm's preRun writes inputFiles with forEach (and replaces any preRun of ours): the devices are
    // created at the same moment, once the file system exists.
    inputFiles: {
      forEach(write) {
        schemaInputs.forEach(write);
        moduleArg.FS_createPath('/', 'q', true, true);
        for (const d of devices) moduleArg.FS_createDevice('/q', d.path.slice(3), d.input, null);
      },
    },
    arguments: ['--noout', '--nonet', '--schema', schema].concat(devices.map((d) => d.path)),
    print() {},
    printErr(text) { if (collecting && current) current.lines.push(text); },
    onExit: restart,
    onAbort(reason) { if (current) current.lines.push('WASM abort: ' + reason); restart(-1); },
    instantiateWasm(imports, ok) {
      WebAssembly.instantiate(compiled, imports).then((instance) => ok(instance, compiled), () => restart(-1));
      return {};
    },
  };
  Module(moduleArg).catch(() => restart(-1));
}
run();
`;

interface Reply {
  id: number;
  valid: boolean;
  lines: string[];
  path: string;
  exitCode: number;
}

interface Validator {
  worker: Worker;
  port: MessagePort;
  flag: Int32Array;
  waiting: Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>;
}

const validators = new Map<SchemaName, Validator>();
let nextId = 1;

function resolveModule(specifier: string): string {
  // As peers.ts loads the simulator's packages (esbuild's ESM output defines a `require` without `resolve`).
  return createRequire(import.meta.url).resolve(specifier);
}

function startValidator(schema: SchemaName): Validator {
  const factory = resolveModule('xmllint-wasm/xmllint-node.js');
  const channel = new MessageChannel();
  const signal = new SharedArrayBuffer(4);
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { factory, wasm: join(dirname(factory), 'xmllint.wasm'), schemas: schemaFiles, schema, port: channel.port2, signal, perRun: DOCUMENTS_PER_RUN },
    transferList: [channel.port2],
  });
  const v: Validator = { worker, port: channel.port1, flag: new Int32Array(signal), waiting: new Map() };
  const idle = (): void => {
    // Referenced only while a validation is pending: an idle validator must not keep a test run or the CLI alive.
    worker.unref();
    v.port.unref();
  };
  v.port.on('message', (m: Reply) => {
    const p = v.waiting.get(m.id);
    v.waiting.delete(m.id);
    if (v.waiting.size === 0) idle();
    p?.resolve(m);
  });
  const failAll = (e: Error): void => {
    if (validators.get(schema) === v) validators.delete(schema);
    for (const p of v.waiting.values()) p.reject(e);
    v.waiting.clear();
  };
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`the XSD validator worker exited with code ${code}`)));
  idle();
  return v;
}

function validateOne(schema: SchemaName, xml: string): Promise<Reply> {
  let v = validators.get(schema);
  if (!v) {
    v = startValidator(schema);
    validators.set(schema, v);
  }
  const id = nextId++;
  const validator = v;
  return new Promise<Reply>((resolve, reject) => {
    validator.waiting.set(id, { resolve, reject });
    validator.worker.ref();
    validator.port.ref();
    validator.port.postMessage({ id, xml });
    Atomics.add(validator.flag, 0, 1);
    Atomics.notify(validator.flag, 0);
  });
}

/**
 * Validates several documents against one schema. Returns, per file name, the validator's messages for that file
 * (with the file name in place of the validator's internal one), or undefined when it is valid.
 */
export async function validateAll(schema: SchemaName, docs: { fileName: string; xml: string }[]): Promise<Map<string, string | undefined>> {
  if (!schemaFiles[schema]) throw new Error(`schema ${schema} missing from schemas.generated.ts`);
  const replies = await Promise.all(docs.map((d) => validateOne(schema, d.xml)));
  const result = new Map<string, string | undefined>();
  docs.forEach(({ fileName }, i) => {
    const r = replies[i]!;
    if (r.valid) {
      result.set(fileName, undefined);
      return;
    }
    const own = r.lines.filter((l) => l.startsWith(`${r.path}:`) || l.startsWith('WASM abort')).map((l) => l.replace(r.path, fileName).trim());
    result.set(fileName, own.join('\n') || `${fileName} fails to validate`);
  });
  return result;
}

/** One document against one schema: the validator's messages, or undefined when valid. */
export async function validateAgainst(schema: SchemaName, xml: string, fileName = 'document.xml'): Promise<string | undefined> {
  return (await validateAll(schema, [{ fileName, xml }])).get(fileName);
}
