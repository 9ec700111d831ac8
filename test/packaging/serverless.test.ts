// examples/serverless-handler.ts bundled into one file with esbuild, as a serverless deployment would, and run
// with plain `node` against the simulator: create a direct job, sign it in the simulator, read the status.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/testing/index.js';
import type { Simulator } from '../../src/testing/index.js';
import { repoRoot, run, show } from '../helpers/packaging.js';

let dir: string;
let bundle: string;
let runner: string;
let simulator: Simulator;
let metafile: Metafile;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'posten-signering-serverless-'));
  bundle = join(dir, 'handler.mjs');
  const result = await build({
    entryPoints: [join(repoRoot, 'examples/serverless-handler.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minify: true,
    sourcemap: false,
    metafile: true,
    outfile: bundle,
    logLevel: 'warning',
    // CommonJS dependencies (node-forge, xml-crypto …) call require() for Node built-ins; an ESM bundle needs one.
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  metafile = result.metafile;
  runner = join(dir, 'invoke.mjs');
  // What a serverless runtime does: import the module once, call the handler per event.
  await writeFile(
    runner,
    `const { handler } = await import(${JSON.stringify(bundle)});\n` +
      `for (const event of JSON.parse(process.argv[2])) console.log(JSON.stringify(await handler(event)));\n`,
  );
  simulator = await startSimulator();
}, 120_000);

afterAll(async () => {
  await simulator?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const invoke = async (events: unknown[]) => {
  const r = await run(process.execPath, [runner, JSON.stringify(events)], {
    cwd: dir, // nothing around it: no node_modules, no sources
    env: {
      POSTEN_SIGNERING_ENVIRONMENT: simulator.url,
      POSTEN_SIGNERING_CA_PEM: simulator.caCertificatePem,
      POSTEN_SIGNERING_KEY_PEM: simulator.senderCertificatePem.key,
      POSTEN_SIGNERING_CERT_PEM: simulator.senderCertificatePem.cert,
      POSTEN_SIGNERING_ORGANIZATION_NUMBER: simulator.organizationNumber,
      NODE_PATH: '',
    },
    timeoutMs: 60_000,
  });
  expect(r.code, show(r)).toBe(0);
  return r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { statusCode: number; body: Record<string, unknown> });
};

describe('serverless bundle', () => {
  it('is one self-contained file; reports its size', async () => {
    const code = await readFile(bundle);
    const gz = gzipSync(code, { level: 9 });
    const byPackage = new Map<string, number>();
    for (const [path, input] of Object.entries(metafile.outputs[Object.keys(metafile.outputs)[0]!]!.inputs)) {
      const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
      const key = m ? m[1]! : path.startsWith('src/') || path.includes('/src/') ? '(posten-signering src)' : path;
      byPackage.set(key, (byPackage.get(key) ?? 0) + input.bytesInOutput);
    }
    const top = [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 10);
    console.log(
      `serverless bundle: ${(code.length / 1024).toFixed(1)} KB minified, ${(gz.length / 1024).toFixed(1)} KB gzip\n` +
        top.map(([k, v]) => `  ${k.padEnd(32)} ${(v / 1024).toFixed(1)} KB`).join('\n'),
    );
    // Nothing left to resolve at run time except Node built-ins.
    const external = Object.values(metafile.outputs).flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path));
    const { builtinModules } = await import('node:module');
    expect(external.filter((p) => !p.startsWith('node:') && !builtinModules.includes(p))).toEqual([]);
    expect(code.length).toBeLessThan(3 * 1024 * 1024);
  });

  it('creates a direct job and reads its status with plain node', async () => {
    const [created] = await invoke([{ action: 'create', pin: '01048200229', exitUrl: 'https://sender.example/exit', reference: 'serverless-1' }]);
    expect(created!.statusCode, JSON.stringify(created)).toBe(201);
    const { signatureJobId, statusUrl, redirectUrl } = created!.body as { signatureJobId: string; statusUrl: string; redirectUrl: string };
    expect(redirectUrl).toMatch(/^https:\/\/127\.0\.0\.1:/);
    expect(simulator.job(signatureJobId)?.status).toBe('IN_PROGRESS');

    // The signer signs in the browser; the exit URL brings back the status query token.
    const signed = await simulator.sign(signatureJobId, '01048200229');
    expect(signed.statusQueryToken).toBeTruthy();

    const [status] = await invoke([{ action: 'status', statusUrl, statusQueryToken: signed.statusQueryToken, confirm: true }]);
    expect(status!.statusCode, JSON.stringify(status)).toBe(200);
    expect(status!.body).toMatchObject({ signatureJobId, status: 'COMPLETED_SUCCESSFULLY', hasPades: true, confirmed: true });
    expect(simulator.job(signatureJobId)?.confirmed).toBe(true);
  });

  it('reports an API error as a status code, not a crash', async () => {
    const [bad] = await invoke([
      { action: 'status', statusUrl: `${simulator.url}/api/123456789/direct/signature-jobs/999999/status`, statusQueryToken: 'nope' },
    ]);
    expect(bad!.statusCode).toBe(502);
  });
});
