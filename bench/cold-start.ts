/*
 * Figure 5: cold start. (a) Time to import the built package in a fresh Node process, against importing undici
 * alone, measured inside the child around the dynamic import so process start-up is excluded. (b) Size of an esbuild
 * bundle (minified, then gzipped) of a one-call handler (DirectClient + whoAmI) against a bundle of undici's
 * `request` alone: what a serverless function ships and parses.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { median, report } from './stats.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const distEntry = `${root}dist/index.js`;

function importMs(specifier: string): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(specifier)}); process.stdout.write(String(performance.now() - t));`;
  return Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' }));
}

async function bundleBytes(contents: string): Promise<{ min: number; gz: number }> {
  const result = await build({
    stdin: { contents, resolveDir: root, loader: 'ts' },
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  return { min: code.byteLength, gz: gzipSync(code).byteLength };
}

export async function coldStart(runs: number): Promise<void> {
  // dist/ is the package as published; when it has not been built, src/index.ts stands in (bundled the same way).
  const fromDist = existsSync(distEntry);
  const entry = fromDist ? distEntry : `${root}src/index.ts`;
  if (!fromDist) console.log('(dist/ missing: measuring src/index.ts through esbuild instead; run `npx tsup` first for the real figure)');
  const undiciEntry = createRequire(import.meta.url).resolve('undici');
  if (fromDist) {
    const sdk: number[] = [];
    const undici: number[] = [];
    importMs(distEntry); // warm the OS file cache for both, as a deployed function's image would be
    importMs('undici');
    for (let i = 0; i < runs; i++) {
      sdk.push(importMs(distEntry));
      undici.push(importMs('undici'));
    }
    report('cold import of posten-signering (dist/index.js)', median(sdk), median(undici), 'ms', '(baseline = import of undici)');
  }
  const handler = await bundleBytes(
    `import { ClientConfiguration, DirectClient, Environment, Sender } from ${JSON.stringify(entry)};\n` +
      'export async function handler(pkcs12: Uint8Array, password: string) {\n' +
      '  const client = new DirectClient(new ClientConfiguration({ environment: Environment.test, certificate: { pkcs12, password }, globalSender: new Sender("123456789") }));\n' +
      '  return client.whoAmI();\n}\n',
  );
  const baseline = await bundleBytes(
    `import { request } from ${JSON.stringify(undiciEntry)};\n` + 'export async function handler(url: string) { return (await request(url)).body.text(); }\n',
  );
  report(
    'bundle of a one-call handler, minified+gzip',
    handler.gz / 1024,
    baseline.gz / 1024,
    'KB',
    `[minified ${(handler.min / 1024).toFixed(0)} KB vs undici ${(baseline.min / 1024).toFixed(0)} KB]`,
  );
}
