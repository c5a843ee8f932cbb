import type { Credential } from './contract.js';
import { usesLeft, type CredentialEntry } from './credentialEntry.js';
import type { EngineCore, Report, ReportRecord } from './engineTypes.js';
import type { QuickBIEmbedError } from './errors.js';

export interface EmbedEvents {
  /** A renewal extended the credential on screen (never for a switch to another report). */
  onRenew?: ((credential: Credential) => void) | undefined;
  /** The report is not showing, or is about to stop: no live credential, refused, exhausted. */
  onError?: ((error: QuickBIEmbedError) => void) | undefined;
  /** A renewal failed while the report keeps showing; it is retried with backoff on its own. */
  onRenewalError?: ((error: QuickBIEmbedError) => void) | undefined;
  /** The ticket has few uses left after this embed took one (at most 1, or 10 % of the budget). */
  onBudgetLow?: ((usesLeft: number, maxUses: number) => void) | undefined;
}

export interface EmbedState {
  /** The report (`Report.key`) this state belongs to; a render for another report ignores it. */
  key: string | undefined;
  /** The iframe src: set once a use was claimed, kept while its credential lives. */
  src: string | undefined;
  /** The credential on screen (its latest renewal), else the report's current one. */
  credential: Credential | undefined;
  /** Expiry of that credential on this browser's clock, epoch ms. */
  expiresAt: number | undefined;
  /** Uses left on that ticket as far as this page knows. */
  usesLeft: number | undefined;
  /** Why the report is not showing. */
  error: QuickBIEmbedError | null;
  /** A renewal failure while the report shows (retried on its own). */
  renewalError: QuickBIEmbedError | null;
  isRenewing: boolean;
}

/**
 * One iframe's claim on a report's credential. It loads only with a use granted to this page,
 * waits (counted) while there is none, and keeps (pins) the credential it loaded with while that
 * lives. Detached and attached again to the same report (StrictMode's rehearsal) it keeps its src.
 */
export interface Embed {
  /** The callbacks to call from now on (a binding passes its latest props). */
  on(events: EmbedEvents): void;
  /** Shows `report` (with a credential the server prefetched, if any) until the release. */
  attach(report: Report, initialCredential?: Credential): () => void;
  /** The user's Retry. */
  retry(): void;
  getState(): EmbedState;
}

/** What the engine and its renewal planner see of an embed. */
export interface EmbedRecord extends Embed {
  /** Takes a use of its report's credential, or waits for one (after each change). */
  sync(): void;
  /** The callbacks to call, and the error and renewal error they last heard of (the planner's
   * `emit` tells them, after the first paint: the error path is not in the first chunk). */
  events: EmbedEvents;
  told: (QuickBIEmbedError | null)[];
}

export function createEmbed(engine: EngineCore, events: EmbedEvents = {}): EmbedRecord {
  let report: ReportRecord | undefined;
  let attached = false;
  let shown: CredentialEntry | undefined;
  let src: string | undefined;
  /** The credential the last onRenew (or the load) was about. */
  let seen: Credential | undefined;

  const drop = () => {
    if (attached && shown) engine.dispatch(shown.report, 'unshow', shown);
    shown = src = undefined;
  };

  const detach = () => {
    if (!attached || !report) return;
    // It stops counting as a viewer of what it shows, but keeps it for a later attach.
    attached = false;
    engine.dispatch(report, 'detach', self, shown);
    engine.dispatch(report, 'hold', -1);
    engine.dispatch(report, 'settle');
  };

  const self: EmbedRecord = {
    events,
    told: [],
    on(next) {
      self.events = next;
    },

    // The engine's reports are records (the interface shows callers their public side).
    attach(r: ReportRecord, initialCredential) {
      detach();
      // Another report: the old iframe goes at once, whatever happens to the new one.
      if (report !== r) drop();
      report = r;
      if (initialCredential) engine.dispatch(r, 'hydrate', initialCredential);
      attached = true;
      engine.dispatch(r, 'attach', self, shown);
      engine.dispatch(r, 'hold', 1);
      engine.dispatch(r, 'settle');
      return () => void (report === r && detach());
    },

    retry: () => void (report && engine.dispatch(report, 'retry')),

    /** Keeps what is on screen while it lives, else takes a granted use of the current credential. */
    sync() {
      const r = report;
      if (!r || !attached) return;
      if (engine.alive(shown)) {
        if (shown.latest !== seen) self.events.onRenew?.((seen = shown.latest));
        return;
      }
      drop();
      const c = r.current;
      // Every page load spends a ticket use: load only with one granted to this page.
      if (engine.alive(c) && c.granted > c.started) {
        engine.dispatch(r, 'start', self, c);
        shown = c;
        seen = c.latest;
        src = c.latest.reportUrl;
        // Whether the budget runs low is the planner's to tell (uses left after this one).
        engine.claimed(self, usesLeft(c));
        return;
      }
      engine.dispatch(r, 'wait', self);
      // Ask once for more (a fetch in flight is joined), unless a dry answer or a failure is
      // being retried with backoff.
      if (!r.dry && !r.exhausted && !r.error) engine.dispatch(r, 'fetch');
    },

    getState() {
      const r = report;
      const onScreen = shown ?? r?.current;
      return {
        key: r?.key,
        src,
        credential: onScreen?.latest,
        expiresAt: onScreen && engine.expiry(onScreen),
        usesLeft: onScreen && usesLeft(onScreen),
        // Waiting: the report's last failure, at once (a refusal is not retried: waiting for the
        // ticket on screen to die would be 'Loading report…' for minutes).
        error: shown ? null : (r?.exhausted ?? r?.error ?? null),
        renewalError: shown ? (shown.error ?? (shown === r?.current ? r.error : null)) : null,
        isRenewing: !!r?.inflight,
      };
    },
  };
  return self;
}
