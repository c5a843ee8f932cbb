/**
 * When to renew a credential. Pure functions of the server's answer and the local clock, so
 * they can be tested without timers.
 *
 * The server sends `expiresAt` and its own `serverNow`; the browser's clock may be minutes off,
 * so every time is first moved onto the local clock: `local = server + (receivedAt - serverNow)`.
 * Network latency makes that estimate late by at most one round trip, which the margin absorbs.
 */
export interface ExpiringCredential {
  /** Epoch ms on the server's clock. */
  expiresAt: number;
  /** The server's clock when it answered, epoch ms. */
  serverNow: number;
}

export interface RenewalPolicy {
  /** How long before expiry to renew, given the credential's lifetime (ms). */
  margin?: (lifetimeMs: number) => number;
  /** First retry delay after a failed renewal; doubles per attempt. */
  retryBaseMs?: number;
  retryMaxMs?: number;
}

/** The larger of 60 s and 10 % of the lifetime, but at most half of it. */
export function defaultRenewalMargin(lifetimeMs: number): number {
  // Without the half-lifetime cap a credential shorter than 60 s would be renewed the moment it
  // arrives, forever.
  return Math.min(Math.max(60_000, lifetimeMs / 10), lifetimeMs / 2);
}

/** Never schedule sooner than this: an already-expired answer must not spin a renewal loop. */
const MIN_DELAY_MS = 1000;

/** The credential's expiry on the local clock. */
export function localExpiresAt(credential: ExpiringCredential, receivedAt: number): number {
  return credential.expiresAt - credential.serverNow + receivedAt;
}

/** Milliseconds from `now` until the credential should be renewed. */
export function renewalDelay(
  credential: ExpiringCredential,
  receivedAt: number,
  now: number,
  policy: RenewalPolicy = {},
): number {
  const lifetime = credential.expiresAt - credential.serverNow;
  const margin = (policy.margin ?? defaultRenewalMargin)(lifetime);
  return Math.max(MIN_DELAY_MS, localExpiresAt(credential, receivedAt) - margin - now);
}

/**
 * Delay before retry number `attempt` (1-based) of a failed renewal, or `undefined` once the
 * credential will be dead by then: retrying an expired ticket cannot extend it.
 */
export function retryDelay(
  attempt: number,
  credential: ExpiringCredential,
  receivedAt: number,
  now: number,
  policy: RenewalPolicy = {},
): number | undefined {
  const delay = Math.min(
    (policy.retryBaseMs ?? 1000) * 2 ** (attempt - 1),
    policy.retryMaxMs ?? 30_000,
  );
  const left = localExpiresAt(credential, receivedAt) - now;
  // The last try goes a little before expiry rather than not at all.
  return left > MIN_DELAY_MS ? Math.min(delay, left - MIN_DELAY_MS) : undefined;
}
