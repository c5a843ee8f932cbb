import type { QuickBIClientAdapter } from './adapter.js';
import type { ContractFilter, Credential, TicketRequest } from './contract.js';
import type { CredentialEntry } from './credentialEntry.js';
import { createEmbed, type Embed, type EmbedEvents, type EmbedRecord } from './embed.js';
import { QuickBIEmbedError } from './errors.js';
import { rejectReportUrl } from './originCheck.js';
import { createRenewalScheduler, type RenewalScheduler } from './renewalScheduler.js';
import { localExpiresAt, type RenewalPolicy } from './renewalTiming.js';
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
  /**
   * Host-chosen filters (tickets only): the server ANDs them to the policy's own, or refuses them
   * (FILTER_NOT_ALLOWED). Another choice is another report: it gets its own ticket and re-embeds.
   */
  filters?: ContractFilter[];
}

export interface EmbedEngineOptions {
  adapter: QuickBIClientAdapter;
  /** The clock and timers everything runs on (tests pass fake ones). */
  timers?: Timers | undefined;
  renewal?: RenewalPolicy | undefined;
  /** The Quick BI origin to accept `reportUrl` on when the server announces none. */
  reportOrigin?: string | undefined;
  /** A credential fetched elsewhere (e.g. prefetched into a query cache) to start a report with. */
  seed?: ((request: ReportRequest) => SeedCredential | undefined) | undefined;
  /** Attempts to recover on its own once the credential died of a transient failure (default 6). */
  recoveries?: number | undefined;
}

export interface SeedCredential {
  credential: Credential;
  /** The local time it arrived, for skew correction. */
  receivedAt: number;
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

/** One report's credential: fetched once, shared by everything showing or holding it. */
export interface Report {
  readonly key: string;
  readonly request: ReportRequest;
  /** Keeps the credential fetched and renewed until the returned release. */
  retain(): () => void;
  /** Asks again now (the user's Retry): clears the error, the dry count and the backoff. */
  refetch(): Promise<void>;
  getState(): ReportState;
}

/** The engine's bookkeeping of a report (named fields, for tests and devtools). */
export interface ReportRecord extends Report {
  current: CredentialEntry | undefined;
  error: QuickBIEmbedError | null;
  inflight: Promise<void> | undefined;
  /** Answers in a row that left waiting embeds no use; TICKET_EXHAUSTED at `DRY_LIMIT`. */
  dry: number;
  exhausted: QuickBIEmbedError | undefined;
  /** Self-recovery attempts since the credential died, and the pending one. */
  recoveries: number;
  recovery: unknown;
  holders: number;
  /** Attached embeds, and those of them without a src. */
  embeds: Set<EmbedRecord>;
  waiting: Set<EmbedRecord>;
  scheduler: RenewalScheduler;
}

/**
 * A credential's life in the browser for every report on one page: one instance per page (or
 * QueryClient). Frameworks bind to it with `subscribe` / `getSnapshot` and read the states.
 */
export interface EmbedEngine {
  subscribe(listener: () => void): () => void;
  /** Changes with every change: a valid `useSyncExternalStore` snapshot for reading any state. */
  getSnapshot(): number;
  /** The report for a request: the same object for the same report. */
  report(request: ReportRequest): Report;
  /** One iframe's claim on a report's credential. */
  embed(events?: EmbedEvents): Embed;
  /**
   * The src of a server-prefetched credential before anything ran in the browser: the same on
   * the server and in the hydrating render (a pure function of it), so the iframe is in the first
   * HTML. Only an unexpired one on the allowed origin.
   */
  initialSrc(credential: Credential | undefined): string | undefined;
  /** Later settings (a new adapter, policy or origin) apply from the next call on. */
  configure(options: Partial<EmbedEngineOptions>): void;
  /** The engine's clock. */
  now(): number;
  /** Every report and credential this page holds, for tests and devtools. */
  readonly reports: ReadonlyMap<string, ReportRecord>;
  readonly credentials: ReadonlyMap<string, CredentialEntry>;
}

/** What an embed needs of the engine. */
export interface EngineCore {
  now(): number;
  alive(entry: CredentialEntry | undefined): entry is CredentialEntry;
  expiry(entry: CredentialEntry): number;
  hold(r: ReportRecord, by: 1 | -1): void;
  settle(r: ReportRecord): void;
  fetch(r: ReportRecord): Promise<void>;
  hydrate(r: ReportRecord, credential: Credential): void;
}

/** Answers in a row that leave waiting embeds no use, before they show TICKET_EXHAUSTED. */
export const DRY_LIMIT = 3;

// Bundlers replace `process.env.NODE_ENV`; the guard keeps an unbundled page from throwing.
const DEV = typeof process === 'undefined' ? false : process.env.NODE_ENV !== 'production';

/** Failures that may pass on their own (no answer, 5xx, 429): worth retrying without a click. */
export const isTransient = ({ code, status }: QuickBIEmbedError): boolean =>
  code === 'NETWORK_ERROR' || status === 429 || status >= 500;

const idOf = (c: Credential) => (c.kind === 'ticket' ? c.ticket : c.accessToken);

// Internals are closures rather than class members: minifiers shorten local names, never member
// names, and this file is most of what every page ships.
export function createEmbedEngine(initial: EmbedEngineOptions): EmbedEngine {
  let options = initial;
  let version = 0;
  const listeners = new Set<() => void>();
  const reports = new Map<string, ReportRecord>();
  const credentials = new Map<string, CredentialEntry>();
  const hydrated = new Set<string>();
  const timers = () => options.timers ?? systemTimers;
  const now = () => timers().now();
  const schedule = (renew: () => void) =>
    createRenewalScheduler(renew, { timers: timers(), policy: options.renewal ?? {} });
  const expiry = (e: CredentialEntry) => localExpiresAt(e.latest, e.receivedAt);
  const alive = (e: CredentialEntry | undefined): e is CredentialEntry =>
    !!e && !e.ended && expiry(e) > now();

  function changed() {
    version++;
    for (const r of reports.values()) for (const e of r.embeds) e.emit();
    for (const listener of [...listeners]) listener();
  }

  /** Checks an answer's origin and books it (a ticket's grant: `fallback` for older servers). */
  function book(r: ReportRecord, answer: Credential, fallback: number, receivedAt = now()) {
    const rejected = rejectReportUrl(answer.reportUrl, answer.reportOrigin ?? options.reportOrigin);
    if (rejected) throw rejected;
    const id = idOf(answer);
    const entry: CredentialEntry = credentials.get(id) ?? {
      report: r,
      latest: answer,
      receivedAt,
      granted: answer.kind === 'ticket' ? 0 : Infinity,
      started: 0,
      shownBy: 0,
      ended: false,
      error: null,
      pin: undefined,
    };
    if (answer.kind === 'ticket') entry.granted += answer.reservedUses ?? fallback;
    entry.latest = answer;
    entry.receivedAt = receivedAt;
    credentials.set(id, entry);
    return entry;
  }

  function fail(r: ReportRecord, cause: unknown) {
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

  function accept(r: ReportRecord, credential: Credential, receivedAt: number) {
    try {
      r.current = book(r, credential, 1, receivedAt);
    } catch (error) {
      fail(r, error);
    }
  }

  function hold(r: ReportRecord, by: 1 | -1) {
    r.holders += by;
    // Only the first holder starts it and the last one stops it.
    if (r.holders !== (by > 0 ? 1 : 0)) return;
    if (by > 0 && !alive(r.current)) void fetch(r);
    else plan(r);
  }

  function retry(r: ReportRecord) {
    r.error = null;
    r.dry = r.recoveries = 0;
    r.exhausted = undefined;
    return fetch(r);
  }

  /** Fetches once: a fetch in flight is joined, not restarted. */
  function fetch(r: ReportRecord): Promise<void> {
    if (!r.inflight) {
      r.inflight = run(r).finally(() => {
        r.inflight = undefined;
        plan(r);
        settle(r);
      });
      changed();
    }
    return r.inflight;
  }

  async function run(r: ReportRecord) {
    // Embeds attached in the same commit (their effects run back to back) register as waiting
    // before the count is read.
    await null;
    const { adapter } = options;
    const { worksId, worksType, cmptId, credential, filters } = r.request;
    const base = { worksId, ...(worksType && { worksType }) };
    const current = alive(r.current) ? r.current : undefined;
    try {
      const next =
        credential === 'token'
          ? // A renewal asks for a real extension: the server's reuse cache must not answer it.
            book(r, await adapter.createEmbedToken(current ? { ...base, renew: true } : base), 0)
          : await ticket(r, adapter, current, {
              ...base,
              ...(cmptId !== undefined && { cmptId }),
              ...(filters?.length && { filters }),
            });
      // A token is never pinned: embeds showing a replaced one load the new one.
      if (credential === 'token' && current && current !== next) current.ended = true;
      r.current = next;
      r.error = null;
      r.recoveries = 0;
    } catch (error) {
      fail(r, error);
    }
  }

  /**
   * Renews the current ticket in place while it lives, reserving the uses waiting embeds need
   * (the server may top it up), and else asks for a ticket again (more of it, or a new one).
   */
  async function ticket(
    r: ReportRecord,
    adapter: QuickBIClientAdapter,
    current: CredentialEntry | undefined,
    request: TicketRequest,
  ) {
    const spare = (e?: CredentialEntry) => (e ? e.granted - e.started : 0);
    const wanted = Math.max(0, r.waiting.size - Math.max(0, spare(current)));
    const usable = (e?: CredentialEntry): e is CredentialEntry => !!e && (!wanted || spare(e) > 0);
    let renewed: CredentialEntry | undefined;
    if (current)
      try {
        const ticket = idOf(current.latest);
        renewed = book(
          r,
          await adapter.renewTicket({
            ticket,
            ...(wanted && { uses: wanted }),
            ...(request.filters && { filters: request.filters }),
          }),
          0,
        );
        if (renewed !== current) current.ended = true;
      } catch (error) {
        // Refused (expired, not ours, no more renewals): a new ticket can still work.
        if (!(error as QuickBIEmbedError).isClientError) throw error;
      }
    let answer = renewed;
    if (!usable(answer)) {
      const created = book(
        r,
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
          new QuickBIEmbedError({ code: 'TICKET_EXHAUSTED', message: 'No ticket use granted' }));
    return answer!;
  }

  /** Plans the report's next renewal, retry or self-recovery; nothing while nobody holds it. */
  function plan(r: ReportRecord) {
    if (r.recovery !== undefined) timers().clearTimeout(r.recovery);
    r.recovery = undefined;
    r.scheduler.cancel();
    if (!r.holders) return;
    const current = r.current;
    if (alive(current))
      // A dry answer (waiting embeds got no use) is retried like a failure, with backoff.
      return r.scheduler.plan(
        current.latest,
        current.receivedAt,
        !!r.error || (r.dry > 0 && !r.exhausted),
      );
    // Dead (an outage outlived it) or never fetched: recover on its own, with backoff, bounded;
    // refusals (4xx) wait for the user.
    const { retryBaseMs = 1000, retryMaxMs = 30_000 } = options.renewal ?? {};
    if (r.error && isTransient(r.error) && r.recoveries < (options.recoveries ?? 6))
      r.recovery = timers().setTimeout(
        () => {
          r.recovery = undefined;
          r.recoveries++;
          void fetch(r);
        },
        Math.min(retryBaseMs * 2 ** r.recoveries, retryMaxMs),
      );
  }

  /** After a change: embeds take what they can, pins follow, subscribers hear of it. */
  function settle(r: ReportRecord) {
    for (const e of r.embeds) e.sync();
    for (const entry of credentials.values()) if (entry.report === r) pin(entry);
    changed();
  }

  /**
   * A ticket embeds show that is no longer its report's current one is renewed in place (one
   * timer per ticket value), so those reports neither expire nor reload.
   */
  function pin(entry: CredentialEntry) {
    const pinned =
      entry.shownBy > 0 &&
      !entry.ended &&
      entry.latest.kind === 'ticket' &&
      entry !== entry.report.current;
    if (!pinned) {
      entry.pin?.cancel();
      entry.pin = undefined;
    } else if (!entry.pin) {
      entry.pin = schedule(() => renewPin(entry));
      entry.pin.plan(entry.latest, entry.receivedAt);
    }
  }

  function renewPin(entry: CredentialEntry) {
    const r = entry.report;
    const filters = r.request.filters;
    options.adapter
      // The ticket's own filters, or the server would renew it into the unfiltered grant.
      .renewTicket({ ticket: idOf(entry.latest), ...(filters?.length && { filters }) })
      .then((answer) => {
        entry.error = null;
        if (book(r, answer, 0) !== entry) entry.ended = true;
      })
      .catch((error: QuickBIEmbedError) => (entry.error = error))
      .finally(() => {
        if (entry.pin && alive(entry))
          entry.pin.plan(entry.latest, entry.receivedAt, !!entry.error);
        settle(r);
      });
  }

  const core: EngineCore = {
    now,
    alive,
    expiry,
    hold,
    settle,
    fetch,
    hydrate(r, credential) {
      // Once per credential, however often it is passed (StrictMode, re-renders).
      const id = idOf(credential) + '@' + credential.serverNow;
      if (hydrated.has(id)) return;
      hydrated.add(id);
      if (!alive(r.current)) accept(r, credential, now());
    },
  };

  return {
    reports,
    credentials,
    now,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => version,
    configure(next) {
      options = { ...options, ...next };
    },
    initialSrc: (c) =>
      c &&
      c.expiresAt > c.serverNow &&
      !rejectReportUrl(c.reportUrl, c.reportOrigin ?? options.reportOrigin)
        ? c.reportUrl
        : undefined,
    embed: (events) => createEmbed(core, events),
    report(request) {
      const key = JSON.stringify([
        request.credential ?? 'ticket',
        request.worksId,
        request.worksType ?? null,
        request.cmptId ?? null,
        // Canonical, so the same choice in another order is the same report.
        canonicalFilters(request.filters),
      ]);
      let r = reports.get(key);
      if (r) return r;
      const filters = canonicalFilters(request.filters);
      const record: ReportRecord = {
        key,
        request: { ...request, ...(filters && { filters }) },
        current: undefined,
        error: null,
        inflight: undefined,
        dry: 0,
        exhausted: undefined,
        recoveries: 0,
        recovery: undefined,
        holders: 0,
        embeds: new Set(),
        waiting: new Set(),
        scheduler: schedule(() => void fetch(record)),
        retain() {
          hold(record, 1);
          let held = true;
          return () => void (held && !(held = false) && hold(record, -1));
        },
        refetch: () => retry(record),
        getState: () => ({
          credential: record.current?.latest,
          status: alive(record.current) ? 'success' : record.error ? 'error' : 'pending',
          error: record.error,
          expiresAt: record.current && expiry(record.current),
          isRenewing: !!record.current && !!record.inflight,
        }),
      };
      reports.set(key, (r = record));
      const seed = options.seed?.(request);
      if (seed) accept(r, seed.credential, seed.receivedAt);
      return r;
    },
  };
}

/** Filters sorted by parameter, values sorted and deduplicated; none → undefined. */
function canonicalFilters(filters: ContractFilter[] | undefined): ContractFilter[] | undefined {
  if (!filters?.length) return undefined;
  return filters
    .map((f) => ({ paramKey: f.paramKey, values: [...new Set(f.values)].sort() }))
    .sort((a, b) => (a.paramKey < b.paramKey ? -1 : a.paramKey > b.paramKey ? 1 : 0));
}
