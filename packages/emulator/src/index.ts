export { startEmulator } from './server.js';
export type { Emulator } from './server.js';
export { createEmulator, routeOf } from './fetchHandler.js';
export type { EmulatorCore, EmulatorRoute } from './fetchHandler.js';
export { EmulatorDroppedConnection } from './transport/exchange.js';
export { DEFAULT_ACCESS_KEY } from './options.js';
export type {
  ApiVersion,
  EmulatorAccessKey,
  EmulatorLogEntry,
  EmulatorLogger,
  EmulatorOptions,
  PostHeightOn,
} from './options.js';
export type { EmulatorFault } from './control/faults.js';
export type { EmulatorStats } from './state/stats.js';
export { SAMPLE_ORGANIZATION_ID, SAMPLE_USERS, SAMPLE_WORKS } from './sampleOrg.js';
export type {
  EmulatorComponent,
  EmulatorUser,
  EmulatorWorks,
  EmulatorWorksType,
  PageAccess,
  PageBackend,
  PageRequest,
} from './pages/backend.js';
