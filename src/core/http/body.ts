import { concat, totalLength } from '../../util/bytes.js';
import type { Transport, TransportInit } from './transport.js';

/** The body of an API request: one buffer or string, or consecutive byte ranges (a job: never joined). */
export type RequestBody = Uint8Array | string | readonly Uint8Array[];

/** Large ranges go to the socket in views of at most this size. */
const BODY_VIEW_BYTES = 64 * 1024;
/** A runtime's fetch gets ranges up to this size joined into one buffer; larger ones as a stream. */
const JOIN_BODIES_UP_TO = 1024 * 1024;
/** Ranges smaller than this are copied together: one socket write each would cost more than the copy. */
const COALESCE_BELOW = 16 * 1024;

/**
 * Ranges as they go to the socket: neighbouring small ones joined, large ones in views of at most 64 KB, so that
 * TLS never holds an encrypted copy of a whole 10 MB document bundle in its write buffer.
 */
function socketWrites(chunks: readonly Uint8Array[]): Uint8Array[] {
  const writes: Uint8Array[] = [];
  let small: Uint8Array[] = [];
  let smallBytes = 0;
  const flush = (): void => {
    if (small.length > 0) writes.push(concat(small, smallBytes));
    small = [];
    smallBytes = 0;
  };
  for (const chunk of chunks) {
    if (chunk.byteLength < COALESCE_BELOW) {
      small.push(chunk);
      smallBytes += chunk.byteLength;
      if (smallBytes >= COALESCE_BELOW) flush();
      continue;
    }
    flush();
    for (let i = 0; i < chunk.byteLength; i += BODY_VIEW_BYTES) writes.push(chunk.subarray(i, i + BODY_VIEW_BYTES));
  }
  flush();
  return writes;
}

/**
 * The body as transport options, and the headers it needs. Given as ranges (a job: the XML part, headers, the
 * caller's documents), the body is never joined into one copy for a transport that writes ranges (undici, which
 * writes the list itself with its Content-Length): a joined copy costs CPU and garbage per job (see
 * bench/README.md). A runtime's fetch gets ranges up to 1 MB joined (one write is cheaper), larger ones as a
 * stream over the same buffers, sent with their Content-Length so the server sees a plain body rather than
 * chunked encoding (a stream also needs `duplex: 'half'`).
 */
export function encodeBody(
  body: RequestBody | undefined,
  transport: Pick<Transport, 'writesRanges'>,
): { headers: Record<string, string>; init: Pick<TransportInit, 'body' | 'duplex'> } {
  if (body === undefined) return { headers: {}, init: {} };
  if (!Array.isArray(body)) return { headers: {}, init: { body: body as Uint8Array | string } };
  const chunks = body as readonly Uint8Array[];
  const total = totalLength(chunks);
  const writes = socketWrites(chunks);
  if (writes.length <= 1) return { headers: {}, init: { body: writes[0] ?? new Uint8Array(0) } };
  if (transport.writesRanges) return { headers: { 'Content-Length': String(total) }, init: { body: writes } };
  if (total <= JOIN_BODIES_UP_TO) return { headers: {}, init: { body: concat(chunks, total) } };
  let next = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const view = writes[next++];
        if (view === undefined) controller.close();
        else controller.enqueue(view);
      },
    },
    { highWaterMark: 0 },
  );
  return { headers: { 'Content-Length': String(total) }, init: { body: stream, duplex: 'half' } };
}
