/**
 * Facts about the signature API that more than one layer needs, each stated once. Element names stay in `xml/`
 * and the XSD field limits in `model/` (they are checked where fields are built); what is here is about the
 * conversation: header names, how long the API blocks, how large an answer can be, the API's clock and flows.
 *
 * The simulator (`testing/`) deliberately keeps its own copies: a wrong fact here must not be agreed with by the
 * server the tests run against.
 */

/** The two signature flows, as they appear in URLs (`/{org}/direct/…`, `/{org}/portal/…`) and queue keys. */
export type Flow = 'direct' | 'portal';

/** The response header in which the server names the next time a queue may be polled (on its own clock). */
export const NEXT_PERMITTED_POLL_TIME_HEADER = 'X-Next-permitted-poll-time';

/** The response header by which the API's generic rate limiter (Jetty's DoSFilter) says it blocked the caller. */
export const DOS_FILTER_HEADER = 'DoSFilter';

/**
 * How long the API blocks an organisation after a 429: the DoSFilter's period (the .NET client's
 * `DosFilterBlockingPeriod`), and the wait assumed after a 429 that names no next permitted poll time.
 */
export const BLOCK_AFTER_429_MS = 30_000;

/** The API's documented request budget per organisation: past it the API blocks for {@link BLOCK_AFTER_429_MS}. */
export const MAX_REQUESTS_PER_SECOND = 10;

/**
 * When a 204 (empty queue) carries no {@link NEXT_PERMITTED_POLL_TIME_HEADER} (the API always sends it; a proxy
 * might strip it), production's wait after an empty queue, rather than risking a 429.
 */
export const EMPTY_QUEUE_DELAY_MS = 600_000;

/**
 * The largest API answer that is read (every answer but a document download). The largest document the API
 * sends, a status with ten signers and their URLs, is a few KB; the XML reader refuses anything larger too, so
 * the pipeline and the reader share this one bound rather than disagreeing (it was 5 MB in one, 1 MB in the other).
 */
export const MAX_RESPONSE_BYTES = 1024 * 1024;

/**
 * The API's time zone: the Java client's default clock in Norway, in which SigningTime is written (and the
 * simulator's activation times are shown).
 */
export const API_TIME_ZONE = 'Europe/Oslo';
