/**
 * Where the organisation's request budget is kept: the API's limit of 10 requests a second per organisation,
 * past which its rate limiter (DoSFilter) blocks the whole organisation for 30 seconds. The default budget is
 * in memory and serves one configuration; `posten-signering/redis` shares one among processes.
 */
export interface RequestBudget {
  /**
   * Resolves when a request on behalf of `organization` (its organisation number) may start, and counts it as
   * started. Rejects with the signal's reason when `signal` aborts while waiting, and with `CoordinationError`
   * when a shared budget cannot be reached.
   *
   * May resolve with a function, which the SDK calls once the request's response has arrived (or the request
   * failed): a budget may keep counting the request until a second after that. The server counts a request when it
   * arrives, somewhere between its start and its response; a request that waits for a socket or a busy CPU after
   * taking its place would otherwise arrive in the same second as later ones.
   */
  acquire(organization: string, signal?: AbortSignal): Promise<(() => void) | void>;
}
