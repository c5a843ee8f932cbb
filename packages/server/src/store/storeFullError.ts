import { ERROR_STATUS, QuickBIEmbedError } from '@quickbi-embed/core';

/**
 * A store refused to record something that protects a user (an ownership record, a use counter,
 * an index entry) because it is full of live ones. Answered 503 STORE_UNAVAILABLE: refusing a new
 * mint is safe, dropping a live ticket's record is not (its owner could no longer renew it, and a
 * spent ticket would look fresh).
 */
export class StoreFullError extends QuickBIEmbedError {
  constructor(limit: number) {
    super({
      code: 'STORE_UNAVAILABLE',
      status: ERROR_STATUS.STORE_UNAVAILABLE,
      message: `The credential store holds its limit of ${limit} live records; retry later`,
    });
  }
}

/** A fenced write found its lease lost (expired, maybe taken by another holder): nothing was written. */
export class LeaseLostError extends QuickBIEmbedError {
  constructor() {
    super({
      code: 'UPSTREAM_TIMEOUT',
      status: ERROR_STATUS.UPSTREAM_TIMEOUT,
      message: 'Another request took over creating this credential; retry shortly',
    });
  }
}
