import type { ContractFilter, Credential, TicketCredential, TicketRequest } from './contract.js';
import type { CredentialEntry } from './credentialEntry.js';
import { createEmbed, type Embed, type EmbedEvents, type EmbedRecord } from './embed.js';
import type {
  EmbedEngineOptions,
  EngineCore,
  Report,
  ReportRecord,
  ReportRequest,
} from './engineTypes.js';
import type { QuickBIEmbedError } from './errors.js';
import { isReportUrlAllowed, REJECTED } from './originCheck.js';
import type { RenewalPlanner } from './renewalPlanner.js';

const idOf = (c: Credential) => (c.kind === 'ticket' ? c.ticket : c.accessToken);

/**
 * A credential's life in the browser for every report on one page: one instance per page (or
 * QueryClient). Frameworks bind to it with `subscribe` / `getSnapshot` and read the states.
 */
export class EmbedEngine implements EngineCore {
  // State and helpers are `#private`: minifiers shorten those names, never public member names,
  // and this file is most of what every page ships.
  #options: EmbedEngineOptions;
  #version = 0;
  #listeners = new Set<() => void>();
  #reports = new Map<string, ReportRecord>();
  #credentials = new Map<string, CredentialEntry>();
  /** Credentials `clear` dropped (a previous user's): never taken again, however handed in. */
  #dropped = new Set<string>();
  /** Counts `clear`s: an answer asked for before one is the previous user's. */
  #epoch = 0;
  // Renewal acts minutes after the first paint (or a second after a failure): its code loads
  // beside the first credential, not before it. Plans made before it arrived run once it has.
  #planner: RenewalPlanner | undefined;
  #loading = import('./renewalPlanner.js').then(
    (m) => (this.#planner = m.createRenewalPlanner(this, this.#dropped)),
  );

  /** Every report and credential this page holds, for tests and devtools. */
  readonly reports: ReadonlyMap<string, ReportRecord> = this.#reports;
  readonly credentials: ReadonlyMap<string, CredentialEntry> = this.#credentials;

  constructor(options: EmbedEngineOptions) {
    this.#options = options;
    // A page that cannot load it (offline from the start) keeps what it shows, unrenewed.
    this.#loading.catch(() => {});
  }

  // The public members are arrow functions: they work detached, as the factory's closures did
  // (`useSyncExternalStore` calls `subscribe` and `getSnapshot` unbound, a status clock `now`).

  /** Calls `listener` after every change, until the returned unsubscribe. */
  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  /** Changes with every change: a valid `useSyncExternalStore` snapshot for reading any state. */
  getSnapshot = (): number => this.#version;

  // The app's clock, else the system's, looked up per call like `systemTimers` (fake timers
  // installed later still apply). `systemTimers` and `localExpiresAt` (written out in `expiry`)
  // are left to the renewal planner: a module both imported would become a chunk of its own, one
  // more request before the first paint.
  /** The engine's clock. */
  now = (): number => (this.#options.timers ?? Date).now();

  /** Later settings (a new adapter, policy or origin) apply from the next call on. */
  configure = (options: Partial<EmbedEngineOptions>): void => {
    this.#options = { ...this.#options, ...options };
  };

  /**
   * Sign-out: forgets every credential and report of this page (the previous user's), stops
   * their timers, and refuses those credentials if they are handed in again (a prefetched
   * `initialCredential`, a query-cache seed). Embeds on screen drop their iframe at once; a
   * binding that renders again (every provider subscriber does) asks for the next user's.
   * Synchronous once the renewal planner has loaded (it loads with the engine).
   */
  clear = (): void => {
    this.#epoch++;
    // Written with the planner (loaded long before anyone signs out): not in the first chunk.
    this.#withPlanner((p) => p.clear());
  };

  /**
   * The src of a server-prefetched credential before anything ran in the browser: the same on
   * the server and in the hydrating render (a pure function of it), so the iframe is in the first
   * HTML. Only an unexpired one on the allowed origin, issued for `report` (see `report`'s check).
   */
  initialSrc = (credential: Credential | undefined, report?: Report): string | undefined =>
    credential &&
    credential.expiresAt > credential.serverNow &&
    (!report || this.#fits(report, credential)) &&
    isReportUrlAllowed(credential.reportUrl, credential.reportOrigin ?? this.#options.reportOrigin)
      ? credential.reportUrl
      : undefined;

  /** One iframe's claim on a report's credential. */
  embed = (events?: EmbedEvents): Embed => createEmbed(this, events);

  /**
   * The report for a request: the same object for the same report. Fields may be passed as
   * `undefined` (the bindings pass their props as they come): the key and the calls leave them
   * out, and empty filters are none.
   */
  report = (request: ReportRequest): Report => {
    const filters = canonicalFilters(request.filters);
    const key = JSON.stringify([
      request.credential ?? 'ticket',
      request.worksId,
      request.worksType ?? null,
      request.cmptId ?? null,
      filters ?? null,
    ]);
    let r = this.#reports.get(key);
    if (r) return r;
    const record: ReportRecord = {
      key,
      request: { ...request, filters },
      error: null,
      dry: 0,
      recoveries: 0,
      holders: 0,
      version: 0,
      embeds: new Set(),
      waiting: new Set(),
      listeners: new Set(),
      subscribe: (listener) => {
        record.listeners.add(listener);
        return () => record.listeners.delete(listener);
      },
      getSnapshot: () => record.version,
      retain: () => {
        this.hold(record, 1);
        return () => this.hold(record, -1);
      },
      refetch: () => {
        record.error = null;
        record.dry = record.recoveries = 0;
        record.exhausted = undefined;
        return this.fetch(record);
      },
      getState: () => ({
        credential: record.current?.latest,
        status: this.alive(record.current) ? 'success' : record.error ? 'error' : 'pending',
        error: record.error,
        expiresAt: record.current && this.expiry(record.current),
        isRenewing: !!record.current && !!record.inflight,
      }),
    };
    this.#reports.set(key, (r = record));
    // Asked with the canonical request: the same filters in any order find the same seed.
    const seed = this.#options.seed?.(record.request);
    if (seed && this.#fits(r, seed.credential)) this.#accept(r, seed.credential, seed.receivedAt);
    return r;
  };

  // What an embed and the renewal planner need (`EngineCore`); the one-line ones are arrow
  // functions too (shorter minified, and the planner takes `alive` detached).

  /** @internal */
  options = (): EmbedEngineOptions => this.#options;

  /** @internal */
  expiry = ({ latest, receivedAt }: CredentialEntry): number =>
    latest.expiresAt - latest.serverNow + receivedAt;

  /** @internal */
  alive = (e: CredentialEntry | undefined): e is CredentialEntry =>
    !!e && !e.ended && this.expiry(e) > this.now();

  /**
   * Checks an answer's origin and books it (a ticket's grant: `fallback` for older servers).
   * @internal
   */
  book(r: ReportRecord, answer: Credential, fallback: number, receivedAt = this.now()) {
    if (!isReportUrlAllowed(answer.reportUrl, answer.reportOrigin ?? this.#options.reportOrigin))
      // The typed error once the planner (which builds it) is at hand, as it is for its calls.
      throw this.#planner ? this.#planner.rejected() : REJECTED;
    const id = idOf(answer);
    // A new value's `latest` and `receivedAt` are written below, as a known one's are.
    const entry =
      this.#credentials.get(id) ??
      ({ report: r, granted: 0, started: 0, shownBy: 0 } as CredentialEntry);
    // A token has no use count: every embed may load it.
    entry.granted += answer.kind === 'ticket' ? (answer.reservedUses ?? fallback) : Infinity;
    entry.latest = answer;
    entry.receivedAt = receivedAt;
    this.#credentials.set(id, entry);
    return entry;
  }

  /** @internal */
  hold(r: ReportRecord, by: 1 | -1) {
    r.holders += by;
    // Only the first holder starts it and the last one stops it.
    if (r.holders !== (by > 0 ? 1 : 0)) return;
    if (by > 0 && !this.alive(r.current)) void this.fetch(r);
    else this.#withPlanner((p) => p.plan(r));
  }

  /**
   * Fetches once: a fetch in flight is joined, not restarted.
   * @internal
   */
  fetch(r: ReportRecord): Promise<void> {
    if (!r.inflight) {
      r.inflight = this.#run(r).finally(() => {
        r.inflight = undefined;
        this.#withPlanner((p) => p.plan(r));
        this.settle(r);
      });
      this.#changed(r);
    }
    return r.inflight;
  }

  /**
   * After a change: embeds take what they can, pins follow, subscribers hear of it.
   * @internal
   */
  settle(r: ReportRecord) {
    for (const e of r.embeds) e.sync();
    this.#withPlanner((p) => {
      for (const entry of this.#credentials.values()) if (entry.report === r) p.pin(entry);
    });
    this.#changed(r);
  }

  /**
   * The budget check after an embed took a use: the planner's (its callback comes from there).
   * @internal
   */
  claimed(embed: EmbedRecord, left: number | undefined) {
    this.#withPlanner((p) => p.claimed(embed, left));
  }

  /** @internal */
  hydrate(r: ReportRecord, credential: Credential) {
    // Once per credential value, however often it is passed (StrictMode, re-renders): a value
    // this page already booked brings no new grant.
    if (
      !this.#credentials.has(idOf(credential)) &&
      !this.alive(r.current) &&
      this.#fits(r, credential)
    )
      this.#accept(r, credential);
  }

  /**
   * A credential handed in (prefetched, seeded) is shown only for the report it was issued for:
   * the works, kind, component and every host-chosen filter (the server ANDs a filter into the
   * ticket's GlobalParam as an `in` condition of its sorted values). Else it is ignored, with a
   * dev warning, and the report asks for its own.
   */
  #fits({ request: q }: Report, c: Credential): boolean {
    // As the server wrote it (keys in its order); a credential written otherwise is not taken.
    const param = JSON.stringify((c as TicketCredential).globalParam);
    const ok =
      // A ticket that reserved this page no load (prefetched for a report the page told its
      // server it shows: heldReports.ts) is never shown; the report asks for its own use.
      (c as TicketCredential).reservedUses !== 0 &&
      !this.#dropped.has(idOf(c)) &&
      c.worksId === q.worksId &&
      c.kind === (q.credential ?? 'ticket') &&
      (c as TicketCredential).cmptId === q.cmptId &&
      (!q.worksType || c.worksType === q.worksType) &&
      !q.filters?.some(
        (f) =>
          !param?.includes(
            JSON.stringify({
              paramKey: f.paramKey,
              joinType: 'and',
              conditionList: [{ operate: 'in', value: f.values }],
            }),
          ),
      );
    // The text and the development check are the planner's: they load on demand, not in every
    // page's first chunk (nor DEV's module: esbuild would make it a chunk of its own, shared with
    // the lazy ones, one more request before the first paint).
    if (!ok) this.#withPlanner((p) => p.ignored(c, q));
    return ok;
  }

  #withPlanner(act: (p: RenewalPlanner) => void) {
    if (this.#planner) act(this.#planner);
    else void this.#loading.then(act);
  }

  /** Only `r`'s embeds and subscribers hear of a change of `r` (and the page-wide ones). */
  #changed(r: ReportRecord) {
    this.#version++;
    r.version++;
    // The error callbacks: the planner's, loaded before any error (the error path needs it too).
    this.#withPlanner((p) => {
      for (const e of r.embeds) p.emit(e);
    });
    for (const listener of [...r.listeners, ...this.#listeners]) listener();
  }

  #accept(r: ReportRecord, credential: Credential, receivedAt?: number) {
    try {
      r.current = this.book(r, credential, 1, receivedAt);
    } catch {
      // Off the report origin: not taken. The fetch that follows asks the server again.
    }
  }

  async #run(r: ReportRecord) {
    // Embeds attached in the same commit (their effects run back to back) register as waiting
    // before the count is read.
    await null;
    const { adapter } = this.#options;
    const { worksId, worksType, cmptId, credential, filters } = r.request;
    const base = { worksId, ...(worksType && { worksType }) };
    const epoch = this.#epoch;
    const current = this.alive(r.current) ? r.current : undefined;
    const request = {
      ...base,
      ...(cmptId !== undefined && { cmptId }),
      ...(filters && { filters }),
    };
    try {
      const next = current
        ? // Renewals and top-ups come after the first paint, with the planner's code.
          await (await this.#loading).renew(r, current, request)
        : credential === 'token'
          ? this.book(r, await adapter.createEmbedToken(base), 0)
          : await this.#first(r, request);
      if (epoch !== this.#epoch) {
        // Asked for the user `clear` signed out: dropped, never shown.
        this.#credentials.delete(idOf(next.latest));
        return;
      }
      r.current = next;
      r.error = null;
      r.recoveries = 0;
      if (!r.dry) r.exhausted = undefined;
    } catch (cause) {
      // Adapters reject with a QuickBIEmbedError (see QuickBIClientAdapter).
      const error = (
        cause === REJECTED ? (await this.#loading).rejected() : cause
      ) as QuickBIEmbedError;
      if (epoch !== this.#epoch) return;
      // Its development warning is the planner's, which plans after every fetch (see `#fits`).
      r.error = error;
    }
  }

  /** A report's first ticket, with a use for each embed waiting. */
  async #first(r: ReportRecord, request: TicketRequest) {
    const wanted = r.waiting.size;
    const entry = this.book(
      r,
      await this.#options.adapter.createTicket(wanted > 1 ? { ...request, uses: wanted } : request),
      1,
    );
    // An answer that leaves the waiting embeds nothing is dry: retried with backoff, bounded.
    r.dry = !wanted || entry.granted > entry.started ? 0 : r.dry + 1;
    return entry;
  }
}

/** One order for the same choice, so the same filters are the same report (and ticket). */
export function canonicalFilters(
  filters: ContractFilter[] | undefined,
): ContractFilter[] | undefined {
  if (!filters?.length) return undefined;
  return (
    filters
      .map((f) => ({ paramKey: f.paramKey, values: [...new Set(f.values)].sort() }))
      // Any consistent order does: the key and the query key are this page's, the server sorts anew.
      .sort((a, b) => a.paramKey.localeCompare(b.paramKey))
  );
}
