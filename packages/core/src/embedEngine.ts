import type { QuickBIClientAdapter } from './adapter.js';
import type { Credential, TicketCredential, TicketRequest } from './contract.js';
import { Embed, type EmbedEvents } from './embed.js';
import { isTransient } from './errorKind.js';
import { QuickBIEmbedError } from './errors.js';
import { rejectReportUrl } from './originCheck.js';
import { createRenewalScheduler, type RenewalScheduler } from './renewalScheduler.js';
import { localExpiresAt, type RenewalPolicy } from './renewalTiming.js';
import { snapshot } from './snapshot.js';
import { spareUses, type TicketEntry } from './ticketLedger.js';
import { systemTimers, type Timers } from './timers.js';
import type { WorksType } from './worksType.js';

/** One report as the browser asks for it. `worksType` is optional: the server decides it. */
export interface ReportRequest {
  worksId: string;
  worksType?: WorksType;
  /** One component of a dashboard (tickets only). */
  cmptId?: string;
  /** `ticket` (CreateTicket, default) or `token` (CreateEmbedToken). */
  credential?: 'ticket' | 'token';
}

/** A credential and the local time it arrived (for skew correction). */
export interface Held {
  credential: Credential;
  receivedAt: number;
}

export interface EmbedEngineOptions {
  adapter: QuickBIClientAdapter;
  /** The clock and timers everything runs on (tests pass fake ones). */
  timers?: Timers;
  renewal?: RenewalPolicy | undefined;
  /** The Quick BI origin to accept `reportUrl` on when the server announces none. */
  reportOrigin?: string | undefined;
  /** A credential fetched elsewhere (e.g. a query cache) to start a report with. */
  seed?: (request: ReportRequest) => Held | undefined;
  /** Attempts to recover on its own once the credential died of a transient failure (default 6). */
  recoveries?: number;
}

export interface ReportState {
  /** The current credential; kept while a renewal is in flight or after a renewal failed. */
  credential: Credential | undefined;
  /** `success` while a live credential is at hand, even if the last renewal failed. */
  status: 'pending' | 'success' | 'error';
  /** The last failure (cleared by the next success). */
  error: QuickBIEmbedError | null;
  /** Expiry on this browser's clock (skew-corrected), epoch ms. */
  expiresAt: number | undefined;
  isRenewing: boolean;
}

/** Answers in a row that leave waiting embeds no use, before they show TICKET_EXHAUSTED. */
export const DRY_LIMIT = 3;

// Bundlers replace `process.env.NODE_ENV`; the guard keeps an unbundled page from throwing.
const DEV = typeof process === 'undefined' ? false : process.env.NODE_ENV !== 'production';

const keyOf = (r: ReportRequest) =>
  JSON.stringify([r.credential ?? 'ticket', r.worksId, r.worksType ?? null, r.cmptId ?? null]);

/** One report's credential: fetched once, shared, renewed while anything holds it. */
export class Report {
  held: Held | undefined;
  error: QuickBIEmbedError | null = null;
  inflight: Promise<void> | undefined;
  /** Answers in a row that left waiting embeds nothing; TICKET_EXHAUSTED at the limit. */
  dry = 0;
  exhausted: QuickBIEmbedError | undefined;
  /** Self-recovery attempts since the credential died. */
  recoveries = 0;
  recovery: unknown;
  holders = 0;
  /** Attached embeds, and those of them without a src. */
  readonly embeds = new Set<Embed>();
  readonly waiting = new Set<Embed>();
  readonly scheduler: RenewalScheduler;
  private state: ReportState | undefined;
  private version = -1;

  constructor(
    readonly engine: EmbedEngine,
    readonly request: ReportRequest,
    readonly key: string,
  ) {
    this.scheduler = createRenewalScheduler(() => void engine.fetch(this), engine.schedulerOptions);
  }

  alive(): boolean {
    return !!this.held && this.engine.expiry(this.held) > this.engine.now();
  }

  /** Keep this report's credential fetched and renewed until the returned release. */
  retain = (): (() => void) => {
    this.engine.hold(this, 1);
    let held = true;
    return () => held && !(held = false) && this.engine.hold(this, -1);
  };

  /** Ask again now (the user's Retry): clears the error, the dry count and the backoff. */
  refetch = (): Promise<void> => this.engine.retry(this);

  getState = (): ReportState => {
    if (this.version !== this.engine.version) {
      this.version = this.engine.version;
      const alive = this.alive();
      const held = this.held;
      this.state = snapshot<ReportState>(this.state, {
        credential: held?.credential,
        status: alive ? 'success' : this.error ? 'error' : 'pending',
        error: this.error,
        expiresAt: held && this.engine.expiry(held),
        isRenewing: !!held && !!this.inflight,
      });
    }
    return this.state!;
  };
}

/**
 * A credential's life in the browser, for every report on one page (one instance per page or
 * QueryClient): the current credential per report, uses granted and started per ticket, embeds
 * waiting, tickets pinned by the embeds showing them and renewed in place, backoff, exhaustion
 * and self-recovery. Frameworks bind to it through `subscribe` and the snapshots.
 */
export class EmbedEngine {
  version = 0;
  readonly tickets = new Map<string, TicketEntry>();
  readonly reports = new Map<string, Report>();
  private readonly listeners = new Set<() => void>();
  private readonly hydrated = new Set<string>();

  constructor(public options: EmbedEngineOptions) {}

  /** Later settings (a new adapter, policy or origin) apply from the next call on. */
  configure(options: Partial<EmbedEngineOptions>): void {
    this.options = { ...this.options, ...options };
  }

  /**
   * The src a server-prefetched credential gives before anything ran in the browser: the same on
   * the server and in the hydrating render (a pure function of the credential), so the iframe is
   * in the first HTML. Only an origin-checked, unexpired one.
   */
  initialSrc(credential: Credential | undefined): string | undefined {
    return credential &&
      credential.expiresAt > credential.serverNow &&
      !rejectReportUrl(credential.reportUrl, credential.reportOrigin ?? this.options.reportOrigin)
      ? credential.reportUrl
      : undefined;
  }

  get timers(): Timers {
    return this.options.timers ?? systemTimers;
  }
  get schedulerOptions() {
    return { timers: this.timers, ...(this.options.renewal && { policy: this.options.renewal }) };
  }
  now = (): number => this.timers.now();
  expiry = (held: Held): number => localExpiresAt(held.credential, held.receivedAt);

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /**
   * The engine's version: it changes with every change, so it is a valid `useSyncExternalStore`
   * snapshot for anything reading `reports` and `tickets` (devtools).
   */
  getSnapshot = (): number => this.version;

  changed(): void {
    this.version++;
    for (const r of this.reports.values()) for (const e of r.embeds) e.emit();
    for (const listener of [...this.listeners]) listener();
  }

  /** The report for a request (the same object for the same report). */
  report(request: ReportRequest): Report {
    const key = keyOf(request);
    let r = this.reports.get(key);
    if (!r) {
      this.reports.set(key, (r = new Report(this, { ...request }, key)));
      const seed = this.options.seed?.(request);
      if (seed) this.accept(r, seed.credential, seed.receivedAt);
    }
    return r;
  }

  /** An embed: one iframe's claim on a report's credential. */
  embed(events: EmbedEvents = {}): Embed {
    const embed = new Embed(this);
    embed.on(events);
    return embed;
  }

  /**
   * Seeds a credential prefetched on the server (its `reservedUses` are this page's), once per
   * credential however often it is passed. Renewal is planned from its expiry as usual.
   */
  hydrate(report: Report, credential: Credential): void {
    const id = (credential.kind === 'ticket' ? credential.ticket : credential.accessToken) + '@';
    if (this.hydrated.has(id + credential.serverNow)) return;
    this.hydrated.add(id + credential.serverNow);
    if (!report.alive()) this.accept(report, credential, this.now());
  }

  /** Takes a credential into a report (the page's grant counted); false when it may not load. */
  private accept(r: Report, credential: Credential, receivedAt: number): boolean {
    try {
      r.held = { credential: this.book(credential, 1, receivedAt), receivedAt };
      return true;
    } catch (error) {
      this.fail(r, error);
      return false;
    }
  }

  /** Checks an answer's origin and books a ticket's grant (`fallback` for older servers). */
  book<C extends Credential>(answer: C, fallback: number, receivedAt = this.now()): C {
    const rejected = rejectReportUrl(
      answer.reportUrl,
      answer.reportOrigin ?? this.options.reportOrigin,
    );
    if (rejected) throw rejected;
    if (answer.kind === 'ticket') {
      const t = this.tickets.get(answer.ticket) ?? {
        granted: 0,
        started: 0,
        shownBy: 0,
        ended: false,
        error: null,
        pin: undefined,
        latest: answer,
        receivedAt,
      };
      t.granted += answer.reservedUses ?? fallback;
      t.latest = answer;
      t.receivedAt = receivedAt;
      this.tickets.set(answer.ticket, t);
    }
    return answer;
  }

  fail(r: Report, cause: unknown): void {
    const error =
      cause instanceof QuickBIEmbedError
        ? cause
        : new QuickBIEmbedError({ code: 'INTERNAL', message: String(cause) });
    if (DEV && error.code !== r.error?.code)
      console.warn(
        `[quickbi-embed] ${error.code}${error.requestId ? ` (requestId ${error.requestId})` : ''}: ${error.message}`,
      );
    r.error = error;
  }

  hold(r: Report, by: 1 | -1): void {
    r.holders += by;
    // Only the first holder starts it and the last one stops it.
    if (r.holders !== (by > 0 ? 1 : 0)) return;
    if (by > 0 && !r.alive()) void this.fetch(r);
    else this.plan(r);
  }

  retry(r: Report): Promise<void> {
    r.error = null;
    r.dry = r.recoveries = 0;
    r.exhausted = undefined;
    return this.fetch(r);
  }

  /** Fetches the report's credential once: a fetch in flight is joined, not restarted. */
  fetch(r: Report): Promise<void> {
    if (r.inflight) return r.inflight;
    r.inflight = this.run(r).finally(() => {
      r.inflight = undefined;
      this.plan(r);
      this.settle(r);
    });
    this.changed();
    return r.inflight;
  }

  private async run(r: Report): Promise<void> {
    // Embeds attached in the same commit (their effects run back to back) register as waiting
    // before the count is read.
    await null;
    const { adapter } = this.options;
    const { worksId, worksType, cmptId } = r.request;
    const base = { worksId, ...(worksType && { worksType }) };
    const alive = r.alive() ? r.held!.credential : undefined;
    try {
      const answer =
        r.request.credential === 'token'
          ? // A renewal asks for a real extension: the server's reuse cache must not answer it.
            this.book(await adapter.createEmbedToken(alive ? { ...base, renew: true } : base), 0)
          : await this.ticket(r, adapter, { ...base, ...(cmptId !== undefined && { cmptId }) });
      r.held = { credential: answer, receivedAt: this.now() };
      r.error = null;
      r.recoveries = 0;
    } catch (error) {
      this.fail(r, error);
    }
  }

  /**
   * Renews the current ticket in place while it lives, reserving the uses waiting embeds need
   * (the server may top it up), and else asks for a ticket again (more of it, or a new one).
   */
  private async ticket(
    r: Report,
    adapter: QuickBIClientAdapter,
    request: TicketRequest,
  ): Promise<TicketCredential> {
    const current = r.alive() ? (r.held!.credential as TicketCredential) : undefined;
    const spare = (c?: TicketCredential) => (c ? spareUses(this.tickets.get(c.ticket)!) : 0);
    const wanted = Math.max(0, r.waiting.size - Math.max(0, spare(current)));
    const usable = (c?: TicketCredential) => !!c && (!wanted || spare(c) > 0);
    let renewed: TicketCredential | undefined;
    if (current) {
      try {
        renewed = this.book(
          await adapter.renewTicket({ ticket: current.ticket, ...(wanted && { uses: wanted }) }),
          0,
        );
        if (renewed.ticket !== current.ticket) this.tickets.get(current.ticket)!.ended = true;
      } catch (error) {
        // Refused (expired, not ours, no more renewals): a new ticket can still work.
        if (!(error as QuickBIEmbedError).isClientError) throw error;
      }
    }
    let answer = renewed;
    if (!usable(answer)) {
      const created = this.book(
        await adapter.createTicket(wanted > 1 ? { ...request, uses: wanted } : request),
        1,
      );
      // Nothing for the waiting embeds either way: keep the extended ticket rather than a new one.
      answer = usable(created) ? created : (renewed ?? created);
    }
    r.dry = usable(answer) ? 0 : r.dry + 1;
    r.exhausted =
      r.dry < DRY_LIMIT
        ? undefined
        : (r.exhausted ??
          new QuickBIEmbedError({
            code: 'TICKET_EXHAUSTED',
            message: 'No ticket use granted',
          }));
    return answer!;
  }

  /** Plans the report's next renewal, retry or self-recovery; nothing while nobody holds it. */
  private plan(r: Report): void {
    if (r.recovery !== undefined) this.timers.clearTimeout(r.recovery);
    r.recovery = undefined;
    r.scheduler.cancel();
    if (!r.holders) return;
    if (r.alive())
      // A dry answer (waiting embeds got no use) is retried like a failure, with backoff.
      return r.scheduler.plan(
        r.held!.credential,
        r.held!.receivedAt,
        !!r.error || (r.dry > 0 && !r.exhausted),
      );
    // Dead (an outage outlived it) or never fetched: recover on its own, with backoff, bounded;
    // refusals (4xx) wait for the user.
    const policy = this.options.renewal;
    if (r.error && isTransient(r.error) && r.recoveries < (this.options.recoveries ?? 6))
      r.recovery = this.timers.setTimeout(
        () => {
          r.recovery = undefined;
          r.recoveries++;
          void this.fetch(r);
        },
        Math.min((policy?.retryBaseMs ?? 1000) * 2 ** r.recoveries, policy?.retryMaxMs ?? 30_000),
      );
  }

  /** After a change: embeds take what they can, pins follow, subscribers hear of it. */
  settle(r: Report): void {
    for (const e of r.embeds) e.sync();
    for (const t of this.tickets.values()) this.pin(t, r);
    this.changed();
  }

  /**
   * A ticket embeds show that is no longer its report's current one is renewed in place (one
   * timer per ticket value), so those reports neither expire nor reload.
   */
  private pin(t: TicketEntry, r: Report): void {
    const current = r.held?.credential;
    const pinned =
      t.shownBy > 0 &&
      !t.ended &&
      t.latest.worksId === r.request.worksId &&
      !(current?.kind === 'ticket' && current.ticket === t.latest.ticket);
    if (!pinned) {
      t.pin?.cancel();
      t.pin = undefined;
    } else if (!t.pin) {
      t.pin = createRenewalScheduler(() => this.renewPin(t, r), this.schedulerOptions);
      t.pin.plan(t.latest, t.receivedAt);
    }
  }

  private renewPin(t: TicketEntry, r: Report): void {
    const ticket = t.latest.ticket;
    this.options.adapter
      .renewTicket({ ticket })
      .then(
        (answer) => {
          this.book(answer, 0);
          t.ended = answer.ticket !== ticket;
          t.error = null;
        },
        (error: QuickBIEmbedError) => (t.error = error),
      )
      .finally(() => {
        const live = localExpiresAt(t.latest, t.receivedAt) > this.now();
        if (t.pin && live && !t.ended) t.pin.plan(t.latest, t.receivedAt, !!t.error);
        this.settle(r);
      });
  }
}
