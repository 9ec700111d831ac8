/**
 * The portal flow, with the names of the .NET client's `Portal` namespace: `Job`, `Signer`, `JobStatusChanged` …
 * @packageDocumentation
 */
export * from '../common-exports.js';
export { PortalClient } from './portal-client.js';
export {
  PortalJob as Job,
  PortalSigner as Signer,
  Notifications,
  NotificationsUsingLookup,
  Availability,
  PortalJobResponse as JobResponse,
  PortalJobStatusChanged as JobStatusChanged,
  type PortalJobOptions as JobOptions,
  type PortalSignerOptions as SignerOptions,
} from '../model/index.js';
