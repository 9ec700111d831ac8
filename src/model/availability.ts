import { brand } from '../errors/brand.js';
import { ValidationError } from '../errors/index.js';

/** The API's ceiling on how long a portal job may stay available: 90 days. */
export const MAX_AVAILABLE_SECONDS = 7_776_000;

/** When a portal job becomes visible to its signers, and for how long each signer group may sign. */
export class Availability {
  static {
    brand(this, 'Availability');
  }
  /** When the job becomes visible to its signers; now when absent. */
  readonly activation: Date | undefined;
  /** How long each signer group may sign, in seconds, at most `MAX_AVAILABLE_SECONDS`. */
  readonly availableSeconds: number | undefined;
  constructor(init: { activation?: Date; availableSeconds?: number } = {}) {
    if (init.activation !== undefined && (!(init.activation instanceof Date) || Number.isNaN(init.activation.getTime()))) {
      throw new ValidationError('availability.activation', 'must be a valid Date');
    }
    // toISOString() writes years outside 0001–9999 as "0000", "+010000" or "-000001", which are not xs:dateTime.
    if (init.activation !== undefined && (init.activation.getUTCFullYear() < 1 || init.activation.getUTCFullYear() > 9999)) {
      throw new ValidationError('availability.activation', `must be in the years 0001 to 9999, got ${init.activation.toISOString()}`);
    }
    const s = init.availableSeconds;
    if (s !== undefined && (!Number.isInteger(s) || s < 0 || s > MAX_AVAILABLE_SECONDS)) {
      throw new ValidationError('availability.availableSeconds', `must be a whole number from 0 to ${MAX_AVAILABLE_SECONDS} (90 days), got ${s}`);
    }
    this.activation = init.activation === undefined ? undefined : new Date(init.activation.getTime());
    this.availableSeconds = s;
    Object.freeze(this);
  }
}
