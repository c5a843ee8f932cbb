/**
 * A credential's expiry moved onto the local clock. Its own module, apart from the rest of
 * `renewalTiming.ts`: the engine needs it for the first paint, the renewal timing only once the
 * lazily loaded renewal planner runs, and a bundler ships a shared module whole with the page.
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

/** The credential's expiry on the local clock. */
export function localExpiresAt(credential: ExpiringCredential, receivedAt: number): number {
  return credential.expiresAt - credential.serverNow + receivedAt;
}
