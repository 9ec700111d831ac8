import { brand } from '../errors/brand.js';
import { ValidationError } from '../errors/index.js';
import { OnBehalfOf, SignatureType } from './enums.js';
import { ContactInformation, CustomIdentifier, PersonalIdentificationNumber } from './identifiers.js';
import { Notifications, NotificationsUsingLookup } from './notifications.js';
import { checkOptionalOneOf } from './text-rules.js';

export interface SignerOptions {
  signatureType?: SignatureType;
  onBehalfOf?: OnBehalfOf;
}

/** A signer in the direct flow, identified by national identity number or by an identifier of the sender's. */
export class DirectSigner {
  static {
    brand(this, 'DirectSigner');
  }
  readonly identifier: PersonalIdentificationNumber | CustomIdentifier;
  readonly signatureType: SignatureType | undefined;
  readonly onBehalfOf: OnBehalfOf | undefined;
  constructor(identifier: PersonalIdentificationNumber | CustomIdentifier, options: SignerOptions = {}) {
    if (!(identifier instanceof PersonalIdentificationNumber) && !(identifier instanceof CustomIdentifier)) {
      throw new ValidationError('signer.identifier', 'must be a PersonalIdentificationNumber or a CustomIdentifier');
    }
    this.identifier = identifier;
    this.signatureType = checkOptionalOneOf('signer.signatureType', options.signatureType, SignatureType);
    this.onBehalfOf = checkOptionalOneOf('signer.onBehalfOf', options.onBehalfOf, OnBehalfOf);
    Object.freeze(this);
  }
}

export interface PortalSignerOptions extends SignerOptions {
  /** Signing order group, 0–9: lower groups sign first; equal numbers sign in parallel. */
  order?: number;
}

/**
 * A signer in the portal flow: by identity number with notifications (explicit or looked up in KRR), or by
 * contact information alone.
 */
export class PortalSigner {
  static {
    brand(this, 'PortalSigner');
  }
  readonly identifier: PersonalIdentificationNumber | ContactInformation;
  readonly notifications: Notifications | NotificationsUsingLookup | undefined;
  readonly order: number | undefined;
  readonly signatureType: SignatureType | undefined;
  readonly onBehalfOf: OnBehalfOf | undefined;

  constructor(identifier: PersonalIdentificationNumber, notifications: Notifications | NotificationsUsingLookup, options?: PortalSignerOptions);
  constructor(identifier: ContactInformation, options?: PortalSignerOptions);
  constructor(
    identifier: PersonalIdentificationNumber | ContactInformation,
    second?: Notifications | NotificationsUsingLookup | PortalSignerOptions,
    third?: PortalSignerOptions,
  ) {
    let notifications: Notifications | NotificationsUsingLookup | undefined;
    let options: PortalSignerOptions;
    if (second instanceof Notifications || second instanceof NotificationsUsingLookup) {
      notifications = second;
      options = third ?? {};
    } else {
      options = second ?? {};
    }
    if (identifier instanceof PersonalIdentificationNumber) {
      if (notifications === undefined) {
        throw new ValidationError('signer.notifications', 'a signer identified by identity number needs Notifications or NotificationsUsingLookup');
      }
    } else if (identifier instanceof ContactInformation) {
      if (notifications !== undefined) {
        throw new ValidationError('signer.notifications', 'a signer identified by contact information is notified at that contact information');
      }
    } else {
      throw new ValidationError('signer.identifier', 'must be a PersonalIdentificationNumber or ContactInformation');
    }
    const order = options.order;
    if (order !== undefined && (!Number.isInteger(order) || order < 0 || order > 9)) {
      throw new ValidationError('signer.order', `must be a whole number from 0 to 9, got ${order}`);
    }
    this.identifier = identifier;
    this.notifications = notifications;
    this.order = order;
    this.signatureType = checkOptionalOneOf('signer.signatureType', options.signatureType, SignatureType);
    this.onBehalfOf = checkOptionalOneOf('signer.onBehalfOf', options.onBehalfOf, OnBehalfOf);
    if (this.onBehalfOf === OnBehalfOf.Other && notifications instanceof NotificationsUsingLookup) {
      // Signing on behalf of others means no KRR lookup is done, so the two cannot go together (the API refuses it).
      throw new ValidationError('signer.onBehalfOf', 'OTHER cannot be combined with NotificationsUsingLookup');
    }
    Object.freeze(this);
  }
}
