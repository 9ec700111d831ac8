import { brand } from '../errors/brand.js';
import { maskPersonalData } from '../errors/mask.js';
import type { JobStatus, SignatureStatus } from './enums.js';
import { ContactInformation, type CustomIdentifier, identifierKey, type PersonalIdentificationNumber, type SignerIdentifier } from './identifiers.js';
import {
  type CancellationReference,
  type ConfirmationReference,
  type DeleteDocumentsReference,
  type PadesReference,
  ResponseUrls,
  type SignerReference,
  type XadesReference,
} from './references.js';

/** A signer as the direct create response describes it: where to send the browser, and its own URL. */
export interface DirectSignerResponse {
  /** The signer, as the job named it. */
  readonly identifier: PersonalIdentificationNumber | CustomIdentifier;
  /** Single-use URL for the signer's browser. Ask for a fresh one with `requestNewRedirectUrl` before redirecting later. */
  readonly redirectUrl: string;
  /** The signer's own URL: ask it for a fresh redirect URL (`requestNewRedirectUrl`). */
  readonly signerUrl: SignerReference;
}

/** The answer to creating a direct job (seed use case "Create signature job"). */
export class DirectJobResponse {
  static {
    brand(this, 'DirectJobResponse');
  }
  constructor(
    /** The API's id of the job (XSD `signature-job-id`, a long), verbatim. */
    readonly signatureJobId: string,
    /** The job's reference, as it was sent. */
    readonly reference: string | undefined,
    /** The status URL (callback jobs only); add the exit URL's token with `responseUrls.status(token)`. */
    readonly statusUrl: string | undefined,
    /** Each signer's redirect and signer URLs. */
    readonly signers: readonly DirectSignerResponse[],
  ) {
    Object.freeze(this);
  }
  /** The status URL as a builder of status references (seed use case "Get direct job status"). */
  get responseUrls(): ResponseUrls {
    return new ResponseUrls(this.statusUrl);
  }
  /** The signer with this identifier, or throws. */
  getSignerFor(identifier: PersonalIdentificationNumber | CustomIdentifier): DirectSignerResponse {
    return findBy(this.signers, identifier, (s) => s.identifier);
  }
}

/** One signer's part in a job's status. */
export interface Signature<S extends SignerIdentifier | undefined = SignerIdentifier> {
  /** The signer, as the status names it. */
  readonly signer: S;
  /** A known `SignatureStatus`, or whatever new status the server reported. */
  readonly signatureStatus: SignatureStatus;
  /** When the signer's status last changed. */
  readonly since: Date;
  /** The signer's XAdES, once they signed (seed use case "Get XAdES and PAdES"). */
  readonly xadesReference: XadesReference | undefined;
}

/** The URLs a direct job's status offers, each present only when the action is possible. */
export interface DirectJobStatusReferences {
  /** Confirms the status as processed. */
  readonly confirmation: ConfirmationReference | undefined;
  /** Downloads the signed PDF, once every signer signed. */
  readonly pades: PadesReference | undefined;
  /** Deletes the job's documents at Posten. */
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
  /** Always `JobStatus.NoChanges`: narrow on it. */
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
    /** The API's id of the job, verbatim. */
    readonly signatureJobId: string,
    /** The job's reference, as it was sent. */
    readonly reference: string | undefined,
    /** The job's status as the server reports it. */
    readonly status: ReportedJobStatus,
    /** `signer` is undefined only when the server names no signer (allowed by the XSD, seen for single-signer jobs). */
    readonly signatures: readonly Signature<PersonalIdentificationNumber | CustomIdentifier | undefined>[],
    /** What can be done next: confirm, download the PAdES, delete the documents. */
    readonly references: DirectJobStatusReferences,
    /** When the queue may be polled next: set on a polled change (`DirectJobStatusChange`), undefined from `getStatus`. */
    readonly nextPermittedPollTime: Date | undefined,
  ) {
    Object.freeze(this);
  }
  /** The signature of the signer with this identifier, or throws RangeError. */
  getSignatureFor(identifier: PersonalIdentificationNumber | CustomIdentifier): Signature<PersonalIdentificationNumber | CustomIdentifier | undefined> {
    // The status names a direct signer by its bare value, so an 11-digit custom identifier and an identity
    // number look alike there: match on the value. A lone status that names nobody belongs to the lone signer.
    const found =
      this.signatures.find((s) => s.signer?.value === identifier.value) ??
      (this.signatures.length === 1 && this.signatures[0]?.signer === undefined ? this.signatures[0] : undefined);
    if (found === undefined) throw new RangeError(maskPersonalData(`No signer ${String(identifier)} in this job`));
    return found;
  }
}

/** The answer to creating a portal job (seed use case "Create and send portal signature job"). */
export class PortalJobResponse {
  static {
    brand(this, 'PortalJobResponse');
  }
  constructor(
    /** The API's id of the job (XSD `signature-job-id`, a long), verbatim. */
    readonly signatureJobId: string,
    /** The job's reference, as it was sent. */
    readonly reference: string | undefined,
    /** Cancels the job while it is in progress. */
    readonly cancellationReference: CancellationReference,
  ) {
    Object.freeze(this);
  }
}

/** A direct job's status as polled from the queue (`getStatusChange`, `statusChanges`): it always says when to poll next. */
export type DirectJobStatusChange = DirectJobStatusResponse & {
  /** When the queue may be polled next. */
  readonly nextPermittedPollTime: Date;
};

/** One change from the portal queue (`getStatusChange` returns `NoChanges` instead when the queue was empty). */
export class PortalJobStatusChanged {
  static {
    brand(this, 'PortalJobStatusChanged');
  }
  constructor(
    /** The API's id of the job, verbatim. */
    readonly signatureJobId: string,
    /** The job's reference, as it was sent. */
    readonly reference: string | undefined,
    /** The job's status as the server reports it. */
    readonly status: ReportedJobStatus,
    /** Each signer's status (seed use case "Get portal job status change"). */
    readonly signatures: readonly Signature<PersonalIdentificationNumber | ContactInformation>[],
    /** Confirms the change as processed; until then it comes back. */
    readonly confirmationReference: ConfirmationReference | undefined,
    /** Cancels the job, while it is still in progress. */
    readonly cancellationReference: CancellationReference | undefined,
    /** Deletes the job's documents at Posten, once it is finished and forwarded. */
    readonly deleteDocumentsReference: DeleteDocumentsReference | undefined,
    /** Downloads the signed PDF, once a signer signed (seed use case "Get XAdES and PAdES"). */
    readonly padesReference: PadesReference | undefined,
    /** When the queue may be polled next. */
    readonly nextPermittedPollTime: Date,
  ) {
    Object.freeze(this);
  }
  /** The signature of the signer with this identifier, or throws RangeError. */
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
