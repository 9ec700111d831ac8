import type { AuthenticationLevel, IdentifierInSignedDocuments } from './enums.js';
import { ValidationError } from '../errors/index.js';
import { Availability } from './availability.js';
import { Document } from './document.js';
import { checkSigners, commonJobFields, senderAndOptions, type JobOptions } from './job-common.js';
import { Sender } from './sender.js';
import { PortalSigner } from './signers.js';
import { checkOptionalText } from './text-rules.js';

export interface PortalJobOptions extends JobOptions {
  availability?: Availability;
  /** Shown in notifications (e-mail/SMS) and to signers at authentication level 3; must hold no personal data. */
  nonSensitiveTitle?: string;
}

/** A signature job in the portal flow: signers are notified and sign in Posten's portal. */
export class PortalJob {
  readonly documents: readonly Document[];
  readonly signers: readonly PortalSigner[];
  readonly reference: string | undefined;
  readonly title: string;
  readonly description: string | undefined;
  readonly nonSensitiveTitle: string | undefined;
  readonly authenticationLevel: AuthenticationLevel | undefined;
  readonly identifierInSignedDocuments: IdentifierInSignedDocuments | undefined;
  readonly availability: Availability | undefined;
  readonly sender: Sender | undefined;

  constructor(
    documents: Document | readonly Document[],
    signers: readonly PortalSigner[],
    reference?: string,
    senderOrOptions?: Sender | PortalJobOptions,
    options?: PortalJobOptions,
  ) {
    const opts = senderAndOptions(senderOrOptions, options);
    const common = commonJobFields(documents, reference, opts);
    this.documents = common.documents;
    this.title = common.title;
    this.description = common.description;
    this.reference = common.reference;
    this.authenticationLevel = common.authenticationLevel;
    this.identifierInSignedDocuments = common.identifierInSignedDocuments;
    this.sender = common.sender;
    this.signers = checkSigners(signers, PortalSigner);
    this.nonSensitiveTitle = checkOptionalText('nonSensitiveTitle', opts.nonSensitiveTitle, 1, 80);
    if (opts.availability !== undefined && !(opts.availability instanceof Availability)) {
      throw new ValidationError('availability', 'must be an Availability');
    }
    this.availability = opts.availability;
    Object.freeze(this);
  }
}
