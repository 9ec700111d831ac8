import { brand } from '../errors/brand.js';
import { maskPersonalData } from '../errors/mask.js';
import type { JobStatus, SignatureStatus } from './enums.js';
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

/** The status of a job as the server reports it: every `JobStatus` but the SDK's own `NoChanges`. */
export type ReportedJobStatus = Exclude<JobStatus, typeof JobStatus.NoChanges>;

/**
 * What `getStatusChange()` returns when the queue was empty (HTTP 204): no job, only when the queue may be polled
 * again. It has no job fields, so a result must be narrowed on `status` before its job is read:
 * `if (change.status === JobStatus.NoChanges) … else change.signatureJobId`.
 */
export interface NoChanges {
  readonly status: typeof JobStatus.NoChanges;
  /** When the queue may be polled again (the server's `X-Next-permitted-poll-time`, on the local clock). */
  readonly nextPermittedPollTime: Date;
}

/** A direct job's status: from the status URL (`getStatus`), or a change from the polling queue. */
export class DirectJobStatusResponse {
  static {
    brand(this, 'DirectJobStatusResponse');
  }
  constructor(
    readonly signatureJobId: string,
    readonly reference: string | undefined,
    readonly status: ReportedJobStatus,
    /** `signer` is undefined only when the server names no signer (allowed by the XSD, seen for single-signer jobs). */
    readonly signatures: readonly Signature<PersonalIdentificationNumber | CustomIdentifier | undefined>[],
    readonly references: DirectJobStatusReferences,
    /** When the queue may be polled next: set on a polled change (`DirectJobStatusChange`), undefined from `getStatus`. */
    readonly nextPermittedPollTime: Date | undefined,
  ) {
    Object.freeze(this);
  }
  getSignatureFor(identifier: PersonalIdentificationNumber | CustomIdentifier): Signature<PersonalIdentificationNumber | CustomIdentifier | undefined> {
    // The status names a direct signer by its bare value, so an 11-digit custom identifier and an identity
    // number look alike there: match on the value. A lone status that names nobody belongs to the lone signer.
    const found = this.signatures.find((s) => s.signer?.value === identifier.value) ?? (this.signatures.length === 1 && this.signatures[0]?.signer === undefined ? this.signatures[0] : undefined);
    if (found === undefined) throw new RangeError(maskPersonalData(`No signer ${String(identifier)} in this job`));
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

/** A direct job's status as polled from the queue (`getStatusChange`, `statusChanges`): it always says when to poll next. */
export type DirectJobStatusChange = DirectJobStatusResponse & { readonly nextPermittedPollTime: Date };

/** One change from the portal queue (`getStatusChange` returns `NoChanges` instead when the queue was empty). */
export class PortalJobStatusChanged {
  static {
    brand(this, 'PortalJobStatusChanged');
  }
  constructor(
    readonly signatureJobId: string,
    readonly reference: string | undefined,
    readonly status: ReportedJobStatus,
    readonly signatures: readonly Signature<PersonalIdentificationNumber | ContactInformation>[],
    readonly confirmationReference: ConfirmationReference | undefined,
    readonly cancellationReference: CancellationReference | undefined,
    readonly deleteDocumentsReference: DeleteDocumentsReference | undefined,
    readonly padesReference: PadesReference | undefined,
    readonly nextPermittedPollTime: Date,
  ) {
    Object.freeze(this);
  }
  getSignatureFor(identifier: PersonalIdentificationNumber | ContactInformation): Signature<PersonalIdentificationNumber | ContactInformation> {
    return findBy(this.signatures, identifier, (s) => s.signer);
  }
}

function findBy<T>(list: readonly T[], identifier: SignerIdentifier, key: (t: T) => SignerIdentifier): T {
  const wanted = matchKey(identifier);
  const found = list.find((t) => matchKey(key(t)) === wanted);
  if (found === undefined) throw new RangeError(maskPersonalData(`No signer ${String(identifier)} in this job`));
  return found;
}

/**
 * The key a signer given by the caller and the same signer as the server wrote it back share. Contact details
 * come back as the server holds them (`xs:string`, not checked), so they are compared as people mean them: e-mail
 * addresses without case or surrounding space, mobile numbers by their digits (`00` = `+`, `+47` implied for
 * eight digits).
 */
function matchKey(id: SignerIdentifier): string {
  if (!(id instanceof ContactInformation)) return identifierKey(id);
  const email = id.email?.address.trim().toLowerCase() ?? '';
  let sms = (id.sms?.number ?? '').replace(/[\s().-]/g, '').replace(/^00/, '+');
  if (/^[0-9]{8}$/.test(sms)) sms = `+47${sms}`;
  return `contact:${email}|${sms}`;
}

