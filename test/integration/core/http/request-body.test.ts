import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { RequestPipeline } from '../../../../src/core/http/pipeline.js';
import { fakePipeline, URL_ } from '../../../helpers/fake-fetch.js';
import { pipelineFor, startServer, type TestServer } from '../../../helpers/server.js';

let server: TestServer | undefined;
let pipeline: RequestPipeline | undefined;
afterEach(async () => {
  await pipeline?.close();
  await server?.close();
  pipeline = undefined;
  server = undefined;
});

// A job's body as the client hands it over: small multipart and ZIP header ranges around large documents.
const shapes: Record<string, number[]> = {
  'one small range': [300],
  'small ranges only': [120, 1_500, 40, 16_383, 16_384, 2],
  'a 100 KB job': [1_600, 30, 102_400, 5_200, 40],
  'a 10 MB job in 20 documents': [1_600, ...Array.from({ length: 20 }, (_, i) => [60, 524_288 + i]).flat(), 9_000, 40],
};

describe('request bodies given as ranges', () => {
  it.each(Object.entries(shapes))('arrive whole, in order, with Content-Length and no chunked encoding (%s)', async (_, sizes) => {
    server = await startServer((_req, res) => res.end('<ok/>'));
    pipeline = pipelineFor(server.environment);
    const chunks = sizes.map((n) => new Uint8Array(randomBytes(n)));
    await pipeline.send({ method: 'POST', url: `${server.url}/api/x`, operation: 'create direct job', idempotent: false, body: chunks });
    const received = server.requests[0]!;
    expect(received.body.equals(Buffer.concat(chunks))).toBe(true);
    expect(received.headers['content-length']).toBe(String(received.body.length));
    expect(received.headers['transfer-encoding']).toBeUndefined();
  });

  it('are joined (up to 1 MB) or streamed with Content-Length for a runtime fetch', async () => {
    const { pipeline: p, calls } = fakePipeline(() => new Response('<ok/>'));
    const small = [new Uint8Array(100), new Uint8Array(200_000).fill(7)];
    await p.send({ method: 'POST', url: URL_, operation: 'create', idempotent: false, body: small });
    expect(calls[0]!.init.body).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(calls[0]!.init.body as Uint8Array).equals(Buffer.concat(small))).toBe(true);
    const large = [new Uint8Array(100).fill(1), new Uint8Array(2_000_000).fill(2)];
    await p.send({ method: 'POST', url: URL_, operation: 'create', idempotent: false, body: large });
    const init = calls[1]!.init as RequestInit & { duplex?: string };
    expect(init.body).toBeInstanceOf(ReadableStream);
    expect(init.duplex).toBe('half');
    expect(new Headers(init.headers).get('content-length')).toBe('2000100');
    const streamed = new Uint8Array(await new Response(init.body as ReadableStream).arrayBuffer());
    expect(Buffer.from(streamed).equals(Buffer.concat(large))).toBe(true);
  });
});
