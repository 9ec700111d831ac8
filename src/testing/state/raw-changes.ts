/**
 * Status changes a test put on a queue as raw XML (`simulator.enqueueStatusChange`): served exactly as given, so
 * that a test can show its application what no simulated job would produce (contact details as people type them,
 * a zone-less time, a body that breaks the XSD). They share the queue, and its redelivery, with real changes.
 */
export interface RawChange {
  id: string;
  organizationNumber: string;
  flow: 'direct' | 'portal';
  /** The polling queue: '' is the default one. */
  queue: string;
  body: string;
  deliveries: number;
  confirmed: boolean;
}

export class RawChanges {
  readonly #changes = new Map<string, RawChange>();
  #next = 1;

  add(organizationNumber: string, flow: 'direct' | 'portal', queue: string, render: (id: string) => string): RawChange {
    // Never a number, so that it cannot be taken for a job id (queues hold both).
    const id = `raw-${this.#next++}`;
    const change: RawChange = { id, organizationNumber, flow, queue, body: '', deliveries: 0, confirmed: false };
    change.body = render(id);
    this.#changes.set(id, change);
    return change;
  }

  get(id: string): RawChange | undefined {
    return this.#changes.get(id);
  }

  /** The body to serve for a delivery of `id`. */
  deliver(id: string): string {
    const change = this.#changes.get(id);
    if (change === undefined) throw new Error(`No raw status change ${id}`);
    change.deliveries++;
    return change.body;
  }
}
