import { existsSync } from 'node:fs';
import { defineConfig } from 'tsup';

// Public entry points (each is also an `exports` subpath in package.json) and the CLI.
const publicEntries: Record<string, string> = {
  index: 'src/index.ts',
  'direct/index': 'src/direct/index.ts',
  'portal/index': 'src/portal/index.ts',
  'testing/index': 'src/testing/index.ts',
};
const cliEntries: Record<string, string> = { 'cli/main': 'src/cli/main.ts' };

// While src/testing and src/cli are being written an entry may be missing; build what exists, and let
// test/packaging/package.test.ts fail if a file that package.json points at is not in dist/.
const existing = (entries: Record<string, string>) =>
  Object.fromEntries(Object.entries(entries).filter(([, file]) => existsSync(file)));

const cliReady = ['src/cli/main.ts', 'src/cli/demo.ts', 'src/cli/simulator-command.ts'].every((f) => existsSync(f));

export default defineConfig({
  entry: existing({ ...publicEntries, ...(cliReady ? cliEntries : {}) }),
  format: ['esm', 'cjs'],
  // One copy of every shared module per format, also for CJS: without it each CJS entry point inlines its own
  // Document/DirectJob/errors, and `instanceof` fails between `posten-signering` and `posten-signering/direct`.
  splitting: true,
  dts: { entry: existing(publicEntries) },
  target: 'node20',
  platform: 'node',
  sourcemap: true,
  clean: true,
  treeshake: false,
  // Runtime dependencies stay external (tsup's default for `dependencies`); nothing else is.
  shims: false,
  outDir: 'dist',
});
