import { brand } from '../errors/brand.js';
import { ValidationError } from '../errors/index.js';
import { checkText } from './text-rules.js';

/** A named queue of status changes. Jobs created with a queue are polled with the same queue. */
export class PollingQueue {
  static {
    brand(this, 'PollingQueue');
  }
  /** The queue's name, as sent in `polling_queue` (1–80 characters). */
  readonly name: string;
  constructor(name: string) {
    this.name = checkText('pollingQueue', name, 1, 100);
    Object.freeze(this);
  }
  /** For logs. */
  toString(): string {
    return this.name;
  }
}

/** The organisation a job is sent for (itself, or through a broker), and the queue its status changes go to. */
export class Sender {
  static {
    brand(this, 'Sender');
  }
  /** The sending organisation's number, 9 digits (XSD `sender/organization-number`). */
  readonly organizationNumber: string;
  /** The queue its jobs' status changes go to; the default queue when absent (seed use case "Specifying queues"). */
  readonly pollingQueue: PollingQueue | undefined;
  constructor(organizationNumber: string, pollingQueue?: PollingQueue) {
    if (typeof organizationNumber !== 'string' || !/^[0-9]{9}$/.test(organizationNumber)) {
      throw new ValidationError('sender.organizationNumber', `must be exactly 9 digits, got "${String(organizationNumber)}"`);
    }
    if (pollingQueue !== undefined && !(pollingQueue instanceof PollingQueue)) {
      throw new ValidationError('sender.pollingQueue', 'must be a PollingQueue');
    }
    this.organizationNumber = organizationNumber;
    this.pollingQueue = pollingQueue;
    Object.freeze(this);
  }
  /** Identifies the (organisation, queue) pair whose poll schedule this sender shares. */
  get queueKey(): string {
    return `${this.organizationNumber}/${this.pollingQueue?.name ?? ''}`;
  }
  /** For logs. */
  toString(): string {
    return `Sender(${this.organizationNumber}${this.pollingQueue ? `, ${this.pollingQueue.name}` : ''})`;
  }
}
