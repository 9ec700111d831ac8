import type { ConfirmationReference } from '../model/references.js';
import { SignatureError } from './signature-error.js';

/** Input that the API would reject, found before anything is sent. `field` names the offending field. */
export class ValidationError extends SignatureError {
  static override readonly kind: string = 'ValidationError';
  constructor(
    /** The offending field, as the model names it (`title`, `signers[2].identifier`, `documents` …). */
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

/** The SDK was configured in a way that cannot work (missing option, unreadable anchors …). */
export class ConfigurationError extends SignatureError {
  static override readonly kind: string = 'ConfigurationError';
}

/** Why an organisation certificate was refused. */
export type CertificateProblem =
  | 'wrong-password'
  | 'no-private-key'
  | 'not-rsa'
  | 'expired'
  | 'not-yet-valid'
  | 'unreadable'
  | 'no-certificate'
  /** Not issued under the environment's CAs, e.g. a test certificate used against production. */
  | 'wrong-environment';

/** The organisation (enterprise) certificate cannot be used; `reason` says why. Thrown before any request. */
export class CertificateError extends ConfigurationError {
  static override readonly kind: string = 'CertificateError';
  constructor(
    /** Why the certificate was refused. */
    readonly reason: CertificateProblem,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The server is not who it must be (chain or organisation number), or a TLS handshake failed for that reason. */
export class SecurityError extends SignatureError {
  static override readonly kind: string = 'SecurityError';
}

/** A job or poll names no sender, and the configuration has no `globalSender`. */
export class SenderNotSpecifiedError extends SignatureError {
  static override readonly kind: string = 'SenderNotSpecifiedError';
  constructor() {
    super('No sender: give the job (or the poll) a Sender, or set globalSender in ClientConfiguration');
  }
}

/** The network failed: connection refused or reset, TLS failure, truncated body. */
export class TransportError extends SignatureError {
  static override readonly kind: string = 'TransportError';
}

/** A connect, response or download timeout elapsed. */
export class TimeoutError extends TransportError {
  static override readonly kind: string = 'TimeoutError';
}

/** The caller's `signal` aborted the call. */
export class AbortError extends SignatureError {
  static override readonly kind: string = 'AbortError';
}

/**
 * A job creation whose outcome is unknown: the request may or may not have reached the server. It is never
 * retried automatically (that could create the job twice); reconcile by `reference` before creating it again.
 */
export class JobCreationOutcomeUnknownError extends TransportError {
  static override readonly kind: string = 'JobCreationOutcomeUnknownError';
  constructor(
    /** The job's own reference, when it has one: look the job up by it before creating it again. */
    readonly reference: string | undefined,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Fields shared by errors that come from an HTTP response. */
export interface ResponseErrorDetails {
  /** The HTTP status. */
  status: number;
  /** The API `error` document's `error-code` (`BROKER_NOT_AUTHORIZED` …), when the body was one. */
  errorCode?: string | undefined;
  /** The API `error` document's `error-message`, personal identification numbers masked. */
  errorMessage?: string | undefined;
  /** The API `error` document's `error-type` (`CLIENT` or `SERVER`). */
  errorType?: string | undefined;
  /** The start of a body that was not an API `error` document (an HTML page from a proxy, say). */
  rawBody?: string | undefined;
}

/** The server answered with a status other than 2xx. */
export class UnexpectedResponseError extends SignatureError {
  static override readonly kind: string = 'UnexpectedResponseError';
  /** The HTTP status. */
  readonly status: number;
  /** The API `error` document's `error-code` (`BROKER_NOT_AUTHORIZED` …), when the body was one. */
  readonly errorCode: string | undefined;
  /** The API `error` document's `error-message`, personal identification numbers masked. */
  readonly errorMessage: string | undefined;
  /** The API `error` document's `error-type` (`CLIENT` or `SERVER`). */
  readonly errorType: string | undefined;
  /** The start of a body that was not an API `error` document (an HTML page from a proxy, say), masked. */
  readonly rawBody: string | undefined;
  constructor(details: ResponseErrorDetails, message?: string) {
    super(message ?? describe(details));
    this.status = details.status;
    this.errorCode = details.errorCode;
    this.errorMessage = details.errorMessage;
    this.errorType = details.errorType;
    this.rawBody = details.rawBody;
  }
}

function describe(d: ResponseErrorDetails): string {
  if (d.errorCode !== undefined) {
    return `HTTP ${d.status}: ${d.errorCode}${d.errorMessage ? `: ${d.errorMessage}` : ''}${d.errorType ? ` (${d.errorType})` : ''}`;
  }
  return `HTTP ${d.status}${d.rawBody ? `: ${d.rawBody}` : ' with no API error document'}`;
}

/** `BROKER_NOT_AUTHORIZED`: the certificate's organisation may not act for the organisation in the URL. */
export class BrokerNotAuthorizedError extends UnexpectedResponseError {
  static override readonly kind: string = 'BrokerNotAuthorizedError';
}

/** `NOT_AUTHORIZED`: the certificate's organisation has no access to the API. */
export class NotAuthorizedError extends UnexpectedResponseError {
  static override readonly kind: string = 'NotAuthorizedError';
}

/** 403 `INVALID_STATUS_QUERY_TOKEN` on a direct status request. */
export class InvalidStatusQueryTokenError extends UnexpectedResponseError {
  static override readonly kind: string = 'InvalidStatusQueryTokenError';
}

/** 404 `SIGNING_CEREMONY_NOT_COMPLETED`: the signer has not finished yet. */
export class SigningCeremonyNotCompletedError extends UnexpectedResponseError {
  static override readonly kind: string = 'SigningCeremonyNotCompletedError';
}

/** 409 on cancel: the job completed, failed or expired since the last status you saw. */
export class JobCannotBeCancelledError extends UnexpectedResponseError {
  static override readonly kind: string = 'JobCannotBeCancelledError';
}

/** 429 on polling. Wait until `nextPermittedPollTime` before polling that queue again. */
export class TooEagerPollingError extends SignatureError {
  static override readonly kind: string = 'TooEagerPollingError';
  constructor(
    /** When the queue may be polled again, on this machine's clock. */
    readonly nextPermittedPollTime: Date,
    /** True when the generic rate limiter (`DoSFilter`) blocked the caller rather than the queue's schedule. */
    readonly blockedByRateLimiter: boolean,
  ) {
    super(`Polled too eagerly${blockedByRateLimiter ? ' (rate limiter)' : ''}; next permitted poll time is ${nextPermittedPollTime.toISOString()}`);
  }
}

/** Cancel was called on a status the server gave no cancellation URL (the job is no longer cancellable). */
export class NotCancellableError extends SignatureError {
  static override readonly kind: string = 'NotCancellableError';
}

/** Delete-documents was called on a status the server gave no delete-documents URL (not finished and forwarded yet). */
export class DocumentsNotDeletableError extends SignatureError {
  static override readonly kind: string = 'DocumentsNotDeletableError';
}

/** How much of a response body a `ResponseParseError` keeps (64 KB). */
export const RESPONSE_PARSE_ERROR_BODY_LIMIT = 64 * 1024;

/**
 * A 2xx response whose body is not what the API promises (malformed XML, DOCTYPE, a field the XSD requires
 * missing or given twice, too large). For a status change, `confirmationReference` (when the body holds one)
 * lets the application set the change aside and confirm it; `responseBody()` returns what was received.
 */
export class ResponseParseError extends SignatureError {
  static override readonly kind: string = 'ResponseParseError';
  /** The `confirmation-url` of the body, when it could be read: confirm it once the change is set aside. */
  readonly confirmationReference: ConfirmationReference | undefined;
  // A private field: printing, logging or serialising the error never shows the body (it may hold personal data).
  readonly #body: string | undefined;

  constructor(
    message: string,
    options?: { cause?: unknown; body?: string | Uint8Array | undefined; confirmationReference?: ConfirmationReference | undefined },
  ) {
    super(message, options);
    this.confirmationReference = options?.confirmationReference;
    const body = options?.body;
    this.#body =
      body === undefined
        ? undefined
        : typeof body === 'string'
          ? body.slice(0, RESPONSE_PARSE_ERROR_BODY_LIMIT)
          : new TextDecoder('utf-8', { fatal: false }).decode(body.subarray(0, RESPONSE_PARSE_ERROR_BODY_LIMIT));
  }

  /**
   * The response body as received (its first 64 KB, decoded as UTF-8), or undefined when the error did not
   * come from a whole body. Unmasked: it is the server's data, for the application to keep, not to log.
   */
  responseBody(): string | undefined {
    return this.#body;
  }
}

/**
 * The store shared by several processes (the poll schedule, the request budget: Redis with
 * `posten-signering/redis`) failed or did not answer in time. Nothing was sent to the API: without the shared
 * schedule a poll could be early. `statusChanges()` and `processStatusChanges` wait and try again by themselves.
 */
export class CoordinationError extends SignatureError {
  static override readonly kind: string = 'CoordinationError';
}
