import { brand } from '../errors/brand.js';
import { ValidationError } from '../errors/index.js';
import { type Document } from './document.js';
import { StatusRetrievalMethod } from './enums.js';
import { ExitUrls } from './exit-urls.js';
import { checkSigners, senderAndOptions, SignatureJob, type JobOptions } from './job-common.js';
import { type Sender } from './sender.js';
import { DirectSigner } from './signers.js';
import { checkOptionalOneOf } from './text-rules.js';

export interface DirectJobOptions extends JobOptions {
  /** `WaitForCallback` (default): status by the token on the exit URL. `Polling`: status changes in the queue. */
  statusRetrievalMethod?: StatusRetrievalMethod;
}

/** A signature job in the direct flow: the signer is redirected from the sender's web application and back. */
export class DirectJob extends SignatureJob {
  static {
    brand(this, 'DirectJob');
  }
  /** The signers, 1 to `MAX_SIGNERS`. */
  readonly signers: readonly DirectSigner[];
  /** Where the signer's browser is sent back to. */
  readonly exitUrls: ExitUrls;
  /** How the status is learnt (seed use cases "Get direct job status" and "… by polling"). */
  readonly statusRetrievalMethod: StatusRetrievalMethod | undefined;

  constructor(
    documents: Document | readonly Document[],
    signers: readonly DirectSigner[],
    reference: string | undefined,
    exitUrls: ExitUrls,
    senderOrOptions?: Sender | DirectJobOptions,
    options?: DirectJobOptions,
  ) {
    const opts = senderAndOptions(senderOrOptions, options);
    super(documents, reference, opts);
    this.signers = checkSigners(signers, DirectSigner);
    if (!(exitUrls instanceof ExitUrls)) throw new ValidationError('exitUrls', 'must be ExitUrls');
    this.exitUrls = exitUrls;
    this.statusRetrievalMethod = checkOptionalOneOf('statusRetrievalMethod', opts.statusRetrievalMethod, StatusRetrievalMethod);
    Object.freeze(this);
  }
}
