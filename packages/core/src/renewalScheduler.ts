import {
  localExpiresAt,
  renewalDelay,
  retryDelay,
  type ExpiringCredential,
  type RenewalPolicy,
} from './renewalTiming.js';
import { systemTimers, type Timers } from './timers.js';

export interface RenewalScheduler {
  /**
   * Plan the next renewal of `credential` (received at local time `receivedAt`). After a failed
   * renewal (`failed`), plan a retry with backoff instead while the credential still lives, and
   * one last attempt at expiry, which can only succeed by getting a new credential.
   */
  plan(credential: ExpiringCredential, receivedAt: number, failed?: boolean): void;
  cancel(): void;
}

export interface RenewalSchedulerOptions {
  timers?: Timers;
  policy?: RenewalPolicy;
}

/** One timer: the next renewal of one credential. */
export function createRenewalScheduler(
  renew: () => void,
  { timers = systemTimers, policy }: RenewalSchedulerOptions = {},
): RenewalScheduler {
  let handle: unknown;
  let attempt = 0;
  const cancel = () => {
    if (handle !== undefined) timers.clearTimeout(handle);
    handle = undefined;
  };
  return {
    plan(credential, receivedAt, failed = false) {
      cancel();
      const now = timers.now();
      attempt = failed ? attempt + 1 : 0;
      let delay = failed
        ? retryDelay(attempt, credential, receivedAt, now, policy)
        : renewalDelay(credential, receivedAt, now, policy);
      if (delay === undefined) {
        const left = localExpiresAt(credential, receivedAt) - now;
        // Dead and the last attempt failed: wait for the user's retry.
        if (left <= 0) return;
        delay = left;
      }
      handle = timers.setTimeout(() => {
        handle = undefined;
        renew();
      }, delay);
    },
    cancel,
  };
}
