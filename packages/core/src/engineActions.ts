import type { Credential, TicketRequest } from './contract.js';
import type { CredentialEntry } from './credentialEntry.js';
import { idOf } from './engineLoad.js';
import { createEmbed, type EmbedEvents, type EmbedRecord } from './embed.js';
import type {
  EmbedEngineOptions,
  EngineAction,
  EngineCore,
  ReportRecord,
  ReportRequest,
} from './engineTypes.js';
import type { QuickBIEmbedError } from './errors.js';
import { isReportUrlAllowed } from './originCheck.js';
import { createRenewalPlanner } from './renewalPlanner.js';

/** What the engine's first-chunk half (`EmbedEngine`) hands its actions: its state and reads. */
export interface EngineShell {
  options(): EmbedEngineOptions;
  now(): number;
  alive(entry: CredentialEntry | undefined): entry is CredentialEntry;
  expiry(entry: CredentialEntry): number;
  readonly reports: ReadonlyMap<string, ReportRecord>;
  readonly credentials: ReadonlyMap<string, CredentialEntry>;
  /** Credentials `clear` dropped (a previous user's): never taken again, however handed in. */
  dropped: Set<string>;
  /** Whether a handed-in credential was issued for `r` (else ignored, with a dev warning). */
  fits(r: ReportRecord, credential: Credential): boolean;
  /** Counts the change: `r`'s subscribers and the page-wide ones hear of it. */
  notify(r: ReportRecord): void;
}

/** What `EmbedEngine` calls once this module has loaded (see there). */
export interface EngineActions {
  embed(events: EmbedEvents | undefined): EmbedRecord;
  hold(r: ReportRecord, by: 1 | -1): void;
  /** The user's Retry: clears the error, the dry count and the backoff, and asks again. */
  refetch(r: ReportRecord): Promise<void>;
  /** A seed (a credential prefetched into a query cache) the engine checked against `r`. */
  accept(r: ReportRecord, credential: Credential, receivedAt?: number): void;
  clear(): void;
  ignored(credential: Credential, request: ReportRequest): void;
}

/**
 * The engine's actions: everything that fetches, books and hands out credentials, and the renewal
 * planner. None of it runs before the app's first effect, so it is not in a page's first chunk:
 * `EmbedEngine` starts loading it when the first engine is created, beside the app's first render
 * and the adapter's calls, and runs what was asked meanwhile once it is here.
 */
export function createEngineActions(shell: EngineShell): EngineActions {
  const { options, alive, dropped } = shell;
  const reports = shell.reports as Map<string, ReportRecord>;
  const credentials = shell.credentials as Map<string, CredentialEntry>;
  /** Counts `clear`s: an answer asked for before one is the previous user's. */
  let epoch = 0;

  /**
   * THE one place records change (TanStack's `Query#dispatch`): every field write of a report
   * record or credential entry is a named action applied here (the records are created with
   * their report, in `EmbedEngine#report`, and `#notify` counts its subscribable's versions).
   */
  function dispatch(r: ReportRecord, ...a: EngineAction): CredentialEntry | undefined {
    switch (a[0]) {
      case 'hold':
        r.holders += a[1];
        // Only the first holder starts it and the last one stops it (and starts its grace).
        if (r.holders !== (a[1] > 0 ? 1 : 0)) return;
        if (a[1] > 0 && !alive(r.current)) return dispatch(r, 'fetch');
        planner.plan(r);
        return;
      case 'attach':
        r.embeds.add(a[1]);
        if (a[2]) a[2].shownBy++;
        return;
      case 'detach':
        r.embeds.delete(a[1]);
        r.waiting.delete(a[1]);
        if (a[2]) a[2].shownBy--;
        return;
      case 'unshow':
        a[1].shownBy--;
        return;
      case 'wait':
        r.waiting.add(a[1]);
        return;
      case 'start':
        r.waiting.delete(a[1]);
        a[2].started++;
        a[2].shownBy++;
        return;
      case 'retry':
        r.error = null;
        r.dry = r.recoveries = 0;
        r.exhausted = undefined;
        return dispatch(r, 'fetch');
      case 'fetch':
        if (!r.inflight) {
          r.inflight = run(r).finally(() => {
            r.inflight = undefined;
            planner.plan(r);
            dispatch(r, 'settle');
          });
          changed(r);
        }
        return;
      case 'hydrate':
        // Once per credential value, however often it is passed (StrictMode, re-renders): a
        // value this page already booked brings no new grant.
        if (!credentials.has(idOf(a[1])) && !alive(r.current) && shell.fits(r, a[1]))
          accept(r, a[1]);
        return;
      case 'book': {
        const [, answer, fallback, receivedAt = shell.now()] = a;
        if (!isReportUrlAllowed(answer.reportUrl, answer.reportOrigin ?? options().reportOrigin))
          throw planner.rejected();
        const id = idOf(answer);
        // A new value's `latest` and `receivedAt` are written below, as a known one's are.
        const entry =
          credentials.get(id) ??
          ({ report: r, granted: 0, started: 0, shownBy: 0 } as CredentialEntry);
        // A token has no use count: every embed may load it.
        entry.granted += answer.kind === 'ticket' ? (answer.reservedUses ?? fallback) : Infinity;
        entry.latest = answer;
        entry.receivedAt = receivedAt;
        credentials.set(id, entry);
        return entry;
      }
      case 'success':
        r.current = a[1];
        r.error = null;
        r.recoveries = 0;
        if (!r.dry) r.exhausted = undefined;
        return;
      case 'failure':
        r.error = a[1];
        return;
      case 'dry':
        r.dry = a[1] ? 0 : r.dry + 1;
        return;
      case 'exhausted':
        r.exhausted ??= a[1];
        return;
      case 'recover':
        r.recoveries++;
        return;
      case 'end':
        a[1].ended = true;
        return;
      case 'pinned':
        a[1].error = a[2];
        return;
      case 'drop':
        // Like a signed-out user's: refused if handed in again.
        dropped.add(idOf(a[1].latest));
        a[1].ended = true;
        credentials.delete(idOf(a[1].latest));
        return;
      case 'reset':
      case 'collect':
        for (const [id, entry] of credentials)
          if (entry.report === r) {
            // Signed out: never taken again, however handed in.
            if (a[0] === 'reset') dropped.add(id);
            entry.ended = true;
            credentials.delete(id);
            // Its timers and the page's word to its server about it (the planner's) end too.
            planner.forget(entry);
          }
        // A fetch in flight stays: its answer is dropped (the epoch), then embeds ask again.
        r.current = r.exhausted = undefined;
        r.error = null;
        r.dry = r.recoveries = 0;
        if (a[0] === 'collect' || !r.holders) reports.delete(r.key);
        return;
      case 'settle':
        for (const e of r.embeds) e.sync();
        for (const entry of credentials.values()) if (entry.report === r) planner.pin(entry);
        changed(r);
    }
  }

  /** Only `r`'s embeds and subscribers hear of a change of `r` (and the page-wide ones). */
  const changed = (r: ReportRecord) => {
    for (const e of r.embeds) planner.emit(e);
    shell.notify(r);
  };

  const book = (r: ReportRecord, answer: Credential, fallback: number) =>
    dispatch(r, 'book', answer, fallback)!;

  const accept = (r: ReportRecord, credential: Credential, receivedAt?: number) => {
    try {
      dispatch(r, 'success', dispatch(r, 'book', credential, 1, receivedAt)!);
    } catch {
      // Off the report origin: not taken. The fetch that follows asks the server again.
    }
  };

  const create = async (r: ReportRecord, request: TicketRequest, wanted: number) =>
    book(
      r,
      await options().adapter.createTicket(wanted > 1 ? { ...request, uses: wanted } : request),
      1,
    );

  /** A report's first ticket, with a use for each embed waiting. */
  async function first(r: ReportRecord, request: TicketRequest) {
    const wanted = r.waiting.size;
    const entry = await create(r, request, wanted);
    // An answer that leaves the waiting embeds nothing is dry: retried with backoff, bounded.
    dispatch(r, 'dry', !wanted || entry.granted > entry.started);
    return entry;
  }

  async function run(r: ReportRecord) {
    // Embeds attached in the same commit (their effects run back to back) register as waiting
    // before the count is read.
    await null;
    const { worksId, worksType, cmptId, credential, filters } = r.request;
    const base = { worksId, ...(worksType && { worksType }) };
    const asked = epoch;
    const current = alive(r.current) ? r.current : undefined;
    const request = {
      ...base,
      ...(cmptId !== undefined && { cmptId }),
      ...(filters && { filters }),
    };
    try {
      const next = current
        ? await planner.renew(r, current, request)
        : credential === 'token'
          ? book(r, await options().adapter.createEmbedToken(base), 0)
          : await first(r, request);
      if (asked !== epoch) {
        // Asked for the user `clear` signed out: dropped, never shown.
        dispatch(r, 'drop', next);
        return;
      }
      dispatch(r, 'success', next);
    } catch (cause) {
      // Adapters reject with a QuickBIEmbedError (see QuickBIClientAdapter). Its development
      // warning is the planner's, which plans after every fetch.
      if (asked === epoch) dispatch(r, 'failure', cause as QuickBIEmbedError);
    }
  }

  const core: EngineCore = {
    ...shell,
    dispatch,
    book,
    create,
    claimed: (embed, left) => planner.claimed(embed, left),
  };
  const planner = createRenewalPlanner(core);

  return {
    embed: (events) => createEmbed(core, events),
    hold: (r, by) => void dispatch(r, 'hold', by),
    refetch(r) {
      dispatch(r, 'retry');
      return r.inflight!;
    },
    accept,
    clear() {
      epoch++;
      planner.clear();
    },
    ignored: planner.ignored,
  };
}
