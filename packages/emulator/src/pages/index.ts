/** The emulator's embed pages: dashboards, workbooks, data screens and self-service download. */
export { createPageHandler } from './handler.js';
export type { PageHandler, PageHandlerOptions } from './handler.js';
export {
  applyGlobalParam,
  parseGlobalParam,
  GlobalParamError,
  OPERATORS,
  UNKNOWN_PARAM_KEY_CODE,
  UNKNOWN_PARAM_KEY_TEXT,
} from './globalParam.js';
export type { GlobalParamCondition, Operator } from './globalParam.js';
export { SAMPLE_ROWS, ORDER_FIELDS, NUMERIC_FIELDS, REGIONS } from './sampleData.js';
export type { OrderField, OrderRow } from './sampleData.js';
export { PageError, MISMATCH_CODE, MISMATCH_TEXT } from './pageError.js';
export { REFRESH_PATH } from './routes.js';
export type * from '../model/organization.js';
export type * from '../model/pageAccess.js';
