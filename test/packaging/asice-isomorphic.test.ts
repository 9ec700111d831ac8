import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// src/asice must run in Node 20, Bun and Deno: WebCrypto and web streams only, no node: modules or Buffer.
describe('src/asice stays isomorphic', () => {
  const dir = new URL('../../src/asice/', import.meta.url);
  const sources = readdirSync(dir).filter((f) => f.endsWith('.ts'));

  it.each(sources)('%s imports only relative modules and uses no Node globals', (file) => {
    const code = readFileSync(new URL(file, dir), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    const imports = [...code.matchAll(/from\s+'([^']+)'/g)].map((m) => m[1]);
    for (const spec of imports) expect(spec, `${file} imports ${spec}`).toMatch(/^\.\.?\//);
    expect(code).not.toMatch(/\bBuffer\b|\bprocess\.|\brequire\(/);
  });
});
