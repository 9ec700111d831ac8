import { brand } from '../errors/brand.js';
import { ValidationError } from '../errors/index.js';
import { Email, Sms } from './identifiers.js';

/** Notify a portal signer at these addresses (e-mail, SMS, or both; with both, e-mail comes first). */
export class Notifications {
  static {
    brand(this, 'Notifications');
  }
  /** Notify by e-mail at this address. */
  readonly email: Email | undefined;
  /** Notify by SMS at this number. */
  readonly sms: Sms | undefined;
  constructor(email?: Email, sms?: Sms) {
    // Accept the two in either order, as `new Notifications(new Sms(…))` reads naturally too.
    let e: unknown = email;
    let s: unknown = sms;
    if (e instanceof Sms && (s === undefined || s instanceof Email)) [e, s] = [s, e];
    if (e !== undefined && !(e instanceof Email)) throw new ValidationError('notifications.email', 'must be an Email');
    if (s !== undefined && !(s instanceof Sms)) throw new ValidationError('notifications.sms', 'must be an Sms');
    if (e === undefined && s === undefined) throw new ValidationError('notifications', 'needs an e-mail address, a mobile number, or both');
    this.email = e as Email | undefined;
    this.sms = s as Sms | undefined;
    Object.freeze(this);
  }
}

/**
 * Look the signer's contact information up in the national contact register (KRR). Public-sector senders only.
 * E-mail is always used when registered; SMS only when asked for (it costs money).
 */
export class NotificationsUsingLookup {
  static {
    brand(this, 'NotificationsUsingLookup');
  }
  /** Always: notified by e-mail at the address the register holds. */
  readonly email = true as const;
  /** Also notified by SMS at the number the register holds. */
  readonly sms: boolean;
  constructor(options: { sms?: boolean } = {}) {
    this.sms = options.sms ?? false;
    Object.freeze(this);
  }
}
