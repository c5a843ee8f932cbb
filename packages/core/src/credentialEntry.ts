import type { Credential } from './contract.js';
import type { ReportRecord } from './engineTypes.js';
import type { QuickBIEmbedError } from './errors.js';

/**
 * What this page knows about one credential value (a ticket, or a token). The server grants each
 * ticket answer `reservedUses` page loads; only those are this page's to spend, because other tabs
 * and users of the same ticket spend theirs (the server's `usedUses` says nothing about which
 * loads are ours). A token has no use budget: it is granted without limit. Its timers are the
 * renewal planner's own; it goes with its report when that is collected.
 */
export interface CredentialEntry {
  /** The report it was issued for. */
  report: ReportRecord;
  /** The last answer about this value, and the local time it arrived (for skew correction). */
  latest: Credential;
  receivedAt: number;
  /** Page loads the server granted this page, and those started here. */
  granted: number;
  started: number;
  /** Attached embeds showing it: while any does and it is not its report's current credential,
   * a ticket is renewed in place (pinned) so they neither expire nor reload. */
  shownBy: number;
  /** Replaced for good (the server answered another value): embeds showing it load the new one. */
  ended?: boolean;
  /** The last in-place renewal failed (cleared by the next success). */
  error?: QuickBIEmbedError | null;
}

/** Uses left on a ticket as a whole (all callers), as far as this page knows. */
export function usesLeft({ latest, started }: CredentialEntry): number | undefined {
  return latest.kind === 'ticket'
    ? latest.maxUses - Math.max(latest.usedUses + (latest.reservedUses ?? 0), started)
    : undefined;
}
