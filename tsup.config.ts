import { defineConfig } from 'tsup';

// Public entry points (each is also an `exports` subpath in package.json) and the CLI.
const publicEntries: Record<string, string> = {
  index: 'src/index.ts',
  'direct/index': 'src/direct/index.ts',
  'portal/index': 'src/portal/index.ts',
  'testing/index': 'src/testing/index.ts',
  'redis/index': 'src/redis/index.ts',
};
const cliEntries: Record<string, string> = { 'cli/main': 'src/cli/main.ts' };

export default defineConfig({
  entry: { ...publicEntries, ...cliEntries },
  format: ['esm', 'cjs'],
  // One copy of every shared module per format, also for CJS: without it each CJS entry point inlines its own
  // Document/DirectJob/errors, and `instanceof` fails between `posten-signering` and `posten-signering/direct`.
  splitting: true,
  dts: { entry: publicEntries },
  target: 'node20',
  platform: 'node',
  sourcemap: true,
  clean: true,
  treeshake: false,
  // Dependencies and peer dependencies stay external (tsup's default); nothing else is.
  // import.meta.url in the CJS build becomes the file's own URL (the simulator resolves its peer packages from
  // there); without the shim it would be left as is, a syntax error in CommonJS.
  shims: true,
  // Class names as written (`Sender`, not `_class2`) in the CJS build's stack traces, messages and `.name`.
  keepNames: true,
  outDir: 'dist',
});
