export { startEmulator } from './server.js';
export type { Emulator } from './server.js';
export { createEmulator, routeOf } from './fetchHandler.js';
export type { EmulatorCore, EmulatorRoute } from './fetchHandler.js';
export { EmulatorDroppedConnection } from './transport/exchange.js';
export { DEFAULT_ACCESS_KEY } from './options.js';
export {
  DEFAULT_PAGE_PATHS,
  SMART_Q_REGIONS,
  UNCONFIRMED_OPTIONS,
  unconfirmedPatch,
} from './model/unconfirmed.js';
export type {
  CopilotRegions,
  PagePaths,
  UnconfirmedOption,
  UnconfirmedPageType,
  UnconfirmedValue,
  UpdateTicketNumMode,
} from './model/unconfirmed.js';
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
  EmulatorPortalMenu,
  EmulatorUser,
  EmulatorWorks,
  EmulatorWorksType,
} from './model/organization.js';
export type { PageAccess, PageBackend, PageRequest } from './model/pageAccess.js';
