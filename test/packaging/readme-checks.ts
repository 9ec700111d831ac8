// The README against the packed package, from package.test.ts: every TypeScript block type-checks, the use cases
// run against the simulator, and the errors table, the enums and the simulator's API are complete.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, run, show } from '../helpers/packaging.js';
import { codeIn, readmeBlocks, readmeProgram, readmeSection, substitute } from './readme-blocks.js';

/** `consumer()`: a project with the package, @types/node and the simulator's peers installed. */
export function describeReadme(consumer: () => string): void {
  describe('the README, against the packed package', () => {
    let readme: string;
    beforeAll(async () => {
      readme = await readFile(join(repoRoot, 'README.md'), 'utf8');
    });

    // What the README takes as given: the reader's database, options and Deno's globals.
    const givens = `
  declare function saveToDatabase(...values: unknown[]): Promise<void>;
  declare const options: ClientConfigurationOptions;
  declare const Deno: { createHttpClient(options: { cert: string; key: string; caCerts: string[] }): unknown };
  declare const chainPem: string;
  declare const keyPem: string;
  `;

    it('type-checks every TypeScript block against the package (strict, node16)', async () => {
      const blocks = readmeBlocks(readme);
      expect(blocks.length).toBeGreaterThan(15);
      const dir = join(consumer(), 'readme-types');
      await mkdir(dir, { recursive: true });
      await writeFile(
        join(dir, 'readme.ts'),
        readmeProgram(blocks, { preludeImports: { 'posten-signering': ['type ClientConfigurationOptions'] }, prelude: givens }),
      );
      await writeFile(
        join(dir, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            target: 'ES2022',
            module: 'node16',
            moduleResolution: 'node16',
            strict: true,
            noEmit: true,
            skipLibCheck: true,
            types: ['node'],
            lib: ['ES2023', 'DOM'],
          },
          include: ['*.ts'],
        }),
      );
      const r = await run(process.execPath, [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', dir], { cwd: consumer() });
      expect(r.code, `${show(r)}\n--- program\n${await readFile(join(dir, 'readme.ts'), 'utf8')}`).toBe(0);
    });

    it('runs the use cases (configuration, direct, portal, simulator) against the simulator', async () => {
      const sections = ['Configuration', 'Direct use cases', 'Portal use cases', 'Testing with the simulator'];
      const blocks = readmeBlocks(readme).filter((b) => sections.includes(b.section));
      expect(new Set(blocks.map((b) => b.section))).toEqual(new Set(sections));
      const dir = join(consumer(), 'readme-run');
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
      const sdk = createRequire(join(consumer(), 'x.js'))('posten-signering') as Record<string, unknown>;
      const root = sdk.SignatureError as { prototype: object };
      const errors = Object.entries(sdk)
        .filter(
          ([, v]) => typeof v === 'function' && (v === root || Object.prototype.isPrototypeOf.call(root.prototype, (v as { prototype: object }).prototype)),
        )
        .map(([name]) => name);
      expect(errors.length).toBeGreaterThan(15);
      const rows = readmeSection(readme, 'Errors')
        .split('\n')
        .filter((l) => l.startsWith('| `'));
      for (const name of errors) {
        const row = rows.find((r) => (r.split('|')[1] ?? '').includes(`\`${name}\``));
        expect(row, `${name} is not in the README's errors table`).toBeDefined();
        expect((row ?? '').split('|')[2]?.trim(), `${name}: the table must say when it happens`).not.toBe('');
      }
    });

    it('shows every enum a user passes in use, in a TypeScript block', () => {
      const sdk = createRequire(join(consumer(), 'x.js'))('posten-signering') as Record<string, unknown>;
      const enums = Object.entries(sdk).filter(
        ([name, v]) =>
          /^[A-Z][a-z]/.test(name) &&
          typeof v === 'object' &&
          v !== null &&
          Object.values(v).length > 0 &&
          Object.values(v).every((x) => typeof x === 'string'),
      );
      expect(enums.map(([n]) => n)).toEqual(expect.arrayContaining(['FileType', 'JobStatus', 'OnBehalfOf', 'IdentifierInSignedDocuments', 'SignatureStatus']));
      const code = readmeBlocks(readme)
        .map((b) => b.code)
        .join('\n');
      for (const [name, values] of enums) {
        const used = Object.keys(values as object).some((member) => code.includes(`${name}.${member}`));
        expect(used, `no README TypeScript block uses ${name}.<member>`).toBe(true);
      }
    });

    it("documents the simulator's whole API: every member, every option, what sign() and reject() return", async () => {
      const ts = (await import('typescript')).default;
      const dts = join(consumer(), 'node_modules/posten-signering/dist/testing/index.d.ts');
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
        for (const member of members)
          expect(new RegExp(`\\b${member}\\b`).test(section), `README "Testing with the simulator" does not show ${name}.${member}`).toBe(true);
      }
    });
  });
}
