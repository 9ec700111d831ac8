/**
 * posten-signering: the TypeScript SDK for Posten signering (the Digipost signature API).
 *
 * This entry point holds everything; the flow-specific classes carry their flow's prefix (`DirectJob`,
 * `PortalSigner` …). `posten-signering/direct` and `posten-signering/portal` offer them unprefixed.
 * @packageDocumentation
 */
export * from './common-exports.js';
export { DirectClient } from './direct/direct-client.js';
export { PortalClient } from './portal/portal-client.js';
export { ArchiveClient } from './archive/archive-client.js';
export {
  DirectJob,
  DirectSigner,
  ExitUrls,
  StatusRetrievalMethod,
  DirectJobResponse,
  DirectJobStatusResponse,
  PortalJob,
  PortalSigner,
  Notifications,
  NotificationsUsingLookup,
  Availability,
  PortalJobResponse,
  PortalJobStatusChanged,
  type DirectJobOptions,
  type DirectSignerResponse,
  type DirectJobStatusReferences,
  type DirectJobStatusChange,
  type PortalJobOptions,
  type PortalSignerOptions,
} from './model/index.js';
