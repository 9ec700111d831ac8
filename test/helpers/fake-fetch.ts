import { Environment } from '../../src/core/environment.js';
import { RequestPipeline } from '../../src/core/http/pipeline.js';
import { resolveHttpSettings, type HttpOptions } from '../../src/core/http/settings.js';

export interface Call {
  url: string;
  init: RequestInit;
}

/** A pipeline over a scripted fetch (the `fetch` option path): for mapping, retry and timeout logic. */
export function fakePipeline(
  respond: (call: Call, index: number) => Response | Promise<Response>,
  options: HttpOptions = {},
): { pipeline: RequestPipeline; calls: Call[] } {
  const calls: Call[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    const call = { url, init };
    calls.push(call);
    return respond(call, calls.length - 1);
  }) as unknown as typeof globalThis.fetch;
  // A scripted fetch does no TLS, so any anchors do: the test environment's, rather than a freshly made PKI.
  const environment = Environment.custom({ url: 'https://api.example.test', trustedCertificates: Environment.test.trustedCertificates });
  return { pipeline: new RequestPipeline(environment, { clientKeyPem: '', clientCertChainPem: '' }, resolveHttpSettings({ fetch, ...options })), calls };
}

export const URL_ = 'https://api.example.test/api/123456789/direct/signature-jobs';

/** Rejects like a runtime's fetch does on a network failure, with a Node-style code on the cause. */
export function networkError(code: string): Error {
  return new TypeError('fetch failed', { cause: Object.assign(new Error(`connect ${code}`), { code }) });
}

/** A fetch that never answers until its signal aborts, like a server that accepted the request and went silent. */
export function hang(call: Call): Promise<Response> {
  return new Promise((_, reject) => {
    const signal = call.init.signal;
    signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}
