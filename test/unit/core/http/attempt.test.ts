import { describe, expect, it } from 'vitest';
import { SDK_VERSION } from '../../../../src/core/version.js';
import { userAgent } from '../../../../src/core/http/user-agent.js';
import { fakePipeline, URL_ } from '../../../helpers/fake-fetch.js';

describe('request headers', () => {
  it('sends User-Agent posten-signering/<version> (node/<version>) and Accept application/xml', async () => {
    const { pipeline, calls } = fakePipeline(() => new Response('<x/>'));
    await pipeline.send({ method: 'GET', url: URL_, operation: 'poll', idempotent: true });
    const headers = calls[0]?.init.headers as Record<string, string>;
    expect(headers['User-Agent']).toBe(`posten-signering/${SDK_VERSION} (node/${process.version})`);
    expect(headers.Accept).toBe('application/xml');
  });

  it('appends the configured suffix in parentheses, without control characters', async () => {
    const { pipeline, calls } = fakePipeline(() => new Response('<x/>'), { userAgent: 'acme-hr/2.1\r\nX-Evil: 1' });
    await pipeline.send({ method: 'GET', url: URL_, operation: 'poll', idempotent: true });
    const ua = (calls[0]?.init.headers as Record<string, string>)['User-Agent'];
    expect(ua).toBe(`posten-signering/${SDK_VERSION} (node/${process.version}) (acme-hr/2.1X-Evil: 1)`);
    expect(userAgent('x')).toMatch(/^posten-signering\/0\.1\.0 \(node\/v\d+[^)]*\) \(x\)$/);
  });

  it('asks for octet-stream or XML on downloads', async () => {
    const { pipeline, calls } = fakePipeline(() => new Response(new Uint8Array([37, 80, 68, 70])));
    const d = await pipeline.download({ method: 'GET', url: `${URL_}/1/pades`, operation: 'get pades', idempotent: true });
    await d.bytes();
    expect((calls[0]?.init.headers as Record<string, string>).Accept).toBe('application/octet-stream, application/xml');
  });
});
