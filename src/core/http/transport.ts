/**
 * The one interface between the request pipeline and the network. Two implementations: undici's `request` on a
 * dispatcher (ours, with mutual TLS and the server identity checks, or the caller's), and a runtime's own
 * `fetch` (Bun, Deno, a test's script). The pipeline's other stages never know which one they talk to.
 */

/** Response headers; `get` is case-insensitive. */
export interface ResponseHeaders {
  get(name: string): string | null;
  has(name: string): boolean;
}

/** What to do with a body longer than the limit: fail the call, or keep its first bytes (error bodies). */
export type Overflow = 'refuse' | 'truncate';

/** The response shape the pipeline reads, whichever transport produced it. */
export interface TransportResponse {
  status: number;
  headers: ResponseHeaders;
  body: ReadableStream<Uint8Array> | null;
  /**
   * Reads the whole body, at most `limit` bytes, where the transport enforces the idle timeout itself (undici's
   * per-request `bodyTimeout`). Absent on a runtime's fetch, whose body the pipeline reads with its own timers.
   */
  readAll?: (limit: number, overflow: Overflow) => Promise<Uint8Array>;
  /** Stops reading the body and frees the connection (undici: destroys the body). */
  cancel?: (reason?: unknown) => void;
}

/** One request as a transport sends it. */
export interface TransportInit {
  method: string;
  headers: Record<string, string>;
  /** A list of ranges only for a transport that `writesRanges` (see body.ts). */
  body?: Uint8Array | string | ReadableStream<Uint8Array> | readonly Uint8Array[];
  /** Needed by fetch for a stream body. */
  duplex?: 'half';
  /** Absent when nobody can cancel the call and the transport `timesOut` by itself. */
  signal?: AbortSignal;
  /** Redirects are not part of the API; following one could send the request somewhere unchecked. */
  redirect: 'manual';
  /** The longest wait for the response headers once the request is written (honoured where `timesOut`). */
  headersTimeoutMs?: number;
  /** The longest silence between two chunks of the response body (honoured where `timesOut`). */
  bodyTimeoutMs?: number;
}

/** Sends requests; see the file comment for the implementations. */
export interface Transport {
  /** Writes a list of byte ranges itself, with back-pressure and its Content-Length (undici). */
  readonly writesRanges: boolean;
  /** Bounds every request with its own connect, headers and body timeouts, so a call nobody cancels needs no timer. */
  readonly timesOut: boolean;
  send(url: string, init: TransportInit): Promise<TransportResponse>;
  /** Closes what the transport owns (the built-in pool); a caller's dispatcher or fetch is left alone. */
  close(): Promise<void>;
}
