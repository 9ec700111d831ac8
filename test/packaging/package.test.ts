// The published package, as its users get it: a fresh copy of the repository (no dist/) packed with `npm pack`,
// whose `prepack` builds it; the tarball linted with attw and publint, installed into fresh projects and used
// through require(), import and TypeScript (node16 and bundler), with and without the simulator's optional peers;
// and the README's TypeScript checked against it and run against the simulator.
// `npm run check:package` runs this file alone.
import { copyFile, mkdtemp, readFile, rm, writeFile, mkdir, readdir, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bin, repoRoot, run, show } from '../helpers/packaging.js';
import { describeInstalls, peerSpecs } from './install-checks.js';
import { describeReadme } from './readme-checks.js';

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
  const install = await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock', ...args], {
    cwd: dir,
    timeoutMs: 150_000,
  });
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
  console.log(
    `packed ${info[0]!.filename}: ${(info[0]!.size / 1024).toFixed(1)} KB, ${(info[0]!.unpackedSize / 1024).toFixed(1)} KB unpacked, ${packedFiles.length} files`,
  );

  // The consumer project: the tarball and the simulator's peers, as the README says to install them
  // (dependencies from the npm cache this repo was installed from).
  consumer = join(work, 'consumer');
  // node-redis too: the README's fleet block (posten-signering/redis) type-checks against the real client.
  await installInto(consumer, [tarball, '@types/node@^20', ...peerSpecs, 'redis@5']);
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
    for (const entry of ['index', 'direct/index', 'portal/index', 'testing/index', 'redis/index'])
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
    const result = await publint({
      pack: { tarball: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer },
      level: 'suggestion',
      strict: true,
    });
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
// posten-signering/redis takes any client shaped like one of the two libraries; its error is the root's.
if (redis.CoordinationError !== root.CoordinationError) throw new Error('CoordinationError differs between entries');
const coordination = redis.redisCoordination({ call: async () => 0 });
if (typeof coordination.pollScheduleStore.claim !== 'function' || typeof coordination.requestBudget.acquire !== 'function') throw new Error('redisCoordination');
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
const redis = require('posten-signering/redis');
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
import * as redis from 'posten-signering/redis';
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
import { redisCoordination, CoordinationError, type IoRedisLike } from 'posten-signering/redis';

export const fleet = (client: IoRedisLike): ClientConfigurationOptions['requestBudget'] => redisCoordination(client, { keyPrefix: 'app:' }).requestBudget;
export const isCoordination = (e: unknown): boolean => e instanceof CoordinationError;

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

describeInstalls({ consumer: () => consumer, bare: () => bare, pkg });
describeReadme(() => consumer);
