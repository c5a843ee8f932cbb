import type { Credential } from './contract.js';
import type { EmbedEngine, Held, Report } from './embedEngine.js';
import type { QuickBIEmbedError } from './errors.js';
import { snapshot } from './snapshot.js';
import { spareUses, usesLeft, type TicketEntry } from './ticketLedger.js';

export interface EmbedEvents {
  /** A renewal extended the credential on screen (never for a switch to another report). */
  onRenew?: (credential: Credential) => void;
  /** The report is not showing, or is about to stop: no live credential, refused, exhausted. */
  onError?: (error: QuickBIEmbedError) => void;
  /** A renewal failed while the report keeps showing; it is retried with backoff on its own. */
  onRenewalError?: (error: QuickBIEmbedError) => void;
  /** The ticket has few uses left after this embed took one (at most 1, or 10 % of the budget). */
  onBudgetLow?: (usesLeft: number, maxUses: number) => void;
}

export interface EmbedState {
  /** The report (`Report.key`) this state belongs to; a render for another report ignores `src`. */
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
  /** A transient renewal failure while the report shows. */
  renewalError: QuickBIEmbedError | null;
  isRenewing: boolean;
}

interface Shown {
  id: string;
  url: string;
  credential: Credential;
  ticket: TicketEntry | undefined;
}

const idOf = (c: Credential | undefined) => (c?.kind === 'ticket' ? c.ticket : c?.accessToken);

/**
 * One iframe's claim on a report's credential. It loads only with a use granted to this page,
 * waits (counted) while there is none, and keeps (pins) the ticket it loaded with while that
 * lives. Detached and attached again to the same report (StrictMode's rehearsal) it keeps its src.
 */
export class Embed {
  private report: Report | undefined;
  private attached = false;
  private shown: Shown | undefined;
  private state: EmbedState | undefined;
  private version = -1;
  private told: (QuickBIEmbedError | null)[] = [null, null];
  private events: EmbedEvents = {};

  constructor(private readonly engine: EmbedEngine) {}

  /** The callbacks to call from now on (the latest props, in a framework binding). */
  on(events: EmbedEvents): void {
    this.events = events;
  }

  /** Shows `report` (with a credential prefetched on the server, if any) until the release. */
  attach(report: Report, initial?: Credential): () => void {
    // Another report: the old iframe goes at once, whatever happens to the new one.
    if (this.report !== report) this.drop();
    this.report = report;
    if (initial) this.engine.hydrate(report, initial);
    this.attached = true;
    if (this.shown?.ticket) this.shown.ticket.shownBy++;
    report.embeds.add(this);
    this.engine.hold(report, 1);
    this.engine.settle(report);
    return () => this.detach(report);
  }

  private detach(report: Report): void {
    if (!this.attached || this.report !== report) return;
    this.attached = false;
    if (this.shown?.ticket) this.shown.ticket.shownBy--;
    report.embeds.delete(this);
    report.waiting.delete(this);
    this.engine.hold(report, -1);
    this.engine.settle(report);
  }

  private drop(): void {
    if (this.attached && this.shown?.ticket) this.shown.ticket.shownBy--;
    this.shown = undefined;
  }

  /** The user's Retry. */
  retry = (): void => void (this.report && this.engine.retry(this.report));

  /** Keeps what is on screen while it lives, else takes a granted use of the current credential. */
  sync(): void {
    const r = this.report;
    if (!r || !this.attached) return;
    const { engine } = this;
    const s = this.shown;
    if (s) {
      const t = s.ticket;
      const latest: Held | undefined = t
        ? { credential: t.latest, receivedAt: t.receivedAt }
        : r.held?.credential.kind === 'token' && idOf(r.held.credential) === s.id
          ? r.held
          : undefined;
      if (latest && !t?.ended && engine.expiry(latest) > engine.now()) {
        if (latest.credential !== s.credential) {
          s.credential = latest.credential;
          this.events.onRenew?.(latest.credential);
        }
        return;
      }
      this.drop();
    }
    const c = r.alive() ? r.held!.credential : undefined;
    const t = c?.kind === 'ticket' ? engine.tickets.get(c.ticket) : undefined;
    // Every page load spends a ticket use: load only with one granted to this page.
    if (c && (!t || spareUses(t) > 0)) {
      r.waiting.delete(this);
      this.shown = { id: idOf(c)!, url: c.reportUrl, credential: c, ticket: t };
      if (!t) return;
      t.started++;
      t.shownBy++;
      const left = usesLeft(t);
      if (left <= Math.max(1, t.latest.maxUses / 10))
        this.events.onBudgetLow?.(left, t.latest.maxUses);
      return;
    }
    r.waiting.add(this);
    // Ask once for more, unless a dry answer or a failure is being retried with backoff.
    if (!r.inflight && !r.dry && !r.exhausted && !r.error) void engine.fetch(r);
  }

  getState = (): EmbedState => {
    if (this.version !== this.engine.version) {
      this.version = this.engine.version;
      const r = this.report;
      const s = this.shown;
      const report = r?.getState();
      const t =
        s?.ticket ??
        (report?.credential?.kind === 'ticket'
          ? this.engine.tickets.get(report.credential.ticket)
          : undefined);
      const onScreen = s?.ticket
        ? { credential: s.ticket.latest, receivedAt: s.ticket.receivedAt }
        : r?.held;
      const current = s && s.id === idOf(r?.held?.credential);
      this.state = snapshot<EmbedState>(this.state, {
        key: r?.key,
        src: s?.url,
        credential: s?.credential ?? report?.credential,
        expiresAt: onScreen && this.engine.expiry(onScreen),
        usesLeft: t && usesLeft(t),
        error: s ? null : (r?.exhausted ?? (report?.status === 'error' ? report.error : null)),
        renewalError: s ? (s.ticket?.error ?? (current ? report!.error : null)) : null,
        isRenewing: !!s && !!r?.inflight,
      });
    }
    return this.state!;
  };

  /** Fires the error callbacks once per new error. */
  emit(): void {
    const { error, renewalError } = this.getState();
    const [toldError, toldRenewal] = this.told;
    this.told = [error, renewalError];
    if (error && error.code !== toldError?.code) this.events.onError?.(error);
    if (renewalError && renewalError.code !== toldRenewal?.code)
      this.events.onRenewalError?.(renewalError);
  }
}
