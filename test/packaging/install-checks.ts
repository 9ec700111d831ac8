// The package installed as users install it, checked from package.test.ts (which packs it once): a production
// install brings undici and node-forge only, the simulator's optional peers fail with the line that installs
// them, and objects of the CommonJS and ESM builds mix.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, run, show } from '../helpers/packaging.js';
import { readmeSection } from './readme-blocks.js';

/** The line the README and the error of `posten-signering/testing` give (src/testing/peers.ts). */
export const peerInstall = 'npm install -D @xmldom/xmldom@0.8 xml-crypto@6 xmllint-wasm@5';
export const peerSpecs = peerInstall.split(' ').slice(3);
/** Optional peers of `posten-signering/redis`: the user brings one of them. */
const REDIS_PEERS = ['ioredis', 'redis'];

export interface Installed {
  /** A project with the tarball, @types/node and the simulator's peers. */
  consumer(): string;
  /** A production install of the tarball alone. */
  bare(): string;
  pkg: { dependencies: Record<string, string>; peerDependencies: Record<string, string>; peerDependenciesMeta: Record<string, { optional?: boolean }> };
}

export function describeInstalls(installed: Installed): void {
  const { pkg } = installed;
  describe('a production install (--omit=dev)', () => {
    it('brings undici and node-forge only', async () => {
      const top = await readdir(join(installed.bare(), 'node_modules'));
      const names: string[] = [];
      for (const n of top.filter((n) => !n.startsWith('.'))) {
        if (n.startsWith('@')) names.push(...(await readdir(join(installed.bare(), 'node_modules', n))).map((m) => `${n}/${m}`));
        else names.push(n);
      }
      expect(names.sort()).toEqual(['node-forge', 'posten-signering', 'undici']);
      expect(Object.keys(pkg.dependencies).sort()).toEqual(['node-forge', 'undici']);
    });

    it('declares the simulator packages as optional peers, and the install line asks for versions within their ranges', () => {
      // The Redis clients are optional peers of posten-signering/redis (checked below), not the simulator's.
      const peers = Object.keys(pkg.peerDependencies)
        .filter((p) => !REDIS_PEERS.includes(p))
        .sort();
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

    it('declares node-redis and ioredis as optional peers, and loads posten-signering/redis without either', async () => {
      for (const p of REDIS_PEERS) expect(pkg.peerDependenciesMeta[p]?.optional, p).toBe(true);
      const load = "const { redisCoordination } = require('posten-signering/redis'); redisCoordination({ call: async () => 0 }); console.log('ok')";
      const cjs = await run(process.execPath, ['-e', load], { cwd: installed.bare() });
      expect(cjs.code, show(cjs)).toBe(0);
      const esm = await run(
        process.execPath,
        ['--input-type=module', '-e', "const r = await import('posten-signering/redis'); console.log(typeof r.redisCoordination)"],
        { cwd: installed.bare() },
      );
      expect(esm.stdout.trim(), show(esm)).toBe('function');
    });

    it('loads the SDK and runs the CLI usage without the peers', async () => {
      const cjs = await run(
        process.execPath,
        ['-e', "const r = require('posten-signering'); if (typeof r.DirectClient !== 'function') throw new Error('no DirectClient'); console.log('ok')"],
        { cwd: installed.bare() },
      );
      expect(cjs.code, show(cjs)).toBe(0);
      const esm = await run(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          "const r = await import('posten-signering'); await import('posten-signering/direct'); console.log(typeof r.PortalClient)",
        ],
        { cwd: installed.bare() },
      );
      expect(esm.code, show(esm)).toBe(0);
      const help = await run(join(installed.bare(), 'node_modules/.bin/posten-signering'), ['help'], { cwd: installed.bare() });
      expect(help.code, show(help)).toBe(0);
    });

    it('posten-signering/testing fails at once, through require and import, with the npm install line', async () => {
      const cjs = await run(process.execPath, ['-e', "require('posten-signering/testing')"], { cwd: installed.bare() });
      expect(cjs.code).not.toBe(0);
      expect(cjs.stderr).toContain(peerInstall);
      expect(cjs.stderr).toMatch(/needs @xmldom\/xmldom, xml-crypto, xmllint-wasm, which are optional peer dependencies/);
      const esm = await run(process.execPath, ['--input-type=module', '-e', "await import('posten-signering/testing')"], { cwd: installed.bare() });
      expect(esm.code).not.toBe(0);
      expect(esm.stderr).toContain(peerInstall);
      expect(esm.stderr).not.toMatch(/ERR_MODULE_NOT_FOUND/);
      const simulator = await run(join(installed.bare(), 'node_modules/.bin/posten-signering'), ['simulator'], { cwd: installed.bare() });
      expect(simulator.code).not.toBe(0);
      expect(simulator.stderr).toContain(peerInstall);
    });

    it('the line it gives is the one the package exports and the README shows', async () => {
      const testing = createRequire(join(installed.consumer(), 'x.js'))('posten-signering/testing') as { SIMULATOR_PEER_INSTALL_COMMAND: string };
      expect(testing.SIMULATOR_PEER_INSTALL_COMMAND).toBe(peerInstall);
      expect(readmeSection(await readFile(join(repoRoot, 'README.md'), 'utf8'), 'Testing with the simulator')).toContain(`\`\`\`sh\n${peerInstall}\n\`\`\``);
    });
  });

  describe('objects from the CommonJS and ESM builds mix', () => {
    it('configurations, environments, senders, models and references of one build are accepted by the other', async () => {
      const file = join(installed.consumer(), 'mixed.mjs');
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
      const r = await run(process.execPath, [file], { cwd: installed.consumer() });
      expect(r.code, show(r)).toBe(0);
      expect(r.stdout).toContain('mixed ok');
    });
  });
}
