import { SDK_VERSION } from '../version.js';

/** `posten-signering/<version> (<runtime>/<version>)`, plus ` (<suffix>)` when the application adds one. */
export function userAgent(suffix?: string): string {
  const base = `posten-signering/${SDK_VERSION} (${runtime()})`;
  if (suffix === undefined) return base;
  // The suffix comes from configuration; strip anything that could end the header line or confuse a log parser.
  const clean = suffix
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/[()]/g, '')
    .trim();
  return clean === '' ? base : `${base} (${clean})`;
}

function runtime(): string {
  const g = globalThis as { Bun?: { version?: string }; Deno?: { version?: { deno?: string } } };
  if (g.Bun?.version) return `bun/${g.Bun.version}`;
  if (g.Deno?.version?.deno) return `deno/${g.Deno.version.deno}`;
  if (typeof process !== 'undefined' && typeof process.version === 'string') return `node/${process.version}`;
  return 'unknown-runtime';
}
