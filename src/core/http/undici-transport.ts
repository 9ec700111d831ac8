import type { Readable } from 'node:stream';
import { request, type Dispatcher } from 'undici';
import { readBoundedNodeStream } from './bounded-body.js';
import type { ResponseHeaders, Transport, TransportInit, TransportResponse } from './transport.js';

/**
 * Sends through undici's `request` on our own dispatcher rather than its `fetch`, which wraps every call in WHATWG
 * Headers, Request and Response objects (twice the time per call, bench/README.md); the pipeline only needs
 * status, headers and a body, so it takes the direct path. Redirects are not followed
 * (`request` never does), and aborting `signal` destroys the body and frees the socket.
 *
 * Timeouts are undici's own, per request: its timers are per socket and already running, where the pipeline's
 * would add a timer and a promise race for every chunk of every response.
 */
export function undiciTransport(dispatcher: Dispatcher, owned: boolean): Transport {
  return {
    writesRanges: true,
    timesOut: true,
    send: (url, init) => send(dispatcher, url, init),
    // A dispatcher the caller gave is theirs to close; ours (the built-in pool) is closed here.
    close: () => (owned ? dispatcher.close() : Promise.resolve()),
  };
}

async function send(dispatcher: Dispatcher, url: string, init: TransportInit): Promise<TransportResponse> {
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
    readAll: (limit, overflow) => readBoundedNodeStream(body, limit, overflow),
    cancel: (reason) => {
      body.on('error', ignore).destroy(reason instanceof Error ? reason : undefined);
    },
  };
}

function headerReader(headers: Record<string, string | string[] | undefined>): ResponseHeaders {
  return {
    get(name) {
      const value = headers[name.toLowerCase()];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(', ') : value;
    },
    has: (name) => headers[name.toLowerCase()] !== undefined,
  };
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
