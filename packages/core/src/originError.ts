import { QuickBIEmbedError } from './errors.js';

/** The typed error for a `reportUrl` that may not load. */
export const reportOriginRejected = (): QuickBIEmbedError =>
  new QuickBIEmbedError({
    code: 'REPORT_ORIGIN_REJECTED',
    // Decided here, not by an answer.
    status: 0,
    message: 'The report URL is not on the Quick BI origin (https); it was not loaded',
  });
