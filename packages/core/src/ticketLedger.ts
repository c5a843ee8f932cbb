import type { TicketCredential } from './contract.js';
import type { QuickBIEmbedError } from './errors.js';
import type { RenewalScheduler } from './renewalScheduler.js';

/**
 * What this page knows about one ticket value. The server grants each answer `reservedUses` page
 * loads; only those are this page's to spend, because other tabs and users of the same ticket
 * spend theirs (the server's `usedUses` says nothing about which loads are ours).
 */
export interface TicketEntry {
  /** Page loads the server granted this page. */
  granted: number;
  /** Page loads started here (iframes given this ticket). */
  started: number;
  /** The last answer about this ticket, and the local time it arrived. */
  latest: TicketCredential;
  receivedAt: number;
  /** Attached embeds showing this ticket: while any does and it is not its report's current
   * ticket, it is renewed in place (pinned). */
  shownBy: number;
  /** The server will not extend it any more (it answered another ticket). */
  ended: boolean;
  /** The last in-place renewal failed (cleared by the next success). */
  error: QuickBIEmbedError | null;
  /** Its in-place renewal timer, while it is pinned. */
  pin: RenewalScheduler | undefined;
}

/** Granted loads not yet started here. */
export const spareUses = (t: TicketEntry) => t.granted - t.started;

/** Uses left on the ticket as a whole (all callers), as far as this page knows. */
export const usesLeft = (t: TicketEntry) =>
  t.latest.maxUses - Math.max(t.latest.usedUses + (t.latest.reservedUses ?? 0), t.started);
