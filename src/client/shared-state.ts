import type { ClientConfiguration } from '../core/client-configuration.js';
import { RequestPipeline, type ApiRequest } from '../core/http/pipeline.js';
import { runtimeMutualTlsFetch } from '../core/http/runtime-fetch.js';
import { PollScheduler } from '../core/polling/poll-scheduler.js';
import { ServerClock } from '../core/polling/server-clock.js';
import type { RequestBudget } from '../core/polling/request-budget.js';
import { AbortError } from '../errors/index.js';
import { RateLimiter, organizationOfUrl } from './rate-limiter.js';

/** The API's documented limit per organisation. */
export const DEFAULT_MAX_REQUESTS_PER_SECOND = 10;

/**
 * What clients made from one configuration share: the connection pool (one set of keep-alive sockets for the
 * DirectClient, PortalClient and ArchiveClient alike) and the poll schedule with its view of the server's clock,
 * so that no combination of clients and iterators polls a queue early.
 */
interface SharedState {
  pipeline: Promise<RequestPipeline> | undefined;
  scheduler: PollScheduler;
  /** The configuration's `requestBudget` (shared among processes), else a limiter of this configuration's own. */
  requestBudget: RequestBudget;
}

const states = new WeakMap<ClientConfiguration, SharedState>();

export function sharedState(configuration: ClientConfiguration): SharedState {
  let state = states.get(configuration);
  if (state === undefined) {
    const clock = configuration.clock;
    state = {
      pipeline: undefined,
      scheduler: new PollScheduler(configuration.pollScheduleStore, new ServerClock(() => clock().getTime())),
      requestBudget: configuration.options.requestBudget ?? new RateLimiter(configuration.options.maxRequestsPerSecond ?? DEFAULT_MAX_REQUESTS_PER_SECOND),
    };
    states.set(configuration, state);
  }
  return state;
}

export function pipelineFor(configuration: ClientConfiguration): Promise<RequestPipeline> {
  const state = sharedState(configuration);
  if (state.pipeline === undefined) {
    const o = configuration.options;
    state.pipeline = configuration.loadCertificate().then(
      (certificate) =>
        new RequestPipeline({
          environment: configuration.environment,
          clientKeyPem: certificate.keyPem,
          clientCertChainPem: certificate.chainPem,
          timeouts: o.timeouts,
          maxRetries: o.maxRetries,
          maxConnections: o.maxConnections,
          userAgent: o.userAgent,
          logger: o.logger,
          logLevel: o.logLevel,
          proxy: o.proxy,
          dispatcher: o.dispatcher,
          fetch:
            o.fetch ??
            (o.dispatcher || o.proxy ? undefined : runtimeMutualTlsFetch({ environment: configuration.environment, keyPem: certificate.keyPem, chainPem: certificate.chainPem })),
          dosFilterBlockingMs: o.dosFilterBlockingMs,
          clock: configuration.clock,
        }),
    );
    state.pipeline.catch(() => {
      state.pipeline = undefined;
    });
  }
  return state.pipeline;
}

export async function closeShared(configuration: ClientConfiguration): Promise<void> {
  const state = states.get(configuration);
  const pipeline = state?.pipeline;
  if (state) state.pipeline = undefined;
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
