import type { ClientConfiguration } from '../core/client-configuration.js';
import { RequestPipeline } from '../core/http/pipeline.js';
import type { ApiRequest } from '../core/http/request.js';
import { PollScheduler } from '../core/polling/poll-scheduler.js';
import { ServerClock } from '../core/polling/server-clock.js';
import type { RequestBudget } from '../core/polling/request-budget.js';
import { AbortError } from '../errors/index.js';
import { RateLimiter, organizationOfUrl } from './rate-limiter.js';

/**
 * What clients made from one configuration share: the connection pool (one set of keep-alive sockets for the
 * DirectClient, PortalClient and ArchiveClient alike) and the poll schedule with its view of the server's clock,
 * so that no combination of clients and iterators polls a queue early.
 *
 * The pool is reference counted: a client holds it from its first call until its `close()`, and the pool is
 * closed when the last holder lets go. Closing one client therefore never breaks a sibling.
 */
interface SharedState {
  pipeline: Promise<RequestPipeline> | undefined;
  scheduler: PollScheduler;
  /** The configuration's `requestBudget` (shared among processes), else a limiter of this configuration's own. */
  requestBudget: RequestBudget;
  /** Clients that made a call and have not been closed since. */
  holders: number;
}

const states = new WeakMap<ClientConfiguration, SharedState>();

/** The state shared by every client of `configuration`, made on first use. */
export function sharedState(configuration: ClientConfiguration): SharedState {
  let state = states.get(configuration);
  if (state === undefined) {
    const clock = configuration.clock;
    state = {
      pipeline: undefined,
      scheduler: new PollScheduler(configuration.pollScheduleStore, new ServerClock(() => clock().getTime())),
      requestBudget: configuration.resolved.requestBudget ?? new RateLimiter(configuration.resolved.maxRequestsPerSecond),
      holders: 0,
    };
    states.set(configuration, state);
  }
  return state;
}

/** The configuration's pipeline, built once the certificate is loaded; a failed build is retried by the next call. */
export function pipelineFor(configuration: ClientConfiguration): Promise<RequestPipeline> {
  const state = sharedState(configuration);
  if (state.pipeline === undefined) {
    state.pipeline = configuration
      .loadCertificate()
      .then(
        (certificate) =>
          new RequestPipeline(
            configuration.environment,
            { clientKeyPem: certificate.keyPem, clientCertChainPem: certificate.chainPem },
            configuration.resolved.http,
          ),
      );
    state.pipeline.catch(() => {
      state.pipeline = undefined;
    });
  }
  return state.pipeline;
}

/** Counts one more client holding the shared pool. */
export function holdShared(configuration: ClientConfiguration): void {
  sharedState(configuration).holders++;
}

/** Lets go of one client's hold; the last one out closes the pool (a later call opens a new one). */
export async function releaseShared(configuration: ClientConfiguration): Promise<void> {
  const state = states.get(configuration);
  if (state === undefined || state.holders === 0) return;
  state.holders--;
  if (state.holders > 0) return;
  const pipeline = state.pipeline;
  state.pipeline = undefined;
  if (pipeline) await (await pipeline.catch(() => undefined))?.close();
}

/**
 * Runs a request within the organisation's budget: a place is taken first (waiting as long as the budget says), and
 * given back once `run` settles, for a budget that counts a request until after its response.
 */
export async function withinBudget<T>(configuration: ClientConfiguration, request: Pick<ApiRequest, 'url' | 'signal'>, run: () => Promise<T>): Promise<T> {
  let done: (() => void) | void;
  try {
    done = await sharedState(configuration).requestBudget.acquire(organizationOfUrl(request.url), request.signal);
  } catch (cause) {
    // A shared budget that cannot be reached says so itself (CoordinationError); only an abort is ours to name.
    if (request.signal?.aborted) throw new AbortError('The call was aborted while waiting for the rate limit', { cause });
    throw cause;
  }
  try {
    return await run();
  } finally {
    done?.();
  }
}
