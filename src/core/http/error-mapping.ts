import {
  AbortError,
  BrokerNotAuthorizedError,
  JobCreationOutcomeUnknownError,
  InvalidStatusQueryTokenError,
  NotAuthorizedError,
  type ResponseErrorDetails,
  SigningCeremonyNotCompletedError,
  TooEagerPollingError,
  UnexpectedResponseError,
} from '../../errors/index.js';
import { childText, isApiElement, parseXml } from '../../xml/safe-xml.js';
import { BLOCK_AFTER_429_MS, DOS_FILTER_HEADER, NEXT_PERMITTED_POLL_TIME_HEADER } from '../../protocol/facts.js';
import { maskPersonalData } from '../../errors/mask.js';
import type { Failure } from './failure.js';
import type { ApiRequest, ResponseErrorClass } from './request.js';

/** Error codes with their own class, whatever the HTTP status they come with. */
const ERROR_CODE_CLASSES: Readonly<Record<string, ResponseErrorClass>> = {
  BROKER_NOT_AUTHORIZED: BrokerNotAuthorizedError,
  NOT_AUTHORIZED: NotAuthorizedError,
  INVALID_STATUS_QUERY_TOKEN: InvalidStatusQueryTokenError,
  SIGNING_CEREMONY_NOT_COMPLETED: SigningCeremonyNotCompletedError,
};

/** How much of a body that is not an API error document goes into `rawBody`. */
export const RAW_BODY_EXCERPT_CHARS = 500;

export interface ErrorMappingContext {
  now: Date;
  /** The rate limiter's block period, used when a 429 carries a `DoSFilter` header. */
  dosFilterBlockingMs: number;
  errorForStatus?: Partial<Record<number, ResponseErrorClass>> | undefined;
}

export interface HeaderReader {
  get(name: string): string | null;
}

/** The error for a non-2xx response. `body` may be a truncated prefix of what the server sent. */
export function errorForResponse(
  status: number,
  headers: HeaderReader,
  body: Uint8Array,
  context: ErrorMappingContext,
): UnexpectedResponseError | TooEagerPollingError {
  if (status === 429) return tooEagerPolling(headers, context);
  const document = readErrorDocument(body);
  if (document !== undefined) {
    const details: ResponseErrorDetails = { status, ...document };
    const byCode = document.errorCode === undefined ? undefined : ERROR_CODE_CLASSES[document.errorCode];
    const Class = byCode ?? context.errorForStatus?.[status] ?? UnexpectedResponseError;
    return new Class(details);
  }
  const Class = context.errorForStatus?.[status] ?? UnexpectedResponseError;
  return new Class({ status, rawBody: excerpt(body) });
}

function tooEagerPolling(headers: HeaderReader, context: ErrorMappingContext): TooEagerPollingError {
  const next = headers.get(NEXT_PERMITTED_POLL_TIME_HEADER);
  if (next !== null) {
    const time = new Date(next.trim());
    if (!Number.isNaN(time.getTime())) return new TooEagerPollingError(time, false);
  }
  // The generic rate limiter (Jetty's DoSFilter) blocks the whole organisation for its period, 30 s in production.
  if (headers.get(DOS_FILTER_HEADER) !== null) {
    return new TooEagerPollingError(new Date(context.now.getTime() + context.dosFilterBlockingMs), true);
  }
  return new TooEagerPollingError(new Date(context.now.getTime() + BLOCK_AFTER_429_MS), false);
}

type ErrorDocument = Pick<ResponseErrorDetails, 'errorCode' | 'errorMessage' | 'errorType'>;

/** The API `error` document's fields, or undefined when the body is something else (empty, HTML, JSON …). */
function readErrorDocument(body: Uint8Array): ErrorDocument | undefined {
  if (body.byteLength === 0) return undefined;
  try {
    const { node } = parseXml(body);
    if (!isApiElement(node, 'error')) return undefined;
    const field = (n: string): string | undefined => {
      const v = childText(node, n)?.trim();
      return v === undefined || v === '' ? undefined : maskPersonalData(v);
    };
    return { errorCode: field('error-code'), errorMessage: field('error-message'), errorType: field('error-type') };
  } catch {
    // Not XML, not well-formed, or with a DOCTYPE (an HTML error page from a proxy): report it raw.
    return undefined;
  }
}

function excerpt(body: Uint8Array): string | undefined {
  if (body.byteLength === 0) return undefined;
  const text = new TextDecoder('utf-8', { fatal: false }).decode(body.subarray(0, RAW_BODY_EXCERPT_CHARS * 4));
  // Masked before cutting, so the cut cannot leave a shortened identity number that the mask no longer matches.
  const squeezed = maskPersonalData(text.replace(/\s+/g, ' ').trim());
  const cut = squeezed.length > RAW_BODY_EXCERPT_CHARS ? `${squeezed.slice(0, RAW_BODY_EXCERPT_CHARS - 1)}…` : squeezed;
  return cut === '' ? undefined : cut;
}

/**
 * The error for a call that failed for good. A job creation that may have reached the server has an unknown
 * outcome: sending it again could create a second job, so the caller is told to reconcile first.
 */
export function errorForFailure(request: Pick<ApiRequest, 'idempotent' | 'jobReference' | 'operation'>, failure: Failure): Error {
  if (request.idempotent || !failure.maybeSent || failure.error instanceof AbortError) return failure.error;
  const ref = request.jobReference;
  return new JobCreationOutcomeUnknownError(
    ref,
    `${request.operation}: the outcome is unknown (${failure.error.message}). The job may have been created. ` +
      `Do not simply create it again: reconcile first${ref === undefined ? '' : ` by its reference "${ref}"`} ` +
      '(its status changes will arrive on the polling queue, or look it up in the portal).',
    { cause: failure.error },
  );
}
