/**
 * The direct flow, with the names of the .NET client's `Direct` namespace: `Job`, `Signer`, `JobResponse` …
 * @packageDocumentation
 */
export * from '../common-exports.js';
export { DirectClient } from './direct-client.js';
export {
  DirectJob as Job,
  DirectSigner as Signer,
  ExitUrls,
  StatusRetrievalMethod,
  DirectJobResponse as JobResponse,
  DirectJobStatusResponse as JobStatusResponse,
  type DirectJobOptions as JobOptions,
  type DirectSignerResponse as SignerResponse,
  type DirectJobStatusReferences as JobStatusReferences,
  type DirectJobStatusChange as JobStatusChange,
} from '../model/index.js';
