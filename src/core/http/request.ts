import type { RequestBody } from './body.js';
import type { ResponseErrorDetails, UnexpectedResponseError } from '../../errors/index.js';
import type { ResponseHeaders } from './transport.js';

/** An error class a caller gives a status (409 on cancel: NotCancellableError). */
export type ResponseErrorClass = new (details: ResponseErrorDetails) => UnexpectedResponseError;

/** One API call as the clients hand it to the pipeline. */
export interface ApiRequest {
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  /** For logs and error messages, e.g. `create direct job`. */
  operation: string;
  headers?: Record<string, string>;
  /**
   * The body. Given as chunks it is streamed as they are, with its Content-Length, and never concatenated: a
   * 10 MB job is not copied twice more on its way out (fetch copies a single buffer body).
   */
  body?: RequestBody;
  /** Whether sending the request twice is harmless. Only idempotent requests are retried. */
  idempotent: boolean;
  signal?: AbortSignal;
  /** Job creation only: the job's reference, named in JobCreationOutcomeUnknownError so the caller can reconcile. */
  jobReference?: string;
  /** Error classes for statuses the caller gives a meaning (409 on cancel), used when no error code has its own. */
  errorForStatus?: Partial<Record<number, ResponseErrorClass>>;
}

/** A 2xx answer, read whole (and bounded). */
export interface ApiResponse {
  status: number;
  headers: ResponseHeaders;
  body: Uint8Array;
  /** The server's Date header, for clock-skew-tolerant scheduling. */
  serverDate: Date | undefined;
}
