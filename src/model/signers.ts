import { brand } from '../errors/brand.js';
import { ValidationError } from '../errors/index.js';
import { OnBehalfOf, SignatureType } from './enums.js';
import { ContactInformation, CustomIdentifier, PersonalIdentificationNumber } from './identifiers.js';
import { Notifications, NotificationsUsingLookup } from './notifications.js';
import { checkOptionalOneOf } from './text-rules.js';

/** Options every signer takes; seed use case "Specify signature type and required authentication level". */
export interface SignerOptions {
  /** The kind of signature; the API's default is an advanced signature. */
  signatureType?: SignatureType;
  /** Whether the signer signs for themselves (default) or on behalf of someone else. */
  onBehalfOf?: OnBehalfOf;
}

/** A signer in the direct flow, identified by national identity number or by an identifier of the sender's. */
export class DirectSigner {
  static {
    brand(this, 'DirectSigner');
  }
  /** Who signs: a national identity number, or your own identifier for the signer (1–80 characters). */
  readonly identifier: PersonalIdentificationNumber | CustomIdentifier;
  /** The kind of signature, when not the API's default. */
  readonly signatureType: SignatureType | undefined;
  /** For whom the signer signs, when not the default (themselves). */
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

/** A portal signer's options. */
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
  /** Who signs: a national identity number, or contact information (e-mail and/or SMS) alone. */
  readonly identifier: PersonalIdentificationNumber | ContactInformation;
  /** How a signer identified by identity number is notified; none for a contact-information signer. */
  readonly notifications: Notifications | NotificationsUsingLookup | undefined;
  /** Signing order group, 0–9. */
  readonly order: number | undefined;
  /** The kind of signature, when not the API's default. */
  readonly signatureType: SignatureType | undefined;
  /** For whom the signer signs, when not the default (themselves). */
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
