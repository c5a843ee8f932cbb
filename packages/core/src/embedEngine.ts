import type { ContractFilter, Credential, TicketCredential } from './contract.js';
import type { CredentialEntry } from './credentialEntry.js';
import type { Embed, EmbedEvents, EmbedState } from './embed.js';
import type { EngineActions } from './engineActions.js';
import type { EmbedEngineOptions, Report, ReportRecord, ReportRequest } from './engineTypes.js';
import type { QuickBIEmbedError } from './errors.js';
import { actionsModule, idOf, loadActions } from './engineLoad.js';
import { isReportUrlAllowed } from './originCheck.js';

/**
 * A credential's life in the browser for every report on one page: one instance per page (or
 * QueryClient). Frameworks bind to it with `subscribe` / `getSnapshot` and read the states.
 *
 * This class is what renders: the state (reports, credentials), the reads and the checks a
 * server render needs. What changes the state is `engineActions.ts`, loaded on demand: calls
 * that need it before it arrived run, in order, once it has; once it is here they run at once.
 */
export class EmbedEngine {
  // State and helpers are `#private`: minifiers shorten those names, never public member names,
  // and this file is most of what every page ships.
  #options: EmbedEngineOptions;
  #version = 0;
  #listeners = new Set<() => void>();
  #reports = new Map<string, ReportRecord>();
  #credentials = new Map<string, CredentialEntry>();
  /** Credentials `clear` dropped (a previous user's): never taken again, however handed in. */
  #dropped = new Set<string>();
  #actions: EngineActions | undefined;

  /** Every report and credential this page holds, for tests and devtools. */
  readonly reports: ReadonlyMap<string, ReportRecord> = this.#reports;
  readonly credentials: ReadonlyMap<string, CredentialEntry> = this.#credentials;

  constructor(options: EmbedEngineOptions) {
    this.#options = options;
    // When the first engine is made (the provider's first render), as the renewal planner's
    // import was, not when this module loads: started that early, it slowed a server-rendered
    // page's report frame, loading then (bench/firstPaint: a÷b 1.13–1.19 cross-site, 1.09 now).
    loadActions().catch(() => {});
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
  // are left to the actions: a module both imported would become a chunk of its own, one more
  // request before the first paint.
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
   * Synchronous once the engine's actions have loaded (they load with the engine).
   */
  clear = (): void => this.#act((a) => a.clear());

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

  /**
   * One iframe's claim on a report's credential. Until the actions have loaded it has no state
   * (a binding shows `initialSrc`); what it is asked meanwhile runs once they have.
   */
  embed = (events?: EmbedEvents): Embed => {
    let embed: Embed | undefined;
    /** The actions could not load: for which report, why, and how to try again. */
    let failed: [string, QuickBIEmbedError, () => void] | undefined;
    const self: Embed = {
      on: (next) => {
        events = next;
        embed?.on(next);
      },
      attach: (report, initialCredential) => {
        let release: (() => void) | undefined;
        let attached = true;
        const start = () =>
          this.#act(
            (a) => {
              failed = undefined;
              if (attached) release = (embed ??= a.embed(events)).attach(report, initialCredential);
            },
            (error) => {
              if (!attached) return;
              failed = [report.key, error, start];
              this.#notify(report as ReportRecord);
            },
          );
        start();
        return () => {
          attached = false;
          release?.();
        };
      },
      // Its Retry loads the actions again after a failed load.
      retry: () => (failed ? failed[2]() : embed?.retry()),
      getState: () =>
        embed?.getState() ??
        ({ key: failed?.[0], error: failed?.[1] ?? null, renewalError: null } as EmbedState),
    };
    return self;
  };

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
        let held = false;
        this.#act((a) => {
          held = true;
          a.hold(record, 1);
        });
        return () => this.#act((a) => held && a.hold(record, -1));
      },
      refetch: () => new Promise((done, fail) => this.#act((a) => done(a.refetch(record)), fail)),
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
    if (seed && this.#fits(r, seed.credential))
      this.#act((a) => a.accept(record, seed.credential, seed.receivedAt));
    return r;
  };

  /** @internal */
  options = (): EmbedEngineOptions => this.#options;

  /** @internal */
  expiry = ({ latest, receivedAt }: CredentialEntry): number =>
    latest.expiresAt - latest.serverNow + receivedAt;

  /** @internal */
  alive = (e: CredentialEntry | undefined): e is CredentialEntry =>
    !!e && !e.ended && this.expiry(e) > this.now();

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
    // The text and the development check are the actions': they load on demand, not in every
    // page's first chunk.
    if (!ok) this.#act((a) => a.ignored(c, q));
    return ok;
  }

  /** Only `r`'s subscribers hear of a change of `r` (and the page-wide ones). */
  #notify(r: ReportRecord) {
    this.#version++;
    r.version++;
    for (const listener of [...r.listeners, ...this.#listeners]) listener();
  }

  /**
   * Runs `act` with the actions: at once once they loaded, else once they have (in call order);
   * `fail` hears of a failed load.
   */
  #act(act: (a: EngineActions) => void, fail: (error: QuickBIEmbedError) => void = () => {}) {
    const m = actionsModule;
    if (m)
      act(
        (this.#actions ??= m.createEngineActions({
          options: this.options,
          now: this.now,
          alive: this.alive,
          expiry: this.expiry,
          reports: this.#reports,
          credentials: this.#credentials,
          dropped: this.#dropped,
          fits: (r, c) => this.#fits(r, c),
          notify: (r) => this.#notify(r),
        })),
      );
    else loadActions().then(() => this.#act(act), fail);
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
