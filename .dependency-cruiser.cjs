// The layers of docs/architecture.md as rules: each folder under src/ imports only the folders below it, no module
// is part of an import cycle, and the platform-neutral layers import no `node:` module. `npm run lint` runs it.
const layer = (name, mayImport, alsoFiles = []) => ({
  name: `layer-${name}`,
  comment: `src/${name}/ may import only ${mayImport.length ? mayImport.join(', ') : 'nothing of the SDK'} (docs/architecture.md)`,
  severity: 'error',
  from: { path: `^src/${name}/` },
  to: { path: '^src/', pathNot: [`^src/${name}/`, ...mayImport.map((l) => `^src/${l}/`), ...alsoFiles] },
});

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'Import cycles make load order matter and layers meaningless.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      ...layer('errors', []),
      comment: 'src/errors/ imports nothing of the SDK at run time; a type (ResponseParseError names ConfirmationReference) is allowed',
      to: { ...layer('errors', []).to, dependencyTypesNot: ['type-only'] },
    },
    layer('protocol', []),
    layer('util', []),
    layer('model', ['errors', 'protocol', 'util']),
    layer('xml', ['model', 'errors', 'protocol', 'util']),
    layer('asice', ['errors', 'protocol', 'util']),
    layer('crypto', ['errors', 'util']),
    layer('core', ['xml', 'crypto', 'model', 'errors', 'protocol', 'util']),
    // posten-signering/redis: the two coordination interfaces from core, its errors; no client code.
    layer('redis', ['core', 'errors', 'protocol', 'util']),
    layer('client', ['core', 'asice', 'xml', 'crypto', 'model', 'errors', 'protocol', 'util']),
    // The flow entry points re-export what every entry point shares.
    layer('direct', ['client', 'core', 'xml', 'model', 'errors', 'protocol', 'util'], ['^src/common-exports\\.ts$']),
    layer('portal', ['client', 'core', 'xml', 'model', 'errors', 'protocol', 'util'], ['^src/common-exports\\.ts$']),
    layer('archive', ['client', 'core', 'xml', 'model', 'errors', 'protocol', 'util']),
    {
      name: 'testing-is-independent',
      comment:
        'The simulator uses no SDK XML, signing or crypto code, so that a bug there cannot hide itself: only the environment (and errors) come from the SDK.',
      severity: 'error',
      from: { path: '^src/testing/' },
      to: {
        path: '^src/',
        pathNot: ['^src/testing/', '^src/core/environment\\.ts$', '^src/core/trust-anchors\\.generated\\.ts$', '^src/core/version\\.ts$', '^src/errors/'],
      },
    },
    {
      name: 'neutral-layers-import-no-node',
      comment: 'model/, xml/, asice/, protocol/ and util/ run on any runtime with WebCrypto (Bun, Deno, browsers): no node: modules.',
      severity: 'error',
      from: { path: '^src/(model|xml|asice|protocol|util)/' },
      to: { dependencyTypes: ['core'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
