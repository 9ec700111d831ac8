// The published package, as its users get it: a fresh copy of the repository (no dist/) packed with `npm pack`,
// whose `prepack` builds it; the tarball linted with attw and publint, installed into fresh projects and used
// through require(), import and TypeScript (node16 and bundler), with and without the simulator's optional peers;
// and the README's TypeScript checked against it and run against the simulator.
// `npm run check:package` runs this file alone.
import { copyFile, mkdtemp, readFile, rm, writeFile, mkdir, readdir, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bin, repoRoot, run, show } from './helpers.js';
import { codeIn, readmeBlocks, readmeProgram, readmeSection, substitute } from './readme-blocks.js';

let work: string;
let tarball: string;
let consumer: string;
let bare: string;
let packedFiles: string[] = [];
const pkg = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  exports: Record<string, unknown>;
  bin: Record<string, string>;
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional?: boolean }>;
};
// The line the README and the error of `posten-signering/testing` give (src/testing/peers.ts).
const peerInstall = 'npm install -D @xmldom/xmldom@0.8 xml-crypto@6 xmllint-wasm@5';
const peerSpecs = peerInstall.split(' ').slice(3);

/** A fresh copy of the repository as a clone would have it: tracked and not-ignored files, no dist/. */
async function freshCopy(into: string): Promise<void> {
  const listed = await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: repoRoot });
  expect(listed.code, show(listed)).toBe(0);
  for (const file of listed.stdout.split('\0').filter(Boolean)) {
    await mkdir(dirname(join(into, file)), { recursive: true });
    // A file deleted in the working tree but still tracked is skipped, as a commit of the tree would not hold it.
    await copyFile(join(repoRoot, file), join(into, file)).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e;
    });
  }
  // What `npm ci` would install from the same lockfile; installing it again would only cost time.
  await symlink(join(repoRoot, 'node_modules'), join(into, 'node_modules'), 'dir');
}

async function installInto(dir: string, args: readonly string[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2));
  const install = await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock', ...args], { cwd: dir, timeoutMs: 150_000 });
  expect(install.code, show(install)).toBe(0);
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'posten-signering-pack-'));
  const copy = join(work, 'repo');
  await freshCopy(copy);
  await expect(readdir(join(copy, 'dist'))).rejects.toThrow();
  // No --ignore-scripts: `prepack` must build, as for `npm publish`.
  const pack = await run('npm', ['pack', '--json', '--pack-destination', work], { cwd: copy, timeoutMs: 240_000 });
  expect(pack.code, show(pack)).toBe(0);
  const json = pack.stdout.slice(pack.stdout.search(/^\[\s*\{/m));
  const info = JSON.parse(json) as { filename: string; files: { path: string }[]; size: number; unpackedSize: number }[];
  tarball = join(work, info[0]!.filename);
  packedFiles = info[0]!.files.map((f) => f.path);
  console.log(`packed ${info[0]!.filename}: ${(info[0]!.size / 1024).toFixed(1)} KB, ${(info[0]!.unpackedSize / 1024).toFixed(1)} KB unpacked, ${packedFiles.length} files`);

  // The consumer project: the tarball and the simulator's peers, as the README says to install them
  // (dependencies from the npm cache this repo was installed from).
  consumer = join(work, 'consumer');
  await installInto(consumer, [tarball, '@types/node@^20', ...peerSpecs]);
  // A production install: the tarball alone, without dev dependencies.
  bare = join(work, 'bare');
  await installInto(bare, ['--omit=dev', tarball]);
}, 420_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('the tarball', () => {
  it('holds every file package.json points at, and no sources or tests', () => {
    const targets = new Set<string>();
    const collect = (v: unknown): void => {
      if (typeof v === 'string') targets.add(v.replace(/^\.\//, ''));
      else if (v && typeof v === 'object') Object.values(v).forEach(collect);
    };
    collect(pkg.exports);
    collect(pkg.bin);
    for (const t of targets) expect(packedFiles, t).toContain(t);
    for (const entry of ['index', 'direct/index', 'portal/index', 'testing/index'])
      for (const ext of ['.js', '.cjs', '.d.ts', '.d.cts']) expect(packedFiles).toContain(`dist/${entry}${ext}`);
    expect(packedFiles.filter((f) => f.startsWith('src/') || f.startsWith('test/'))).toEqual([]);
  });

  it('has no problems according to @arethetypeswrong/cli', async () => {
    const r = await run(bin('attw'), [tarball, '--format', 'ascii']);
    expect(r.code, show(r)).toBe(0);
    expect(r.stdout).toMatch(/No problems found/);
  });

  it('has no problems according to publint', async () => {
    const { publint } = await import('publint');
    const { formatMessage } = await import('publint/utils');
    const data = await readFile(tarball);
    const result = await publint({ pack: { tarball: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer }, level: 'suggestion', strict: true });
    const messages = result.messages.map((m) => `${m.type}: ${formatMessage(m, result.pkg) ?? m.code}`);
    expect(messages).toEqual([]);
  });

  it('CLI: the bin starts and prints its usage', async () => {
    const r = await run(join(consumer, 'node_modules/.bin/posten-signering'), ['help'], { cwd: consumer });
    expect(r.code, show(r)).toBe(0);
    expect(r.stdout).toMatch(/posten-signering simulator/);
    const bad = await run(join(consumer, 'node_modules/.bin/posten-signering'), ['no-such-command'], { cwd: consumer });
    expect(bad.code).not.toBe(0);
  });
});

// The same checks from CommonJS and from ESM: models made with one entry point's classes are accepted by the
// other's, because both formats share one chunk per module (tsup `splitting: true`).
const usage = (load: string) => `
${load}
const pdf = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d]);
const doc = new root.Document('Avtale', 'Les og signer', root.FileType.Pdf, pdf);
if (!(doc instanceof direct.Document)) throw new Error('Document from the root is not a posten-signering/direct Document');
// A DirectSigner from the root entry in a Job from the direct entry: DirectJob checks the signers with instanceof.
const job = new direct.Job(doc, [new root.DirectSigner(new root.PersonalIdentificationNumber('01048200229'))], 'ref-1',
  direct.ExitUrls.single('https://sender.example/exit'));
if (!(job instanceof root.DirectJob)) throw new Error('direct.Job is not root.DirectJob');
if (job.documents[0] !== doc) throw new Error('document lost');
let caught;
try { new direct.Document('', undefined, direct.FileType.Pdf, pdf); } catch (e) { caught = e; }
if (!(caught instanceof root.ValidationError) || !(caught instanceof portal.SignatureError)) throw new Error('ValidationError differs between entries: ' + caught);
const portalJob = new portal.Job(doc, [new root.PortalSigner(new root.PersonalIdentificationNumber('01048200229'), new portal.Notifications(new root.Email('a@example.com')))]);
if (!(portalJob instanceof root.PortalJob)) throw new Error('portal.Job is not root.PortalJob');
if (root.DirectClient !== direct.DirectClient || root.PortalClient !== portal.PortalClient) throw new Error('clients differ');
if (typeof testing.startSimulator !== 'function') throw new Error('testing.startSimulator missing');
if (!root.Environment.production.url.startsWith('https://')) throw new Error('Environment.production');
console.log('ok', job.title, version);
`;

describe('installed in a fresh project', () => {
  it('works through require() (CommonJS)', async () => {
    const file = join(consumer, 'use.cjs');
    await writeFile(
      file,
      usage(`const root = require('posten-signering');
const direct = require('posten-signering/direct');
const portal = require('posten-signering/portal');
const testing = require('posten-signering/testing');
const { version } = require('posten-signering/package.json');
if (require.resolve('posten-signering').endsWith('.cjs') === false) throw new Error('require did not get the CJS build');`),
    );
    const r = await run(process.execPath, [file], { cwd: consumer });
    expect(r.code, show(r)).toBe(0);
    expect(r.stdout).toContain(`ok Avtale ${pkg.version}`);
  });

  it('works through import (ESM)', async () => {
    const file = join(consumer, 'use.mjs');
    await writeFile(
      file,
      usage(`import * as root from 'posten-signering';
import * as direct from 'posten-signering/direct';
import * as portal from 'posten-signering/portal';
import * as testing from 'posten-signering/testing';
import { createRequire } from 'node:module';
const { version } = createRequire(import.meta.url)('posten-signering/package.json');
if (!import.meta.resolve('posten-signering').endsWith('/dist/index.js')) throw new Error('import did not get the ESM build');`),
    );
    const r = await run(process.execPath, [file], { cwd: consumer });
    expect(r.code, show(r)).toBe(0);
    expect(r.stdout).toContain(`ok Avtale ${pkg.version}`);
  });

  const typed = `import {
  ClientConfiguration, DirectClient, PortalClient, Environment, Document, FileType, DirectJob, DirectSigner, ExitUrls,
  PersonalIdentificationNumber, PortalJob, PortalSigner, Notifications, Email, Sender, StatusReference,
  SignatureError, ValidationError, TooEagerPollingError, JobStatus,
  type ClientConfigurationOptions, type DirectJobStatusResponse, type ConfirmableChange, type PortalJobStatusChanged,
} from 'posten-signering';
import * as direct from 'posten-signering/direct';
import * as portal from 'posten-signering/portal';
import { startSimulator, type Simulator } from 'posten-signering/testing';

export async function example(simulator: Simulator): Promise<JobStatus> {
  const options: ClientConfigurationOptions = {
    environment: Environment.custom({ url: simulator.url, trustedCertificates: [simulator.caCertificatePem] }),
    certificate: simulator.senderCertificate,
    globalSender: new Sender(simulator.organizationNumber),
  };
  const configuration = new ClientConfiguration(options);
  const client: DirectClient = new direct.DirectClient(configuration);
  const doc = new Document('Avtale', undefined, FileType.Pdf, new Uint8Array(8));
  const job: DirectJob = new direct.Job(doc, [new DirectSigner(new PersonalIdentificationNumber('01048200229'))], 'ref', ExitUrls.single('https://x.example/'));
  const created = await client.create(job);
  const status: DirectJobStatusResponse = await client.getStatus(StatusReference.of(created.statusUrl ?? '', 'token'));
  const pades = status.references.pades ? await client.getPades(status.references.pades) : undefined;
  await pades?.bytes();
  const portalClient = new PortalClient(configuration);
  const portalJob: portal.Job = new PortalJob(doc, [new PortalSigner(new PersonalIdentificationNumber('01048200229'), new Notifications(new Email('a@b.no')))]);
  const sameJob: PortalJob = portalJob;
  await portalClient.create(sameJob);
  await portalClient.processStatusChanges(async (change: ConfirmableChange<PortalJobStatusChanged>) => { await change.confirm(); }, { signal: AbortSignal.timeout(10) });
  try { new portal.Signer(new PersonalIdentificationNumber('1'), new portal.Notifications(new Email('x@y.no'))); }
  catch (e) { if (e instanceof ValidationError || e instanceof TooEagerPollingError) console.log((e satisfies SignatureError).message); }
  // @ts-expect-error the job is not a string
  await client.create('not a job');
  void startSimulator;
  return status.status;
}
`;

  for (const moduleResolution of ['node16', 'bundler'] as const) {
    it(`type-checks a consumer under moduleResolution ${moduleResolution}`, async () => {
      const dir = join(consumer, `ts-${moduleResolution}`);
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, 'consumer.ts'), typed);
      // The CommonJS view of the types (.d.cts) too, under node16.
      if (moduleResolution === 'node16')
        await writeFile(
          join(dir, 'consumer-cjs.cts'),
          `import root = require('posten-signering');\nimport direct = require('posten-signering/direct');\nconst j: root.DirectJob | undefined = undefined as direct.Job | undefined;\nexport const c: typeof root.DirectClient = direct.DirectClient;\nvoid j;\n`,
        );
      await writeFile(
        join(dir, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            target: 'ES2022',
            module: moduleResolution === 'node16' ? 'node16' : 'esnext',
            moduleResolution,
            strict: true,
            noEmit: true,
            skipLibCheck: false,
            types: ['node'],
            lib: ['ES2023'],
          },
          include: ['*.ts', '*.cts'],
        }),
      );
      const r = await run(process.execPath, [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', dir], { cwd: consumer });
      expect(r.code, show(r)).toBe(0);
    });
  }

  it('ships no absolute build paths in its code', async () => {
    const dist = join(consumer, 'node_modules/posten-signering/dist');
    const files = (await readdir(dist, { recursive: true })).filter((f) => /\.(c?js|d\.c?ts)$/.test(f));
    // An absolute path: one not inside a relative one. (The copy's node_modules is a link to the repository's, so
    // esbuild's comment naming tsup's CJS shim reads `// ../../…/node_modules/tsup/assets/cjs_shims.js`.)
    const escape = (p: string): string => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const absolute = new RegExp(`(^|[^.])(${escape(repoRoot)}|${escape(work)})`);
    for (const f of files) expect(await readFile(join(dist, f), 'utf8'), f).not.toMatch(absolute);
  });
});

describe('a production install (--omit=dev)', () => {
  it('brings undici and node-forge only', async () => {
    const top = await readdir(join(bare, 'node_modules'));
    const names: string[] = [];
    for (const n of top.filter((n) => !n.startsWith('.'))) {
      if (n.startsWith('@')) names.push(...(await readdir(join(bare, 'node_modules', n))).map((m) => `${n}/${m}`));
      else names.push(n);
    }
    expect(names.sort()).toEqual(['node-forge', 'posten-signering', 'undici']);
    expect(Object.keys(pkg.dependencies).sort()).toEqual(['node-forge', 'undici']);
  });

  it('declares the simulator packages as optional peers, and the install line asks for versions within their ranges', () => {
    const peers = Object.keys(pkg.peerDependencies).sort();
    expect(peers).toEqual(['@xmldom/xmldom', 'xml-crypto', 'xmllint-wasm']);
    for (const p of peers) expect(pkg.peerDependenciesMeta[p]?.optional, p).toBe(true);
    // `^6.3.2` is asked for as `@6`, `^0.8.15` as `@0.8`: npm picks the newest release there, which is in the range.
    const asked = Object.fromEntries(peerSpecs.map((spec) => [spec.slice(0, spec.lastIndexOf('@')), spec.slice(spec.lastIndexOf('@') + 1)]));
    expect(Object.keys(asked).sort()).toEqual(peers);
    for (const p of peers) {
      const [major, minor] = (pkg.peerDependencies[p] as string).replace(/^\^/, '').split('.');
      expect(asked[p], p).toBe(major === '0' ? `0.${minor}` : major);
    }
  });

  it('loads the SDK and runs the CLI usage without the peers', async () => {
    const cjs = await run(process.execPath, ['-e', "const r = require('posten-signering'); if (typeof r.DirectClient !== 'function') throw new Error('no DirectClient'); console.log('ok')"], { cwd: bare });
    expect(cjs.code, show(cjs)).toBe(0);
    const esm = await run(process.execPath, ['--input-type=module', '-e', "const r = await import('posten-signering'); await import('posten-signering/direct'); console.log(typeof r.PortalClient)"], { cwd: bare });
    expect(esm.code, show(esm)).toBe(0);
    const help = await run(join(bare, 'node_modules/.bin/posten-signering'), ['help'], { cwd: bare });
    expect(help.code, show(help)).toBe(0);
  });

  it('posten-signering/testing fails at once, through require and import, with the npm install line', async () => {
    const cjs = await run(process.execPath, ['-e', "require('posten-signering/testing')"], { cwd: bare });
    expect(cjs.code).not.toBe(0);
    expect(cjs.stderr).toContain(peerInstall);
    expect(cjs.stderr).toMatch(/needs @xmldom\/xmldom, xml-crypto, xmllint-wasm, which are optional peer dependencies/);
    const esm = await run(process.execPath, ['--input-type=module', '-e', "await import('posten-signering/testing')"], { cwd: bare });
    expect(esm.code).not.toBe(0);
    expect(esm.stderr).toContain(peerInstall);
    expect(esm.stderr).not.toMatch(/ERR_MODULE_NOT_FOUND/);
    const simulator = await run(join(bare, 'node_modules/.bin/posten-signering'), ['simulator'], { cwd: bare });
    expect(simulator.code).not.toBe(0);
    expect(simulator.stderr).toContain(peerInstall);
  });

  it('the line it gives is the one the package exports and the README shows', async () => {
    const testing = createRequire(join(consumer, 'x.js'))('posten-signering/testing') as { SIMULATOR_PEER_INSTALL_COMMAND: string };
    expect(testing.SIMULATOR_PEER_INSTALL_COMMAND).toBe(peerInstall);
    expect(readmeSection(await readFile(join(repoRoot, 'README.md'), 'utf8'), 'Testing with the simulator')).toContain(`\`\`\`sh\n${peerInstall}\n\`\`\``);
  });
});

describe('objects from the CommonJS and ESM builds mix', () => {
  it('configurations, environments, senders, models and references of one build are accepted by the other', async () => {
    const file = join(consumer, 'mixed.mjs');
    await writeFile(
      file,
      `import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const esm = await import('posten-signering');
const cjs = require('posten-signering');
const check = (ok, what) => { if (!ok) throw new Error(what); };
check(esm.Sender !== cjs.Sender, 'the two builds share classes: this test would prove nothing');
// The simulator from the CJS build: its Environment is a CJS one.
const simulator = await require('posten-signering/testing').startSimulator({ rateLimit: false });
const configuration = new esm.ClientConfiguration({
  environment: simulator.environment, certificate: simulator.senderCertificate,
  globalSender: new cjs.Sender(simulator.organizationNumber, new esm.PollingQueue('mixed')),
  maxRequestsPerSecond: Infinity,
});
check(configuration.environment instanceof esm.Environment && configuration.environment instanceof cjs.Environment, 'environment');
check(esm.Environment.production instanceof cjs.Environment, 'Environment.production');
const portal = new cjs.PortalClient(configuration);
const pin = new esm.PersonalIdentificationNumber('01048200229');
const doc = new cjs.Document('Avtale', undefined, esm.FileType.Pdf, new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d]));
const job = new esm.PortalJob(doc, [new cjs.PortalSigner(pin, new esm.Notifications(new cjs.Email('a@example.com'), new esm.Sms('+47 999 99 999')))], 'mixed-ref',
  new cjs.Sender(simulator.organizationNumber, new esm.PollingQueue('mixed')), { availability: new cjs.Availability({ availableSeconds: 3600 }) });
check(job instanceof cjs.PortalJob, 'PortalJob');
const created = await portal.create(job);
check(created instanceof esm.PortalJobResponse && created.cancellationReference instanceof esm.CancellationReference, 'response');
check(!(created.cancellationReference instanceof esm.PadesReference), 'a CancellationReference is no PadesReference');
await simulator.sign(created.signatureJobId, '01048200229');
let change;
for (;;) { change = await portal.getStatusChange(); if (change.status !== esm.JobStatus.NoChanges) break; simulator.advanceTime(600_000); await new Promise((r) => setTimeout(r, 10)); }
check(change instanceof esm.PortalJobStatusChanged && change.confirmationReference instanceof esm.ConfirmationReference, 'change');
await new esm.PortalClient(configuration).confirm(change.confirmationReference);
const direct = new esm.DirectClient(new cjs.ClientConfiguration({ environment: simulator.environment, certificate: simulator.senderCertificate, maxRequestsPerSecond: Infinity }));
const directJob = new cjs.DirectJob(new esm.Document('Avtale', undefined, cjs.FileType.Pdf, new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d])), [new esm.DirectSigner(new cjs.CustomIdentifier('kunde-1'))],
  'direct-ref', esm.ExitUrls.single('https://sender.example/exit'), new esm.Sender(simulator.organizationNumber));
const response = await direct.create(directJob);
const signed = await simulator.sign(response.signatureJobId, 'kunde-1');
const status = await direct.getStatus(cjs.StatusReference.of(response.statusUrl, signed.statusQueryToken));
check(status.status === cjs.JobStatus.CompletedSuccessfully, 'direct status ' + status.status);
let refused;
try { new cjs.PersonalIdentificationNumber('1'); } catch (e) { refused = e; }
check(refused instanceof esm.ValidationError && refused instanceof esm.SignatureError, 'errors');
check(cjs.Sender.name === 'Sender' && cjs.PortalJob.name === 'PortalJob' && cjs.ValidationError.name === 'ValidationError', 'CJS class names: ' + cjs.Sender.name);
check(/at new PersonalIdentificationNumber /.test(refused.stack), 'CJS stack names the class: ' + refused.stack);
await portal.close(); await direct.close(); await simulator.close();
console.log('mixed ok');
`,
    );
    const r = await run(process.execPath, [file], { cwd: consumer });
    expect(r.code, show(r)).toBe(0);
    expect(r.stdout).toContain('mixed ok');
  });
});

describe('the README, against the packed package', () => {
  let readme: string;
  beforeAll(async () => {
    readme = await readFile(join(repoRoot, 'README.md'), 'utf8');
  });

  // What the README takes as given: the reader's database, Redis client, options and Deno's globals.
  const givens = `
declare function saveToDatabase(...values: unknown[]): Promise<void>;
declare const redis: { get(key: string): Promise<string | null>; set(key: string, value: string, ...flags: (string | number)[]): Promise<string | null>; del(key: string): Promise<number> };
declare const options: ClientConfigurationOptions;
declare const Deno: { createHttpClient(options: { cert: string; key: string; caCerts: string[] }): unknown };
declare const chainPem: string;
declare const keyPem: string;
`;

  it('type-checks every TypeScript block against the package (strict, node16)', async () => {
    const blocks = readmeBlocks(readme);
    expect(blocks.length).toBeGreaterThan(15);
    const dir = join(consumer, 'readme-types');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'readme.ts'), readmeProgram(blocks, { preludeImports: { 'posten-signering': ['type ClientConfigurationOptions'] }, prelude: givens }));
    await writeFile(
      join(dir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'node16', moduleResolution: 'node16', strict: true, noEmit: true, skipLibCheck: true, types: ['node'], lib: ['ES2023', 'DOM'] }, include: ['*.ts'] }),
    );
    const r = await run(process.execPath, [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', dir], { cwd: consumer });
    expect(r.code, `${show(r)}\n--- program\n${await readFile(join(dir, 'readme.ts'), 'utf8')}`).toBe(0);
  });

  it('runs the use cases (configuration, direct, portal, simulator) against the simulator', async () => {
    const sections = ['Configuration', 'Direct use cases', 'Portal use cases', 'Testing with the simulator'];
    const blocks = readmeBlocks(readme).filter((b) => sections.includes(b.section));
    expect(new Set(blocks.map((b) => b.section))).toEqual(new Set(sections));
    const dir = join(consumer, 'readme-run');
    await mkdir(dir, { recursive: true });
    const pdf = join(dir, 'document.pdf');
    await writeFile(pdf, '%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
    const program = substitute(
      readmeProgram(blocks, {
        preludeImports: { 'posten-signering/testing': ['startSimulator'] },
        prelude: `
const simulator = await startSimulator({ rateLimit: false, deletableAfterSeconds: 0 });
const harness = simulator; // the README's own simulator block declares another \`simulator\`
// Every signer of the job signs, as they would on the signing page; the last exit URL's token is returned.
async function signAll(jobId: string): Promise<string> {
  let token = '';
  for (const s of simulator.job(jobId)!.signers) token = (await simulator.sign(jobId, s.identifier)).statusQueryToken ?? token;
  return token;
}`,
        before: { 'Get portal job status change': 'await signAll(portalJobResponse.signatureJobId);' },
        // The direct job of "Create signature job" (the first job) was signed, fetched and its documents deleted.
        after: `if (harness.job('1')?.status !== 'COMPLETED_SUCCESSFULLY' || !harness.job('1')?.documentsDeleted) throw new Error('the direct use case did not complete');
if (harness.stats.pollsBeforePermittedTime !== 0) throw new Error('polled before the permitted time');
console.log('README ran');
process.exit(0);`,
      }),
      [
        ['environment: Environment.test,', 'environment: simulator.environment,'],
        ["certificate: { pkcs12: './virksomhetssertifikat.p12', password: process.env.P12_PASSWORD! },", 'certificate: simulator.senderCertificate,'],
        ["'/path/to/document.pdf'", JSON.stringify(pdf)],
        ["'0A3BQ54C...'", 'await signAll(directJobResponse.signatureJobId)'],
      ],
    );
    await writeFile(join(dir, 'readme.ts'), program);
    const r = await run(join(repoRoot, 'node_modules/.bin/tsx'), [join(dir, 'readme.ts')], { cwd: dir, timeoutMs: 120_000 });
    expect(r.code, `${show(r)}\n--- program\n${program}`).toBe(0);
    expect(r.stdout).toContain('README ran');
  });

  it('lists every exported error class in the errors table, with when it happens', () => {
    const sdk = createRequire(join(consumer, 'x.js'))('posten-signering') as Record<string, unknown>;
    const root = sdk.SignatureError as { prototype: object };
    const errors = Object.entries(sdk)
      .filter(([, v]) => typeof v === 'function' && (v === root || Object.prototype.isPrototypeOf.call(root.prototype, (v as { prototype: object }).prototype)))
      .map(([name]) => name);
    expect(errors.length).toBeGreaterThan(15);
    const rows = readmeSection(readme, 'Errors').split('\n').filter((l) => l.startsWith('| `'));
    for (const name of errors) {
      const row = rows.find((r) => (r.split('|')[1] ?? '').includes(`\`${name}\``));
      expect(row, `${name} is not in the README's errors table`).toBeDefined();
      expect((row ?? '').split('|')[2]?.trim(), `${name}: the table must say when it happens`).not.toBe('');
    }
  });

  it('shows every enum a user passes in use, in a TypeScript block', () => {
    const sdk = createRequire(join(consumer, 'x.js'))('posten-signering') as Record<string, unknown>;
    const enums = Object.entries(sdk).filter(([name, v]) => /^[A-Z][a-z]/.test(name) && typeof v === 'object' && v !== null && Object.values(v).length > 0 && Object.values(v).every((x) => typeof x === 'string'));
    expect(enums.map(([n]) => n)).toEqual(expect.arrayContaining(['FileType', 'JobStatus', 'OnBehalfOf', 'IdentifierInSignedDocuments', 'SignatureStatus']));
    const code = readmeBlocks(readme).map((b) => b.code).join('\n');
    for (const [name, values] of enums) {
      const used = Object.keys(values as object).some((member) => code.includes(`${name}.${member}`));
      expect(used, `no README TypeScript block uses ${name}.<member>`).toBe(true);
    }
  });

  it("documents the simulator's whole API: every member, every option, what sign() and reject() return", async () => {
    const ts = (await import('typescript')).default;
    const dts = join(consumer, 'node_modules/posten-signering/dist/testing/index.d.ts');
    const program = ts.createProgram([dts], { strict: true, skipLibCheck: true, types: [] });
    const checker = program.getTypeChecker();
    const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(dts)!)!;
    const exported = new Map(checker.getExportsOfModule(moduleSymbol).map((s) => [s.name, s]));
    const section = codeIn(readmeSection(readme, 'Testing with the simulator'));
    for (const name of ['Simulator', 'SimulatorOptions', 'SignerActionResult', 'FaultInjector', 'SimulatorOrganization']) {
      const symbol = exported.get(name);
      expect(symbol, name).toBeDefined();
      const type = checker.getDeclaredTypeOfSymbol(symbol!.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol!) : symbol!);
      const members = checker.getPropertiesOfType(type).map((p) => p.name);
      expect(members.length, name).toBeGreaterThan(0);
      for (const member of members) expect(new RegExp(`\\b${member}\\b`).test(section), `README "Testing with the simulator" does not show ${name}.${member}`).toBe(true);
    }
  });
});
