import { afterEach, describe, expect, it } from 'vitest';
import type { RequestPipeline } from '../../../../src/core/http/pipeline.js';
import { pipelineFor, startServer, type TestServer } from '../../../helpers/server.js';

let server: TestServer | undefined;
let pipeline: RequestPipeline | undefined;
afterEach(async () => {
  await pipeline?.close();
  await server?.close();
});

describe('connection pool', () => {
  it('runs 100 parallel requests over at most maxConnections sockets', async () => {
    server = await startServer((_req, res) => setTimeout(() => res.end('<ok/>'), 10));
    pipeline = pipelineFor(server.environment, { maxConnections: 4 });
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => pipeline!.send({ method: 'GET', url: `${server!.url}/api/x/${i}`, operation: 'poll', idempotent: true })),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(server.requests).toHaveLength(100);
    expect(server.maxOpen()).toBeLessThanOrEqual(4);
    expect(server.connections.length).toBeLessThanOrEqual(4);
  });

  it('defaults to 10 connections', async () => {
    server = await startServer((_req, res) => setTimeout(() => res.end('<ok/>'), 10));
    pipeline = pipelineFor(server.environment);
    await Promise.all(Array.from({ length: 100 }, () => pipeline!.send({ method: 'GET', url: `${server!.url}/api/x`, operation: 'poll', idempotent: true })));
    expect(server.maxOpen()).toBeLessThanOrEqual(10);
    expect(server.maxOpen()).toBeGreaterThan(1);
  });
});
