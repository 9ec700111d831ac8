// What every entry point exports: configuration, the shared models and the errors.
export { ClientConfiguration, type ClientConfigurationOptions, type DocumentBundle } from './core/client-configuration.js';
export { Environment, POSTEN_ORGANIZATION_NUMBER, type CustomEnvironmentOptions } from './core/environment.js';
export type { Timeouts } from './core/http/timeouts.js';
export type { Logger, LogLevel } from './core/http/logger.js';
export { Download } from './core/http/download.js';
export { maskPersonalData } from './errors/mask.js';
export { createMutualTlsConnector, type MutualTlsConnectorOptions, type ServerIdentity } from './core/http/connector.js';
export { InMemoryPollScheduleStore, type PollScheduleStore } from './core/polling/poll-schedule-store.js';
export type { RequestBudget } from './core/polling/request-budget.js';
export type { CertificateInput } from './crypto/index.js';
export type { CallOptions } from './client/api-client.js';
export type { ConfirmableChange, StatusChangesOptions, ProcessStatusChangesOptions } from './client/status-changes.js';
export {
  Sender,
  PollingQueue,
  Document,
  FileType,
  PersonalIdentificationNumber,
  CustomIdentifier,
  ContactInformation,
  Email,
  Sms,
  SignatureType,
  OnBehalfOf,
  AuthenticationLevel,
  IdentifierInSignedDocuments,
  JobStatus,
  SignatureStatus,
  ConfirmationReference,
  CancellationReference,
  PadesReference,
  XadesReference,
  DeleteDocumentsReference,
  SignerReference,
  StatusReference,
  ResponseUrls,
  MAX_AVAILABLE_SECONDS,
  MAX_DOCUMENTS,
  MAX_SIGNERS,
  MAX_TOTAL_DOCUMENT_BYTES,
  type DocumentContent,
  type KnownSignatureStatus,
  type NoChanges,
  type ReportedJobStatus,
  type Signature,
  type SignerIdentifier,
  type SignerOptions,
  type JobOptions,
} from './model/index.js';
export * from './errors/index.js';
