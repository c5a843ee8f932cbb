import type { CredentialEntry } from './credentialEntry.js';
import type { EmbedEngine } from './embedEngine.js';
import { localExpiresAt, renewalDelay, type RenewalPolicy } from './renewalTiming.js';

export interface CredentialTiming {
  /** Expiry on this browser's clock (skew-corrected), epoch ms. */
  expiresAt: number;
  /**
   * When the engine renews it next (its clock, epoch ms): while it is its report's current
   * credential or an embed still shows it. `replaced` once the server answered another value;
   * `undefined` while nothing renews it.
   */
  renewsAt: number | 'replaced' | undefined;
}

/**
 * Expiry and next renewal of one of the engine's credentials, by the same formulas and renewal
 * policy the engine schedules with (read only; for the devtools and other debugging views).
 */
export function credentialTiming(
  engine: EmbedEngine,
  entry: CredentialEntry,
  policy: RenewalPolicy | undefined = engine.options().renewal,
): CredentialTiming {
  const { latest, receivedAt } = entry;
  const now = engine.now();
  return {
    expiresAt: localExpiresAt(latest, receivedAt),
    renewsAt: entry.ended
      ? 'replaced'
      : entry.shownBy || entry === entry.report.current
        ? now + renewalDelay(latest, receivedAt, now, policy)
        : undefined,
  };
}
