// Enumerations as frozen objects plus a union type of their values: they read like the .NET enums
// (`SignatureType.AdvancedSignature`) and the values are the API's own strings, so they serialise as they are.

/** A document's file type; the manifest's `mime` (`application/pdf`, `text/plain`). */
export const FileType = {
  /** A PDF (PDF/A recommended). */
  Pdf: 'PDF',
  /** Plain text. */
  Txt: 'TXT',
} as const;
/** One of {@link FileType}'s values. */
export type FileType = (typeof FileType)[keyof typeof FileType];

/**
 * The kind of signature a signer makes (XSD `signature-type`); seed use case "Specify signature type and required
 * authentication level".
 */
export const SignatureType = {
  /** Avansert elektronisk signatur: the signed document carries a signature tied to the signer. */
  AdvancedSignature: 'ADVANCED_ELECTRONIC_SIGNATURE',
  /** Autentisert signatur: the signer's authentication is recorded; simpler, not a qualified-style signature. */
  AuthenticatedSignature: 'AUTHENTICATED_ELECTRONIC_SIGNATURE',
} as const;
/** One of {@link SignatureType}'s values. */
export type SignatureType = (typeof SignatureType)[keyof typeof SignatureType];

/** Whether a signer signs for themselves or on behalf of someone else (XSD `signing-on-behalf-of`). */
export const OnBehalfOf = {
  /** The signer signs for themselves (the default). */
  Self: 'SELF',
  /** The signer signs on behalf of another party (e.g. their employer); the API then stores no personal data. */
  Other: 'OTHER',
} as const;
/** One of {@link OnBehalfOf}'s values. */
export type OnBehalfOf = (typeof OnBehalfOf)[keyof typeof OnBehalfOf];

/**
 * The eID security level a signer must log in with (XSD `authentication-level`: `3` or `4`); seed use case
 * "Specify signature type and required authentication level".
 */
export const AuthenticationLevel = {
  /** Level 3 (substantial), e.g. MinID. */
  Three: '3',
  /** Level 4 (high), e.g. BankID. */
  Four: '4',
} as const;
/** One of {@link AuthenticationLevel}'s values. */
export type AuthenticationLevel = (typeof AuthenticationLevel)[keyof typeof AuthenticationLevel];

/** How signers are identified in the signed documents (XSD `identifier-in-signed-documents`). */
export const IdentifierInSignedDocuments = {
  /** The personal identification number and the name. */
  PersonalIdentificationNumberAndName: 'PERSONAL_IDENTIFICATION_NUMBER_AND_NAME',
  /** The date of birth and the name. */
  DateOfBirthAndName: 'DATE_OF_BIRTH_AND_NAME',
  /** The name only. */
  Name: 'NAME',
} as const;
/** One of {@link IdentifierInSignedDocuments}'s values. */
export type IdentifierInSignedDocuments = (typeof IdentifierInSignedDocuments)[keyof typeof IdentifierInSignedDocuments];

/**
 * How a direct job's status is learnt (XSD `status-retrieval-method`); seed use cases "Get direct job status" and
 * "Get direct job status by polling".
 */
export const StatusRetrievalMethod = {
  /** The signer's browser returns to an exit URL with a status query token; ask for the status then. */
  WaitForCallback: 'WAIT_FOR_CALLBACK',
  /** Status changes are put on the sender's queue; poll it (`getStatusChange`, `statusChanges`). */
  Polling: 'POLLING',
} as const;
/** One of {@link StatusRetrievalMethod}'s values. */
export type StatusRetrievalMethod = (typeof StatusRetrievalMethod)[keyof typeof StatusRetrievalMethod];

/** A job's status. `NoChanges` is the SDK's own: the polled queue was empty (HTTP 204). */
export const JobStatus = {
  /** Not all signers are done yet. */
  InProgress: 'IN_PROGRESS',
  /** Every signer signed; the signed documents can be fetched. */
  CompletedSuccessfully: 'COMPLETED_SUCCESSFULLY',
  /** At least one signer rejected, or the job expired or was cancelled. */
  Failed: 'FAILED',
  /** The SDK's own: the polled queue was empty. */
  NoChanges: 'NO_CHANGES',
} as const;
/** One of {@link JobStatus}'s values. */
export type JobStatus = (typeof JobStatus)[keyof typeof JobStatus];

/**
 * A signer's status. The API says the list may grow, so any other string the server sends is kept as it is:
 * use the job status for control flow and treat unknown signer statuses as information.
 */
export const SignatureStatus = {
  /** The signer has not signed yet. */
  Waiting: 'WAITING',
  /** The signer signed. */
  Signed: 'SIGNED',
  /** The signer rejected the job. */
  Rejected: 'REJECTED',
  /** The sender cancelled the job. */
  Cancelled: 'CANCELLED',
  /** The job expired before the signer signed. */
  Expired: 'EXPIRED',
  /** Signing failed. */
  Failed: 'FAILED',
  /** The signer has reserved themselves against digital communication from the public sector (KRR). */
  Reserved: 'RESERVED',
  /** The contact register has no contact information for the signer. */
  ContactInformationMissing: 'CONTACT_INFORMATION_MISSING',
  /** The signer entered a wrong security code too many times (contact-information signers only). */
  Blocked: 'BLOCKED',
  /** The signer's name could not be looked up for the signed document. */
  SignersNameNotAvailable: 'SIGNERS_NAME_NOT_AVAILABLE',
  /** The signer's signature is not needed any more (the job failed because of another signer). */
  NotApplicable: 'NOT_APPLICABLE',
} as const;
/** One of the signer statuses the SDK knows ({@link SignatureStatus}'s values). */
export type KnownSignatureStatus = (typeof SignatureStatus)[keyof typeof SignatureStatus];
// `string & {}` keeps editor completion for the known values while accepting any string.
/** A signer's status: a known one, or any other string the server sends (kept verbatim). */
export type SignatureStatus = KnownSignatureStatus | (string & {});

/** The manifest's `mime` for a file type. */
export const mimeTypeOf = (fileType: FileType): string => (fileType === FileType.Txt ? 'text/plain' : 'application/pdf');
/** The file name extension the document gets in the ASiC-E, as the Java client names it. */
export const extensionOf = (fileType: FileType): 'pdf' | 'txt' => (fileType === FileType.Txt ? 'txt' : 'pdf');
