/**
 * A lower bound on the server's clock, learnt from `Date` headers, so that a local clock running ahead of the
 * server's never makes us poll early. Each response tells us `serverDate <= serverTime(receipt)`, hence
 * `skew >= serverDate - localReceipt`; the best of recent observations converges on the true skew from below
 * (the header has whole seconds, so single observations are up to a second pessimistic).
 */
export class ServerClock {
  #samples: { at: number; bound: number }[] = [];
  /** The best bound among #samples, kept up to date so that reading it (several times a poll) costs nothing. */
  #best = -Infinity;
  /** The latest server timestamp received: the server's clock has passed it, whatever our clock says. */
  #latest = -Infinity;
  readonly #windowMs: number;

  constructor(
    readonly localNow: () => number,
    windowMs = 10 * 60_000,
  ) {
    this.#windowMs = windowMs;
  }

  /** Records a response's `Date` header, received at local time `receivedAt`. */
  observe(serverDate: Date | undefined, receivedAt: number): void {
    if (serverDate === undefined || Number.isNaN(serverDate.getTime())) return;
    this.#latest = Math.max(this.#latest, serverDate.getTime());
    const bound = serverDate.getTime() - receivedAt;
    this.#samples.push({ at: receivedAt, bound });
    this.#best = Math.max(this.#best, bound);
    // Old samples are dropped so that clock drift (or a corrected clock) is followed: past the window, or the
    // oldest half once there are 128 (pruning in halves keeps a response's cost constant).
    const cutoff = receivedAt - this.#windowMs;
    if (this.#samples.length >= 128 || (this.#samples[0]?.at ?? Infinity) < cutoff) {
      this.#samples = this.#samples.filter((s) => s.at >= cutoff).slice(-64);
      this.#best = this.#samples.reduce((best, s) => Math.max(best, s.bound), -Infinity);
    }
  }

  /**
   * Records a millisecond-precise server time known to have passed by `receivedAt`: the next permitted poll time
   * of a 200, which the API sets to its own "now". Only taken when it lies within the second the `Date` header
   * names, so a time in the future cannot pass for "now" by more than that header's rounding.
   */
  observeInstant(serverTime: number, serverDate: Date | undefined, receivedAt: number): void {
    if (serverDate === undefined) return;
    const second = serverDate.getTime();
    if (serverTime >= second && serverTime < second + 1000) this.observe(new Date(serverTime), receivedAt);
  }

  /** The largest skew we can prove (server minus local, ms). Without samples: the local clock is trusted. */
  get skewLowerBound(): number {
    return this.#samples.length === 0 ? 0 : this.#best;
  }

  /**
   * A time the server's clock has certainly reached: our clock corrected by the skew bound, or the latest
   * timestamp the server sent, whichever is later. The second makes a poll right after a 200 (whose permitted
   * time is the server's "now") possible at once, instead of after the skew bound's last millisecond of slack.
   */
  serverNow(): number {
    return Math.max(this.localNow() + this.skewLowerBound, this.#latest);
  }

  /** The local time by which the server's clock has certainly reached `serverTime`. */
  toLocal(serverTime: number): number {
    return serverTime - this.skewLowerBound;
  }
}
