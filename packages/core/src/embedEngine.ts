import type { ContractFilter, Credential, TicketRequest } from './contract.js';
import type { CredentialEntry } from './credentialEntry.js';
import { createEmbed } from './embed.js';
import type { EmbedEngine, EmbedEngineOptions, EngineCore, ReportRecord } from './engineTypes.js';
import type { QuickBIEmbedError } from './errors.js';
import { isReportUrlAllowed, REJECTED } from './originCheck.js';
import type { RenewalPlanner } from './renewalPlanner.js';

export type * from './engineTypes.js';

// Bundlers replace `process.env.NODE_ENV`; the guard keeps an unbundled page from throwing.
const DEV = typeof process === 'undefined' ? false : process.env.NODE_ENV !== 'production';

const idOf = (c: Credential) => (c.kind === 'ticket' ? c.ticket : c.accessToken);

// Internals are closures rather than class members: minifiers shorten local names, never member
// names, and this file is most of what every page ships.
export function createEmbedEngine(initial: EmbedEngineOptions): EmbedEngine {
  let options = initial;
  let version = 0;
  const listeners = new Set<() => void>();
  const reports = new Map<string, ReportRecord>();
  const credentials = new Map<string, CredentialEntry>();
  // The app's clock, else the system's, looked up per call like `systemTimers` (fake timers
  // installed later still apply). `systemTimers` and `localExpiresAt` (written out below) are
  // left to the renewal planner: a module both imported would become a chunk of its own, one
  // more request before the first paint.
  const now = () => (options.timers ? options.timers.now() : Date.now());
  const expiry = ({ latest, receivedAt }: CredentialEntry) =>
    latest.expiresAt - latest.serverNow + receivedAt;
  const alive = (e: CredentialEntry | undefined): e is CredentialEntry =>
    !!e && !e.ended && expiry(e) > now();

  // Renewal acts minutes after the first paint (or a second after a failure): its code loads
  // beside the first credential, not before it. Plans made before it arrived run once it has.
  let planner: RenewalPlanner | undefined;
  const loading = import('./renewalPlanner.js').then(
    (m) => (planner = m.createRenewalPlanner(core)),
  );
  // A page that cannot load it (offline from the start) keeps what it shows, unrenewed.
  loading.catch(() => {});
  const withPlanner = (act: (p: RenewalPlanner) => void) =>
    planner ? act(planner) : void loading.then(act);
  const plan = (r: ReportRecord) => withPlanner((p) => p.plan(r));

  function changed() {
    version++;
    for (const r of reports.values()) for (const e of r.embeds) e.emit();
    for (const listener of [...listeners]) listener();
  }

  /** Checks an answer's origin and books it (a ticket's grant: `fallback` for older servers). */
  function book(r: ReportRecord, answer: Credential, fallback: number, receivedAt = now()) {
    if (!isReportUrlAllowed(answer.reportUrl, answer.reportOrigin ?? options.reportOrigin))
      // The typed error once the planner (which builds it) is at hand, as it is for its calls.
      throw planner ? planner.rejected() : REJECTED;
    const id = idOf(answer);
    const entry: CredentialEntry = credentials.get(id) ?? {
      report: r,
      latest: answer,
      receivedAt,
      granted: answer.kind === 'ticket' ? 0 : Infinity,
      started: 0,
      shownBy: 0,
    };
    if (answer.kind === 'ticket') entry.granted += answer.reservedUses ?? fallback;
    entry.latest = answer;
    entry.receivedAt = receivedAt;
    credentials.set(id, entry);
    return entry;
  }

  function fail(r: ReportRecord, cause: unknown) {
    // Adapters reject with a QuickBIEmbedError (see QuickBIClientAdapter).
    const error = cause as QuickBIEmbedError;
    if (DEV && error.code !== r.error?.code)
      console.warn(
        `[quickbi-embed] ${error.code}${error.requestId ? ` (requestId ${error.requestId})` : ''}: ${error.message}`,
      );
    r.error = error;
  }

  function accept(r: ReportRecord, credential: Credential, receivedAt: number) {
    try {
      r.current = book(r, credential, 1, receivedAt);
    } catch {
      // Off the report origin: not taken. The fetch that follows asks the server again.
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
    const request = {
      ...base,
      ...(cmptId !== undefined && { cmptId }),
      ...(filters && { filters }),
    };
    try {
      const next =
        credential === 'token'
          ? // A renewal asks for a real extension: the server's reuse cache must not answer it.
            book(r, await adapter.createEmbedToken(current ? { ...base, renew: true } : base), 0)
          : current
            ? // Renewals and top-ups come after the first paint, with the planner's code.
              await (await loading).ticket(r, current, request)
            : await first(r, request);
      // A token is never pinned: embeds showing a replaced one load the new one.
      if (credential === 'token' && current && current !== next) current.ended = true;
      r.current = next;
      r.error = null;
      r.recoveries = 0;
      if (!r.dry) r.exhausted = undefined;
    } catch (error) {
      fail(r, error === REJECTED ? (await loading).rejected() : error);
    }
  }

  /** A report's first ticket, with a use for each embed waiting. */
  async function first(r: ReportRecord, request: TicketRequest) {
    const wanted = r.waiting.size;
    const entry = await create(r, request, wanted);
    // An answer that leaves the waiting embeds nothing is dry: retried with backoff, bounded.
    r.dry = !wanted || entry.granted > entry.started ? 0 : r.dry + 1;
    return entry;
  }

  /** Asks for a ticket reserving `wanted` uses: one call however many embeds wait. */
  async function create(r: ReportRecord, request: TicketRequest, wanted: number) {
    const answer = await options.adapter.createTicket(
      wanted > 1 ? { ...request, uses: wanted } : request,
    );
    return book(r, answer, 1);
  }

  /** After a change: embeds take what they can, pins follow, subscribers hear of it. */
  function settle(r: ReportRecord) {
    for (const e of r.embeds) e.sync();
    withPlanner((p) => {
      for (const entry of credentials.values()) if (entry.report === r) p.pin(entry);
    });
    changed();
  }

  const core: EngineCore = {
    options: () => options,
    timers: () => options.timers,
    book,
    create,
    now,
    alive,
    expiry,
    hold,
    settle,
    fetch,
    hydrate(r, credential) {
      // Once per credential value, however often it is passed (StrictMode, re-renders): a value
      // this page already booked brings no new grant.
      if (!credentials.has(idOf(credential)) && !alive(r.current)) accept(r, credential, now());
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
      isReportUrlAllowed(c.reportUrl, c.reportOrigin ?? options.reportOrigin)
        ? c.reportUrl
        : undefined,
    embed: (events) => createEmbed(core, events),
    report(request) {
      const filters = canonicalFilters(request.filters);
      const key = JSON.stringify([
        request.credential ?? 'ticket',
        request.worksId,
        request.worksType ?? null,
        request.cmptId ?? null,
        filters ?? null,
      ]);
      let r = reports.get(key);
      if (r) return r;
      const record: ReportRecord = {
        key,
        request: { ...request, ...(filters && { filters }) },
        error: null,
        dry: 0,
        recoveries: 0,
        holders: 0,
        embeds: new Set(),
        waiting: new Set(),
        retain() {
          hold(record, 1);
          return () => hold(record, -1);
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

/** One order for the same choice, so the same filters are the same report (and ticket). */
function canonicalFilters(filters: ContractFilter[] | undefined): ContractFilter[] | undefined {
  if (!filters?.length) return undefined;
  return filters
    .map((f) => ({ paramKey: f.paramKey, values: [...new Set(f.values)].sort() }))
    .sort((a, b) => (a.paramKey < b.paramKey ? -1 : a.paramKey > b.paramKey ? 1 : 0));
}
