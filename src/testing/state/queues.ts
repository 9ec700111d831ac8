/**
 * Status-change queues per (organisation, flow, polling queue). A fetched change is invisible until confirmed and
 * goes back to the front of the queue when its redelivery deadline passes (production: 10 minutes), like the real
 * service. An empty poll blocks the queue until the next permitted poll time.
 */
export interface QueueItem {
  jobId: bigint;
  redeliverAt?: number;
}

interface Queue {
  pending: QueueItem[];
  inFlight: QueueItem[];
  blockedUntil: number;
}

export type PollResult =
  | { kind: 'change'; jobId: bigint; nextPermitted: number }
  | { kind: 'empty'; nextPermitted: number }
  | { kind: 'too-early'; nextPermitted: number };

export function queueKey(org: string, flow: 'direct' | 'portal', queue: string): string {
  return `${org}|${flow}|${queue}`;
}

export class Queues {
  private readonly queues = new Map<string, Queue>();

  constructor(
    private readonly emptyDelayMs: number,
    private readonly redeliverMs: number,
  ) {}

  private get(key: string): Queue {
    let q = this.queues.get(key);
    if (!q) {
      q = { pending: [], inFlight: [], blockedUntil: 0 };
      this.queues.set(key, q);
    }
    return q;
  }

  /** One pending change per job: the body is rendered at delivery, so a second entry would only repeat it. */
  publish(key: string, jobId: bigint): void {
    const q = this.get(key);
    if (!q.pending.some((i) => i.jobId === jobId)) q.pending.push({ jobId });
  }

  poll(key: string, now: number): PollResult {
    const q = this.get(key);
    this.redeliver(q, now);
    if (now < q.blockedUntil) return { kind: 'too-early', nextPermitted: q.blockedUntil };
    const item = q.pending.shift();
    if (item) {
      q.inFlight.push({ jobId: item.jobId, redeliverAt: now + this.redeliverMs });
      return { kind: 'change', jobId: item.jobId, nextPermitted: now };
    }
    q.blockedUntil = now + this.emptyDelayMs;
    return { kind: 'empty', nextPermitted: q.blockedUntil };
  }

  /** Removes the delivered (in-flight) change of a job; repeated confirms are harmless. */
  confirm(key: string, jobId: bigint): void {
    const q = this.get(key);
    q.inFlight = q.inFlight.filter((i) => i.jobId !== jobId);
  }

  private redeliver(q: Queue, now: number): void {
    const due = q.inFlight.filter((i) => (i.redeliverAt ?? 0) <= now);
    if (due.length === 0) return;
    q.inFlight = q.inFlight.filter((i) => (i.redeliverAt ?? 0) > now);
    for (const item of due.reverse()) {
      if (!q.pending.some((p) => p.jobId === item.jobId)) q.pending.unshift({ jobId: item.jobId });
    }
  }
}
