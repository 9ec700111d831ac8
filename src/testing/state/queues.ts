/**
 * Status-change queues per (organisation, flow, polling queue). A fetched change is invisible until confirmed and
 * goes back to the front of the queue when its redelivery deadline passes (production: 10 minutes), like the real
 * service. An empty poll blocks the queue until the next permitted poll time.
 */

/** A job id, or the id (`raw-N`) of a change a test enqueued as XML (`state/raw-changes.ts`). */
export type QueueEntry = bigint | string;

interface Queue {
  /** Pending job ids in delivery order, read from `head` on (a moving head keeps taking from the front O(1)). */
  pending: QueueEntry[];
  head: number;
  /** The same ids, for the one-pending-entry-per-job check without scanning. */
  pendingIds: Set<QueueEntry>;
  /** Delivered, unconfirmed changes: job id → when it is delivered again. */
  inFlight: Map<QueueEntry, number>;
  blockedUntil: number;
}

export type PollResult =
  { kind: 'change'; jobId: QueueEntry; nextPermitted: number } | { kind: 'empty'; nextPermitted: number } | { kind: 'too-early'; nextPermitted: number };

export function queueKey(org: string, flow: 'direct' | 'portal', queue: string): string {
  return `${org}|${flow}|${queue}`;
}

/** Queues may hold thousands of changes (benchmarks, soak tests): every operation is O(1) but redelivery. */
export class Queues {
  private readonly queues = new Map<string, Queue>();

  constructor(
    private readonly emptyDelayMs: number,
    private readonly redeliverMs: number,
  ) {}

  private get(key: string): Queue {
    let q = this.queues.get(key);
    if (!q) {
      q = { pending: [], head: 0, pendingIds: new Set(), inFlight: new Map(), blockedUntil: 0 };
      this.queues.set(key, q);
    }
    return q;
  }

  /** One pending change per job: the body is rendered at delivery, so a second entry would only repeat it. */
  publish(key: string, jobId: QueueEntry): void {
    const q = this.get(key);
    if (q.pendingIds.has(jobId)) return;
    q.pendingIds.add(jobId);
    q.pending.push(jobId);
  }

  poll(key: string, now: number): PollResult {
    const q = this.get(key);
    this.redeliver(q, now);
    if (now < q.blockedUntil) return { kind: 'too-early', nextPermitted: q.blockedUntil };
    if (q.head < q.pending.length) {
      const jobId = q.pending[q.head++] as QueueEntry;
      q.pendingIds.delete(jobId);
      if (q.head > 1024 && q.head * 2 > q.pending.length) {
        q.pending = q.pending.slice(q.head);
        q.head = 0;
      }
      q.inFlight.set(jobId, now + this.redeliverMs);
      return { kind: 'change', jobId, nextPermitted: now };
    }
    q.blockedUntil = now + this.emptyDelayMs;
    return { kind: 'empty', nextPermitted: q.blockedUntil };
  }

  /** Removes the delivered (in-flight) change of a job; repeated confirms are harmless. */
  confirm(key: string, jobId: QueueEntry): void {
    this.get(key).inFlight.delete(jobId);
  }

  /** What each queue holds, for the dashboard: pending job ids in delivery order, in-flight ones with their redelivery time. */
  snapshot(now: number): { key: string; pending: QueueEntry[]; inFlight: { jobId: QueueEntry; redeliverAt: number }[]; blockedUntil?: number }[] {
    return [...this.queues].map(([key, q]) => {
      this.redeliver(q, now);
      return {
        key,
        pending: q.pending.slice(q.head),
        inFlight: [...q.inFlight].map(([jobId, redeliverAt]) => ({ jobId, redeliverAt })),
        ...(q.blockedUntil > now ? { blockedUntil: q.blockedUntil } : {}),
      };
    });
  }

  /** Unconfirmed changes whose time has come go back to the front of the queue. */
  private redeliver(q: Queue, now: number): void {
    for (const [jobId, at] of q.inFlight) {
      if (at > now) continue;
      q.inFlight.delete(jobId);
      if (q.pendingIds.has(jobId)) continue;
      q.pendingIds.add(jobId);
      if (q.head > 0) q.pending[--q.head] = jobId;
      else q.pending.unshift(jobId);
    }
  }
}
