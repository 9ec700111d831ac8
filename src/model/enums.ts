// Enumerations as frozen objects plus a union type of their values: they read like the .NET enums
// (`SignatureType.AdvancedSignature`) and the values are the API's own strings, so they serialise as they are.

export const FileType = { Pdf: 'PDF', Txt: 'TXT' } as const;
export type FileType = (typeof FileType)[keyof typeof FileType];

export const SignatureType = {
  AdvancedSignature: 'ADVANCED_ELECTRONIC_SIGNATURE',
  AuthenticatedSignature: 'AUTHENTICATED_ELECTRONIC_SIGNATURE',
} as const;
export type SignatureType = (typeof SignatureType)[keyof typeof SignatureType];

export const OnBehalfOf = { Self: 'SELF', Other: 'OTHER' } as const;
export type OnBehalfOf = (typeof OnBehalfOf)[keyof typeof OnBehalfOf];

export const AuthenticationLevel = { Three: '3', Four: '4' } as const;
export type AuthenticationLevel = (typeof AuthenticationLevel)[keyof typeof AuthenticationLevel];

export const IdentifierInSignedDocuments = {
  PersonalIdentificationNumberAndName: 'PERSONAL_IDENTIFICATION_NUMBER_AND_NAME',
  DateOfBirthAndName: 'DATE_OF_BIRTH_AND_NAME',
  Name: 'NAME',
} as const;
export type IdentifierInSignedDocuments = (typeof IdentifierInSignedDocuments)[keyof typeof IdentifierInSignedDocuments];

export const StatusRetrievalMethod = { WaitForCallback: 'WAIT_FOR_CALLBACK', Polling: 'POLLING' } as const;
export type StatusRetrievalMethod = (typeof StatusRetrievalMethod)[keyof typeof StatusRetrievalMethod];

/** A job's status. `NoChanges` is the SDK's own: the polled queue was empty (HTTP 204). */
export const JobStatus = {
  InProgress: 'IN_PROGRESS',
  CompletedSuccessfully: 'COMPLETED_SUCCESSFULLY',
  Failed: 'FAILED',
  NoChanges: 'NO_CHANGES',
} as const;
export type JobStatus = (typeof JobStatus)[keyof typeof JobStatus];

/**
 * A signer's status. The API says the list may grow, so any other string the server sends is kept as it is:
 * use the job status for control flow and treat unknown signer statuses as information.
 */
export const SignatureStatus = {
  Waiting: 'WAITING',
  Signed: 'SIGNED',
  Rejected: 'REJECTED',
  Cancelled: 'CANCELLED',
  Expired: 'EXPIRED',
  Failed: 'FAILED',
  Reserved: 'RESERVED',
  ContactInformationMissing: 'CONTACT_INFORMATION_MISSING',
  Blocked: 'BLOCKED',
  SignersNameNotAvailable: 'SIGNERS_NAME_NOT_AVAILABLE',
  NotApplicable: 'NOT_APPLICABLE',
} as const;
export type KnownSignatureStatus = (typeof SignatureStatus)[keyof typeof SignatureStatus];
// `string & {}` keeps editor completion for the known values while accepting any string.
export type SignatureStatus = KnownSignatureStatus | (string & {});

export const mimeTypeOf = (fileType: FileType): string => (fileType === FileType.Txt ? 'text/plain' : 'application/pdf');
export const extensionOf = (fileType: FileType): 'pdf' | 'txt' => (fileType === FileType.Txt ? 'txt' : 'pdf');
