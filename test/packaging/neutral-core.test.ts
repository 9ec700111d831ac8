// The isomorphic core: models, request/response XML, ASiC-E and XAdES must bundle for `platform: 'neutral'`
// (browsers, Deno, Bun, workers) without any Node built-in, so that only transport and certificate loading are
// Node-specific. Anything that resolves to `node:*` or a bare built-in name (`crypto`, `zlib`, `buffer` …) fails.
import { builtinModules } from 'node:module';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Plugin } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bin, repoRoot, run, show } from '../helpers/packaging.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'posten-signering-neutral-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const src = (p: string) => JSON.stringify(join(repoRoot, 'src', p));
const entry = `
import * as model from ${src('model/index.ts')};
import * as xml from ${src('xml/index.ts')};
import { createAsice } from ${src('asice/asice.ts')};
import { documentFileName, fileNameSafe } from ${src('asice/file-name.ts')};
import { createSignaturesXml } from ${src('asice/xades.ts')};
export { model, xml, createAsice, documentFileName, fileNameSafe, createSignaturesXml };
`;

const isBuiltin = (id: string) => id.startsWith('node:') || builtinModules.includes(id) || builtinModules.includes(id.split('/')[0]!);

async function bundleCore() {
  const entryFile = join(dir, 'core-entry.ts');
  await writeFile(entryFile, entry);
  const builtins: { path: string; importer: string }[] = [];
  const noNode: Plugin = {
    name: 'no-node-builtins',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        if (!isBuiltin(args.path)) return undefined;
        builtins.push({ path: args.path, importer: args.importer.replace(repoRoot, '') });
        // Keep building so that every offender is listed at once.
        return { path: args.path, external: true };
      });
    },
  };
  const outfile = join(dir, 'core.mjs');
  await build({
    entryPoints: [entryFile],
    bundle: true,
    platform: 'neutral',
    format: 'esm',
    target: 'es2022',
    minify: true,
    outfile,
    // platform 'neutral' resolves no package.json main field by default; packages without `exports` need these.
    mainFields: ['browser', 'module', 'main'],
    conditions: ['import', 'module', 'default'],
    absWorkingDir: repoRoot,
    nodePaths: [join(repoRoot, 'node_modules')],
    plugins: [noNode],
    logLevel: 'silent',
  });
  const code = await readFile(outfile);
  return { outfile, code, builtins };
}

const sizeOf = (code: Uint8Array) => `${(code.length / 1024).toFixed(1)} KB minified, ${(gzipSync(code, { level: 9 }).length / 1024).toFixed(1)} KB gzip`;

describe('isomorphic core (models, XML, ASiC-E, XAdES)', () => {
  it('bundles for platform neutral with no built-in at all, and runs under Deno with no permissions', async () => {
    const { outfile, code, builtins } = await bundleCore();
    console.log(`neutral core bundle: ${sizeOf(code)}`);
    expect(builtins).toEqual([]);
    expect(new TextDecoder().decode(code)).not.toMatch(/\bprocess\.(?:env|versions|platform)\b/);
    const script = join(dir, 'use-core.mjs');
    await writeFile(
      script,
      `import * as c from ${JSON.stringify(outfile)};
const doc = new c.model.Document('Avtale', undefined, c.model.FileType.Pdf, new Uint8Array([37, 80, 68, 70]));
const job = new c.model.DirectJob(doc, [new c.model.DirectSigner(new c.model.PersonalIdentificationNumber('01048200229'))], 'ref-1', c.model.ExitUrls.single('https://sender.example/exit'));
const xml = new TextDecoder().decode(c.xml.directJobRequestXml(job, new c.model.Sender('123456789')));
if (!xml.includes('<direct-signature-job-request')) throw new Error(xml);
console.log('ok', c.documentFileName(0, 'Avtale æøå', 'pdf'), typeof c.createAsice, typeof c.createSignaturesXml);
`,
    );
    const deno = await run(bin('deno'), ['run', '--no-prompt', '--no-config', script], { cwd: dir, env: { DENO_NO_UPDATE_CHECK: '1' } });
    expect(deno.code, show(deno)).toBe(0);
    expect(deno.stdout).toContain('ok 0000_avtale_aeoeaa.pdf function function');
  });
});
