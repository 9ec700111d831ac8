/**
 * `posten-signering/testing`: a local simulator of the Posten signering API for tests and demos. It shares no
 * code with the SDK's XML building, signing or ASiC-E packaging, so a bug there cannot hide itself here.
 */
// First, so that missing simulator packages are reported before anything else is loaded.
import './peers.js';
export { startSimulator } from './server.js';
export { SIMULATOR_PEER_INSTALL_COMMAND } from './peers.js';
export type {
  EnqueueStatusChangeOptions,
  EnqueuedStatusChange,
  SimulatedJobView,
  SimulatedSignerView,
  SignerActionResult,
  Simulator,
  SimulatorOptions,
  SimulatorOrganization,
} from './types.js';
export type { FaultInjector } from './faults.js';
