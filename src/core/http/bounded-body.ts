import type { Readable } from 'node:stream';
import { ResponseParseError } from '../../errors/index.js';
import { concat } from '../../util/bytes.js';
import type { Overflow } from './transport.js';

/*
 * Bounded body reading, in one place: a response body is read whole only up to a limit (a misbehaving server or
 * proxy must not fill memory), and never waits forever for the next chunk. Two sources: a web stream (a
 * runtime's fetch, downloads) under the guard's own idle timer, and undici's Node stream, whose idle timeout is
 * undici's per-request body timeout.
 */

/** The error for a body over its limit, whichever reader found it. */
function tooLarge(limit: number): ResponseParseError {
  return new ResponseParseError(`The response is larger than the ${limit}-byte limit; refused without reading the rest`);
}

/** What the pipeline needs of an AbortController: a way to cancel the request, and the reason if it was. */
export type Aborter = Pick<AbortController, 'abort' | 'signal'>;

/**
 * Reading a response body under two protections: an idle timeout (a server that stops sending mid-body must not
 * hang the caller) and a size bound (a misbehaving server or proxy must not fill memory).
 */
export interface BodyGuard {
  /** Aborting it cancels the underlying request and frees its socket. */
  controller: Aborter;
  /** The longest wait for the next chunk. */
  idleMs: number;
  /** The error for a silence of `idleMs`. */
  idleError: () => Error;
  /** Turns a failed read into the error the caller sees (the abort reason, or a transport error). */
  mapError: (cause: unknown) => Error;
}

/** Reads one chunk, failing with the guard's idle error when nothing arrives within `idleMs`. */
export async function readChunk(reader: ReadableStreamDefaultReader<Uint8Array>, guard: BodyGuard): Promise<ReadableStreamReadResult<Uint8Array>> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const idle = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = guard.idleError();
      // Aborting the request (not just giving up on the promise) is what releases the socket.
      guard.controller.abort(error);
      reject(error);
    }, guard.idleMs);
  });
  try {
    return await Promise.race([reader.read(), idle]);
  } catch (cause) {
    throw guard.mapError(cause);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Reads a whole body of at most `limit` bytes. Over the limit, `refuse` fails with ResponseParseError and
 * `truncate` returns the first `limit` bytes; either way the rest is never read (the request is aborted).
 */
export async function readBounded(stream: ReadableStream<Uint8Array> | null, limit: number, overflow: Overflow, guard: BodyGuard): Promise<Uint8Array> {
  if (stream === null) return new Uint8Array(0);
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  try {
    for (;;) {
      const { done, value } = await readChunk(reader, guard);
      if (done) break;
      if (length + value.byteLength > limit) {
        if (overflow === 'refuse') throw tooLarge(limit);
        chunks.push(value.subarray(0, limit - length));
        length = limit;
        break;
      }
      chunks.push(value);
      length += value.byteLength;
    }
  } catch (e) {
    guard.controller.abort(e);
    throw e;
  } finally {
    if (length >= limit) guard.controller.abort(new ResponseParseError('response body truncated'));
    reader.releaseLock();
  }
  return concat(chunks, length);
}

/** Wraps a body so each read is under the idle timeout; `onEnd` runs once when it ends, fails or is cancelled. */
export function guardedStream(stream: ReadableStream<Uint8Array> | null, guard: BodyGuard, onEnd: () => void): ReadableStream<Uint8Array> {
  let ended = false;
  const end = (): void => {
    if (ended) return;
    ended = true;
    onEnd();
  };
  if (stream === null) {
    end();
    return new ReadableStream<Uint8Array>({ start: (c) => c.close() });
  }
  const reader = stream.getReader();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const { done, value } = await readChunk(reader, guard);
          if (done) {
            end();
            controller.close();
          } else {
            controller.enqueue(value);
          }
        } catch (e) {
          end();
          controller.error(e);
        }
      },
      async cancel(reason) {
        end();
        guard.controller.abort(reason);
        await reader.cancel(reason).catch(() => undefined);
      },
    },
    // Pull only when the consumer reads, so the idle timeout measures the server, not a slow consumer.
    { highWaterMark: 0 },
  );
}

/**
 * Collects a body of at most `limit` bytes from undici's stream. Over the limit the body is destroyed (so the
 * rest is never read and the socket is not reused) and the call fails (`refuse`) or gets the first `limit`
 * bytes (`truncate`).
 */
export function readBoundedNodeStream(body: Readable, limit: number, overflow: Overflow): Promise<Uint8Array> {
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
        const error = tooLarge(limit);
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
