import type { Credential, TicketRequest } from './contract.js';
import { idOf, type CredentialEntry } from './credentialEntry.js';
import { createEmbed, type EmbedEvents, type EmbedRecord } from './embed.js';
import type { EmbedEngineOptions, EngineCore, ReportRecord, ReportRequest } from './engineTypes.js';
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
 * `EmbedEngine` starts loading it when it loads itself, beside the app's first render and the
 * adapter's calls, and runs what was asked meanwhile once it is here.
 */
export function createEngineActions(shell: EngineShell): EngineActions {
  const { options, alive } = shell;
  const credentials = shell.credentials as Map<string, CredentialEntry>;
  /** Counts `clear`s: an answer asked for before one is the previous user's. */
  let epoch = 0;

  /** Checks an answer's origin and books it (a ticket's grant: `fallback` for older servers). */
  const book = (
    r: ReportRecord,
    answer: Credential,
    fallback: number,
    receivedAt = shell.now(),
  ) => {
    if (!isReportUrlAllowed(answer.reportUrl, answer.reportOrigin ?? options().reportOrigin))
      throw planner.rejected();
    const id = idOf(answer);
    // A new value's `latest` and `receivedAt` are written below, as a known one's are.
    const entry =
      credentials.get(id) ?? ({ report: r, granted: 0, started: 0, shownBy: 0 } as CredentialEntry);
    // A token has no use count: every embed may load it.
    entry.granted += answer.kind === 'ticket' ? (answer.reservedUses ?? fallback) : Infinity;
    entry.latest = answer;
    entry.receivedAt = receivedAt;
    credentials.set(id, entry);
    return entry;
  };

  const accept = (r: ReportRecord, credential: Credential, receivedAt?: number) => {
    try {
      r.current = book(r, credential, 1, receivedAt);
    } catch {
      // Off the report origin: not taken. The fetch that follows asks the server again.
    }
  };

  /** Only `r`'s embeds and subscribers hear of a change of `r` (and the page-wide ones). */
  const changed = (r: ReportRecord) => {
    for (const e of r.embeds) planner.emit(e);
    shell.notify(r);
  };

  /** After a change: embeds take what they can, pins follow, subscribers hear of it. */
  const settle = (r: ReportRecord) => {
    for (const e of r.embeds) e.sync();
    for (const entry of credentials.values()) if (entry.report === r) planner.pin(entry);
    changed(r);
  };

  /** Fetches once: a fetch in flight is joined, not restarted. */
  const fetch = (r: ReportRecord): Promise<void> => {
    if (!r.inflight) {
      r.inflight = run(r).finally(() => {
        r.inflight = undefined;
        planner.plan(r);
        settle(r);
      });
      changed(r);
    }
    return r.inflight;
  };

  const hold = (r: ReportRecord, by: 1 | -1) => {
    r.holders += by;
    // Only the first holder starts it and the last one stops it.
    if (r.holders !== (by > 0 ? 1 : 0)) return;
    if (by > 0 && !alive(r.current)) void fetch(r);
    else planner.plan(r);
  };

  /** A report's first ticket, with a use for each embed waiting. */
  async function first(r: ReportRecord, request: TicketRequest) {
    const wanted = r.waiting.size;
    const entry = book(
      r,
      await options().adapter.createTicket(wanted > 1 ? { ...request, uses: wanted } : request),
      1,
    );
    // An answer that leaves the waiting embeds nothing is dry: retried with backoff, bounded.
    r.dry = !wanted || entry.granted > entry.started ? 0 : r.dry + 1;
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
        credentials.delete(idOf(next.latest));
        return;
      }
      r.current = next;
      r.error = null;
      r.recoveries = 0;
      if (!r.dry) r.exhausted = undefined;
    } catch (cause) {
      // Adapters reject with a QuickBIEmbedError (see QuickBIClientAdapter). Its development
      // warning is the planner's, which plans after every fetch.
      if (asked === epoch) r.error = cause as QuickBIEmbedError;
    }
  }

  const core: EngineCore = {
    ...shell,
    book,
    hold,
    settle,
    fetch,
    hydrate(r, credential) {
      // Once per credential value, however often it is passed (StrictMode, re-renders): a value
      // this page already booked brings no new grant.
      if (!credentials.has(idOf(credential)) && !alive(r.current) && shell.fits(r, credential))
        accept(r, credential);
    },
    claimed: (embed, left) => planner.claimed(embed, left),
  };
  const planner = createRenewalPlanner(core, shell.dropped);

  return {
    embed: (events) => createEmbed(core, events),
    hold,
    refetch(r) {
      r.error = null;
      r.dry = r.recoveries = 0;
      r.exhausted = undefined;
      return fetch(r);
    },
    accept,
    clear() {
      epoch++;
      planner.clear();
    },
    ignored: planner.ignored,
  };
}
