import { brand } from '../errors/brand.js';
import { ValidationError } from '../errors/index.js';
import { checkText } from './text-rules.js';

/** A named queue of status changes. Jobs created with a queue are polled with the same queue. */
export class PollingQueue {
  static {
    brand(this, 'PollingQueue');
  }
  readonly name: string;
  constructor(name: string) {
    this.name = checkText('pollingQueue', name, 1, 100);
    Object.freeze(this);
  }
  toString(): string {
    return this.name;
  }
}

/** The organisation a job is sent for (itself, or through a broker), and the queue its status changes go to. */
export class Sender {
  static {
    brand(this, 'Sender');
  }
  readonly organizationNumber: string;
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
  toString(): string {
    return `Sender(${this.organizationNumber}${this.pollingQueue ? `, ${this.pollingQueue.name}` : ''})`;
  }
}
