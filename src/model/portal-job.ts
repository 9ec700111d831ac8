import { brand } from '../errors/brand.js';
import { ValidationError } from '../errors/index.js';
import { Availability } from './availability.js';
import { type Document } from './document.js';
import { checkSigners, senderAndOptions, SignatureJob, type JobOptions } from './job-common.js';
import { type Sender } from './sender.js';
import { PortalSigner } from './signers.js';
import { checkOptionalText } from './text-rules.js';

export interface PortalJobOptions extends JobOptions {
  /** When the job becomes visible to signers, and how long it stays available. */
  availability?: Availability;
  /** Shown in notifications (e-mail/SMS) and to signers at authentication level 3; must hold no personal data. */
  nonSensitiveTitle?: string;
}

/** A signature job in the portal flow: signers are notified and sign in Posten's portal. */
export class PortalJob extends SignatureJob {
  static {
    brand(this, 'PortalJob');
  }
  /** The signers, 1 to `MAX_SIGNERS`, in their order groups. */
  readonly signers: readonly PortalSigner[];
  /** Shown in notifications; must hold no personal data. */
  readonly nonSensitiveTitle: string | undefined;
  /** When the job becomes visible, and for how long it may be signed. */
  readonly availability: Availability | undefined;

  constructor(
    documents: Document | readonly Document[],
    signers: readonly PortalSigner[],
    reference?: string,
    senderOrOptions?: Sender | PortalJobOptions,
    options?: PortalJobOptions,
  ) {
    const opts = senderAndOptions(senderOrOptions, options);
    super(documents, reference, opts);
    this.signers = checkSigners(signers, PortalSigner);
    this.nonSensitiveTitle = checkOptionalText('nonSensitiveTitle', opts.nonSensitiveTitle, 1, 80);
    if (opts.availability !== undefined && !(opts.availability instanceof Availability)) {
      throw new ValidationError('availability', 'must be an Availability');
    }
    this.availability = opts.availability;
    Object.freeze(this);
  }
}
