import { SecurityError, SignatureError, TimeoutError, TransportError } from '../../errors/index.js';

/** What went wrong in one attempt, and what that means for retrying it. */
export interface Failure {
  error: SignatureError;
  /** The request may have reached the server (so a non-idempotent call's outcome is unknown). */
  maybeSent: boolean;
  /** An idempotent request may be sent again. */
  retryable: boolean;
  /** A kept-alive socket that the server (or a NAT, or a frozen container) had closed: retried once regardless. */
  closedSocket: boolean;
}

/** Thrown inside the pipeline to carry a Failure to the retry loop. */
export class AttemptFailure extends Error {
  constructor(readonly failure: Failure) {
    super(failure.error.message, { cause: failure.error });
  }
}

/** Codes meaning the connection was never established, so nothing was sent. */
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);
/** Codes meaning an established connection closed under us. */
const CONNECTION_CLOSED = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ECONNABORTED', 'ETIMEDOUT']);

export interface FailureContext {
  operation: string;
  host: string;
  connectMs: number;
  responseMs: number;
  /** What a body that stopped arriving is called in the message (the response or the download timeout). */
  bodyTimeout: string;
  /** The abort reason set by a timeout or the caller's signal wins over the error the fetch reports. */
  signal: AbortSignal;
}

export function classifyFailure(cause: unknown, ctx: FailureContext): Failure {
  if (cause instanceof AttemptFailure) return cause.failure;
  if (ctx.signal.aborted && ctx.signal.reason instanceof SignatureError) {
    const error = ctx.signal.reason;
    return { error, maybeSent: true, retryable: false, closedSocket: false };
  }
  const own = findInCauses(cause, (e) => e instanceof SignatureError) as SignatureError | undefined;
  if (own !== undefined) {
    // Raised by our connector (server identity, proxy tunnel): before the request was written.
    if (own instanceof SecurityError) return { error: own, maybeSent: false, retryable: false, closedSocket: false };
    if (own instanceof TransportError) return { error: own, maybeSent: false, retryable: true, closedSocket: false };
    return { error: own, maybeSent: true, retryable: false, closedSocket: false };
  }
  const code = codeOf(cause);
  const detail = describe(cause);
  const what = `${ctx.operation} (${ctx.host})`;
  if (code === 'UND_ERR_CONNECT_TIMEOUT') {
    return {
      error: new TimeoutError(`${what}: could not connect within ${ctx.connectMs} ms (connect timeout)`, { cause }),
      maybeSent: false,
      retryable: true,
      closedSocket: false,
    };
  }
  if (code === 'UND_ERR_HEADERS_TIMEOUT') {
    return {
      error: new TimeoutError(`${what}: no response within ${ctx.responseMs} ms (response timeout)`, { cause }),
      maybeSent: true,
      retryable: false,
      closedSocket: false,
    };
  }
  if (code === 'UND_ERR_BODY_TIMEOUT') {
    return {
      error: new TimeoutError(`${what}: ${ctx.bodyTimeout}`, { cause }),
      maybeSent: true,
      retryable: false,
      closedSocket: false,
    };
  }
  if (code !== undefined && NOT_CONNECTED.has(code)) {
    return {
      error: new TransportError(`${what}: cannot connect (${code}): ${detail}`, { cause }),
      maybeSent: false,
      retryable: true,
      closedSocket: false,
    };
  }
  if (code !== undefined && (code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_') || code === 'EPROTO')) {
    return {
      error: new TransportError(
        `${what}: TLS handshake failed (${code}): ${detail}. Check that the certificate is an enterprise certificate ` +
          'valid for client authentication, that it belongs to the right environment, and that no proxy intercepts TLS.',
        { cause },
      ),
      maybeSent: false,
      retryable: false,
      closedSocket: false,
    };
  }
  const closed = code !== undefined && CONNECTION_CLOSED.has(code);
  return {
    error: new TransportError(`${what}: ${closed ? 'connection closed' : 'network error'} (${code ?? 'no code'}): ${detail}`, {
      cause,
    }),
    maybeSent: true,
    // A runtime's own fetch reports network failures as a bare TypeError: treat them as connection errors.
    retryable: true,
    closedSocket: closed,
  };
}

function findInCauses(e: unknown, test: (e: unknown) => boolean): unknown {
  for (let c: unknown = e, depth = 0; c !== undefined && c !== null && depth < 8; depth++) {
    if (test(c)) return c;
    c = typeof c === 'object' ? (c as { cause?: unknown }).cause : undefined;
  }
  return undefined;
}

function codeOf(e: unknown): string | undefined {
  const found = findInCauses(e, (c) => typeof (c as { code?: unknown })?.code === 'string');
  return found === undefined ? undefined : (found as { code: string }).code;
}

function describe(e: unknown): string {
  const parts: string[] = [];
  for (let c: unknown = e, depth = 0; c instanceof Error && depth < 4; depth++, c = c.cause) {
    if (c.message && !parts.includes(c.message)) parts.push(c.message);
  }
  return parts.join(': ') || String(e);
}
