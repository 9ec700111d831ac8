import type { Transport, TransportResponse } from './transport.js';

/**
 * A runtime's own fetch as the transport: Bun's with its `tls` option, Deno's with `createHttpClient`, or a
 * test's script. It neither writes range lists nor times out by itself; the attempt stage's timers apply.
 */
export function fetchTransport(runtimeFetch: typeof fetch): Transport {
  return {
    writesRanges: false,
    timesOut: false,
    // The DOM typings reject Uint8Array<ArrayBufferLike> bodies that every runtime accepts.
    send: (url, init) => runtimeFetch(url, init as RequestInit) as Promise<TransportResponse>,
    close: () => Promise.resolve(),
  };
}
