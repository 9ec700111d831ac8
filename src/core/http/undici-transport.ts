import type { Readable } from 'node:stream';
import { request, type Dispatcher } from 'undici';
import { ResponseParseError } from '../../errors/index.js';
import { concat } from './body.js';

/** The response shape the pipeline reads, whichever transport produced it. */
export interface TransportResponse {
  status: number;
  headers: { get(name: string): string | null; has(name: string): boolean };
  body: ReadableStream<Uint8Array> | null;
  /**
   * Reads the whole body, at most `limit` bytes, where the transport enforces the idle timeout itself (undici's
   * per-request `bodyTimeout`). Absent on a runtime's fetch, whose body the pipeline reads with its own timers.
   */
  readAll?: (limit: number, overflow: 'refuse' | 'truncate') => Promise<Uint8Array>;
  /** Stops reading the body and frees the connection (undici: destroys the body). */
  cancel?: (reason?: unknown) => void;
}

export interface TransportInit {
  method: string;
  headers: Record<string, string>;
  /** A list of ranges is written one after another (undici iterates it with back-pressure). */
  body?: Uint8Array | string | ReadableStream<Uint8Array> | readonly Uint8Array[];
  /** Absent when nobody can cancel the call: its timeouts are then undici's own. */
  signal?: AbortSignal;
  /** The longest wait for the response headers once the request is written. */
  headersTimeoutMs?: number;
  /** The longest silence between two chunks of the response body. */
  bodyTimeoutMs?: number;
}

/**
 * Sends through undici's `request` on our own dispatcher. Measured against the simulator, undici's `fetch` cost
 * twice the time of `request` per call (WHATWG Headers, Request and Response objects around every call); the
 * pipeline only needs status, headers and a body, so it takes the direct path. Redirects are not followed
 * (`request` never does), and aborting `signal` destroys the body and frees the socket.
 *
 * Timeouts are undici's own, per request: its timers are per socket and already running, where the pipeline's
 * would add a timer and a promise race for every chunk of every response.
 */
export function undiciTransport(dispatcher: Dispatcher): (url: string, init: TransportInit) => Promise<TransportResponse> {
  return async (url, init) => {
    const response = await request(url, {
      dispatcher,
      method: init.method as Dispatcher.HttpMethod,
      headers: init.headers,
      // A list and a web ReadableStream are iterable, which undici writes chunk by chunk with back-pressure.
      body: init.body as Dispatcher.DispatchOptions['body'],
      ...(init.signal === undefined ? {} : { signal: init.signal }),
      ...(init.headersTimeoutMs === undefined ? {} : { headersTimeout: init.headersTimeoutMs }),
      ...(init.bodyTimeoutMs === undefined ? {} : { bodyTimeout: init.bodyTimeoutMs }),
    });
    const body = response.body;
    let stream: ReadableStream<Uint8Array> | undefined;
    return {
      status: response.statusCode,
      headers: headerReader(response.headers),
      // Made only when asked for (downloads): plain API calls read the body directly.
      get body() {
        stream ??= webStream(body);
        return stream;
      },
      readAll: (limit, overflow) => readAll(body, limit, overflow),
      cancel: (reason) => {
        body.on('error', ignore).destroy(reason instanceof Error ? reason : undefined);
      },
    };
  };
}

function headerReader(headers: Record<string, string | string[] | undefined>): TransportResponse['headers'] {
  return {
    get(name) {
      const value = headers[name.toLowerCase()];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(', ') : value;
    },
    has: (name) => headers[name.toLowerCase()] !== undefined,
  };
}

/**
 * Collects a body of at most `limit` bytes from undici's stream. Over the limit the body is destroyed (so the
 * rest is never read and the socket is not reused) and the call fails (`refuse`) or gets the first `limit`
 * bytes (`truncate`).
 */
function readAll(body: Readable, limit: number, overflow: 'refuse' | 'truncate'): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const finish = (error: Error | undefined, result?: Uint8Array): void => {
      // Destroying the body below makes undici emit an abort error; nobody is waiting for it any more.
      body.off('data', onData).off('end', onEnd).off('error', onError).on('error', ignore);
      if (error !== undefined) reject(error);
      else resolve(result as Uint8Array);
    };
    const onData = (chunk: Buffer): void => {
      if (length + chunk.byteLength <= limit) {
        chunks.push(chunk);
        length += chunk.byteLength;
        return;
      }
      if (overflow === 'refuse') {
        const error = new ResponseParseError(`The response is larger than the ${limit}-byte limit; refused without reading the rest`);
        finish(error);
        body.destroy(error);
        return;
      }
      chunks.push(chunk.subarray(0, limit - length));
      length = limit;
      finish(undefined, concat(chunks, length));
      body.destroy();
    };
    const onEnd = (): void => finish(undefined, concat(chunks, length));
    const onError = (error: Error): void => finish(error);
    body.on('data', onData).on('end', onEnd).on('error', onError);
  });
}

function ignore(): void {}

/** A pull-driven web stream over undici's body, so downloads keep their web-stream API without buffering. */
function webStream(body: Readable): ReadableStream<Uint8Array> {
  const iterator = body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { done, value } = await iterator.next();
        if (done) controller.close();
        else controller.enqueue(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
      },
      cancel(reason) {
        body.destroy(reason instanceof Error ? reason : undefined);
      },
    },
    { highWaterMark: 0 },
  );
}
