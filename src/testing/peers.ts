import { createRequire } from 'node:module';
import type * as XmlDom from '@xmldom/xmldom';
import type * as XmlCrypto from 'xml-crypto';
import type * as XmllintWasm from 'xmllint-wasm';

/**
 * The simulator's own packages (an independent XML parser, C14N and XSD validator, so that it shares no code with
 * the SDK). They are optional peer dependencies: a production install of posten-signering leaves them out, and a
 * project that tests with the simulator installs them as dev dependencies with this command. The versions are
 * package.json's `peerDependencies` ranges in a form no shell mangles (a test keeps the two in step).
 */
export const SIMULATOR_PEER_INSTALL_COMMAND = 'npm install -D @xmldom/xmldom@0.8 xml-crypto@6 xmllint-wasm@5';

const PEERS = ['@xmldom/xmldom', 'xml-crypto', 'xmllint-wasm'] as const;

interface Peers {
  xmldom: typeof XmlDom;
  xmlCrypto: typeof XmlCrypto;
  xmllint: typeof XmllintWasm;
}

// Loaded synchronously when `posten-signering/testing` is loaded, so that a missing package fails at once with
// the command that fixes it, rather than with ERR_MODULE_NOT_FOUND deep in a test run. All three are CommonJS.
function loadPeers(): Peers {
  const load = createRequire(import.meta.url);
  const loaded = new Map<string, unknown>();
  const missing: string[] = [];
  for (const name of PEERS) {
    try {
      loaded.set(name, load(name));
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code !== 'MODULE_NOT_FOUND' || !String((error as Error).message).includes(`'${name}'`)) throw error;
      missing.push(name);
    }
  }
  if (missing.length > 0) {
    throw new Error(
      `posten-signering/testing (the simulator) needs ${missing.join(', ')}, which ${missing.length === 1 ? 'is an optional peer dependency' : 'are optional peer dependencies'} ` +
        `left out of production installs. Install the simulator's packages as dev dependencies:\n\n  ${SIMULATOR_PEER_INSTALL_COMMAND}\n`,
    );
  }
  return {
    xmldom: loaded.get('@xmldom/xmldom') as typeof XmlDom,
    xmlCrypto: loaded.get('xml-crypto') as typeof XmlCrypto,
    xmllint: loaded.get('xmllint-wasm') as typeof XmllintWasm,
  };
}

export const { xmldom, xmlCrypto, xmllint } = loadPeers();
