import { brand } from '../errors/brand.js';
import { JobStatus, type SignatureStatus } from './enums.js';
import { ContactInformation, CustomIdentifier, identifierKey, PersonalIdentificationNumber, type SignerIdentifier } from './identifiers.js';
import {
  CancellationReference,
  ConfirmationReference,
  DeleteDocumentsReference,
  PadesReference,
  ResponseUrls,
  SignerReference,
  XadesReference,
} from './references.js';

/** A signer as the direct create response describes it: where to send the browser, and its own URL. */
export interface DirectSignerResponse {
  readonly identifier: PersonalIdentificationNumber | CustomIdentifier;
  /** Single-use URL for the signer's browser. Ask for a fresh one with `requestNewRedirectUrl` before redirecting later. */
  readonly redirectUrl: string;
  readonly signerUrl: SignerReference;
}

export class DirectJobResponse {
  static {
    brand(this, 'DirectJobResponse');
  }
  constructor(
    readonly signatureJobId: string,
    readonly reference: string | undefined,
    readonly statusUrl: string | undefined,
    readonly signers: readonly DirectSignerResponse[],
  ) {
    Object.freeze(this);
  }
  get responseUrls(): ResponseUrls {
    return new ResponseUrls(this.statusUrl);
  }
  /** The signer with this identifier, or throws. */
  getSignerFor(identifier: PersonalIdentificationNumber | CustomIdentifier): DirectSignerResponse {
    return findBy(this.signers, identifier, (s) => s.identifier);
  }
}

export interface Signature<S extends SignerIdentifier | undefined = SignerIdentifier> {
  readonly signer: S;
  /** A known `SignatureStatus`, or whatever new status the server reported. */
  readonly signatureStatus: SignatureStatus;
  readonly since: Date;
  readonly xadesReference: XadesReference | undefined;
}

export interface DirectJobStatusReferences {
  readonly confirmation: ConfirmationReference | undefined;
  readonly pades: PadesReference | undefined;
  readonly deleteDocuments: DeleteDocumentsReference | undefined;
}

/** A direct job's status: from the status URL, or a change from the polling queue (`NoChanges` when empty). */
export class DirectJobStatusResponse {
  static {
    brand(this, 'DirectJobStatusResponse');
  }
  constructor(
    private readonly jobId: string | undefined,
    readonly reference: string | undefined,
    readonly status: JobStatus,
    /** `signer` is undefined only when the server names no signer (allowed by the XSD, seen for single-signer jobs). */
    readonly signatures: readonly Signature<PersonalIdentificationNumber | CustomIdentifier | undefined>[],
    readonly references: DirectJobStatusReferences,
    /** When the queue may be polled next (polling only). */
    readonly nextPermittedPollTime: Date | undefined,
  ) {
    Object.freeze(this);
  }
  static noChanges(nextPermittedPollTime: Date): DirectJobStatusResponse {
    return new DirectJobStatusResponse(undefined, undefined, JobStatus.NoChanges, [], { confirmation: undefined, pades: undefined, deleteDocuments: undefined }, nextPermittedPollTime);
  }
  get signatureJobId(): string {
    if (this.jobId === undefined) throw new TypeError('A NoChanges result belongs to no job');
    return this.jobId;
  }
  getSignatureFor(identifier: PersonalIdentificationNumber | CustomIdentifier): Signature<PersonalIdentificationNumber | CustomIdentifier | undefined> {
    // The status names a direct signer by its bare value, so an 11-digit custom identifier and an identity
    // number look alike there: match on the value. A lone status that names nobody belongs to the lone signer.
    const found = this.signatures.find((s) => s.signer?.value === identifier.value) ?? (this.signatures.length === 1 && this.signatures[0]?.signer === undefined ? this.signatures[0] : undefined);
    if (found === undefined) throw new RangeError(`No signer ${String(identifier)} in this job`);
    return found;
  }
}

export class PortalJobResponse {
  static {
    brand(this, 'PortalJobResponse');
  }
  constructor(
    readonly signatureJobId: string,
    readonly reference: string | undefined,
    readonly cancellationReference: CancellationReference,
  ) {
    Object.freeze(this);
  }
}

/** One change from the portal queue (`NoChanges` when the queue was empty). */
export class PortalJobStatusChanged {
  static {
    brand(this, 'PortalJobStatusChanged');
  }
  constructor(
    private readonly jobId: string | undefined,
    readonly reference: string | undefined,
    readonly status: JobStatus,
    readonly signatures: readonly Signature<PersonalIdentificationNumber | ContactInformation>[],
    readonly confirmationReference: ConfirmationReference | undefined,
    readonly cancellationReference: CancellationReference | undefined,
    readonly deleteDocumentsReference: DeleteDocumentsReference | undefined,
    readonly padesReference: PadesReference | undefined,
    readonly nextPermittedPollTime: Date,
  ) {
    Object.freeze(this);
  }
  static noChanges(nextPermittedPollTime: Date): PortalJobStatusChanged {
    return new PortalJobStatusChanged(undefined, undefined, JobStatus.NoChanges, [], undefined, undefined, undefined, undefined, nextPermittedPollTime);
  }
  get signatureJobId(): string {
    if (this.jobId === undefined) throw new TypeError('A NoChanges result belongs to no job');
    return this.jobId;
  }
  getSignatureFor(identifier: PersonalIdentificationNumber | ContactInformation): Signature<PersonalIdentificationNumber | ContactInformation> {
    return findBy(this.signatures, identifier, (s) => s.signer);
  }
}

function findBy<T>(list: readonly T[], identifier: SignerIdentifier, key: (t: T) => SignerIdentifier): T {
  const wanted = identifierKey(identifier);
  const found = list.find((t) => identifierKey(key(t)) === wanted);
  if (found === undefined) throw new RangeError(`No signer ${String(identifier)} in this job`);
  return found;
}

