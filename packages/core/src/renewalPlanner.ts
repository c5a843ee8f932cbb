import type { CredentialEntry } from './credentialEntry.js';
import type { EngineCore, ReportRecord, ReportRequest } from './engineTypes.js';
import type { Credential, TicketCredential, TicketRequest } from './contract.js';
import type { EmbedRecord } from './embed.js';
import { DEV } from './development.js';
import { QuickBIEmbedError } from './errors.js';
import { heldBy } from './heldReports.js';
import { reportOriginRejected } from './originError.js';
import { createRenewalScheduler, type RenewalScheduler } from './renewalScheduler.js';
import { systemTimers } from './timers.js';

/** Failures that may pass on their own (no answer, 5xx, 429): worth retrying without a click. */
export const isTransient = ({ code, status }: QuickBIEmbedError): boolean =>
  code === 'NETWORK_ERROR' || status === 429 || status >= 500;

/** Answers in a row that leave waiting embeds no use, before they show TICKET_EXHAUSTED. */
export const DRY_LIMIT = 3;

export interface RenewalPlanner {
  /**
   * Renews the current token (a real extension), or the current ticket in place while it lives, reserving the uses waiting embeds need
   * (the server may top it up), and else asks for a ticket again (more of it, or a new one).
   */
  renew(
    r: ReportRecord,
    current: CredentialEntry,
    request: TicketRequest,
  ): Promise<CredentialEntry>;
  /**
   * Plans the report's next renewal, retry or self-recovery; while nobody holds it (and no fetch
   * is in flight), its collection after `gcTime` instead.
   */
  plan(r: ReportRecord): void;
  /** The typed error for an answer off the report origin. */
  rejected(): QuickBIEmbedError;
  /** Starts or stops the in-place renewal of a credential embeds show. */
  pin(entry: CredentialEntry): void;
  /** The engine's `clear` (sign-out): drops every credential and every report nobody holds. */
  clear(): void;
  /** A credential left the page (signed out, collected): its timer and held cookie end. */
  forget(entry: CredentialEntry): void;
  /** Development: a handed-in credential was not for this report (told once per credential). */
  ignored(credential: Credential, request: ReportRequest): void;
  /** Tells an embed's error callbacks of each new error (by code), after a change. */
  emit(embed: EmbedRecord): void;
  /** An embed took a use, `left` uses left: its `onBudgetLow` when few are (at most 1, or 10 %). */
  claimed(embed: EmbedRecord, left: number | undefined): void;
}

/**
 * Everything time-driven: renewal before expiry, backoff after failures and dry answers,
 * self-recovery after an outage, pinned tickets. Part of the engine's actions (`engineActions.ts`,
 * loaded on demand): it changes records only through their `dispatch`.
 */
export function createRenewalPlanner(engine: EngineCore): RenewalPlanner {
  const { alive, dispatch, reports, book, create } = engine;
  // The planner's own timers (one owner): each report's renewal and its pending self-recovery
  // or collection, each pinned credential's in-place renewal.
  const schedulers = new Map<ReportRecord, RenewalScheduler>();
  const pending = new Map<ReportRecord, unknown>();
  const pins = new Map<CredentialEntry, RenewalScheduler>();
  const unpin = (entry: CredentialEntry) => {
    pins.get(entry)?.cancel();
    pins.delete(entry);
  };
  /** Stops every timer of `r` but its pins. */
  const stop = (r: ReportRecord) => {
    schedulers.get(r)?.cancel();
    if (pending.has(r)) timers().clearTimeout(pending.get(r));
    pending.delete(r);
  };
  const later = (r: ReportRecord, act: () => void, ms: number) =>
    pending.set(
      r,
      timers().setTimeout(() => {
        pending.delete(r);
        act();
      }, ms),
    );
  const held = heldBy(engine);
  const timers = () => engine.options().timers ?? systemTimers;
  const schedule = (renew: () => void) =>
    createRenewalScheduler(renew, {
      timers: timers(),
      policy: engine.options().renewal ?? {},
    });

  function renewPin(entry: CredentialEntry) {
    const r = entry.report;
    engine
      .options()
      // The ticket's own filters, or the server would renew it into the unfiltered grant.
      .adapter.renewTicket({
        ticket: (entry.latest as { ticket: string }).ticket,
        ...(r.request.filters && { filters: r.request.filters }),
      })
      .then((answer) => {
        // Dropped meanwhile (`clear`: the user signed out): the answer is not booked.
        if (entry.ended) return;
        dispatch(r, 'pinned', entry, null);
        if (dispatch(r, 'book', answer, 0) !== entry) dispatch(r, 'end', entry);
      })
      // An answer off the report origin fails `book` with the typed error.
      .catch((error: QuickBIEmbedError) => dispatch(r, 'pinned', entry, error))
      .finally(() => {
        if (alive(entry)) pins.get(entry)?.plan(entry.latest, entry.receivedAt, !!entry.error);
        dispatch(r, 'settle');
      });
  }

  const warned = new WeakSet<Credential>();
  /** The failure code each report's warning last named. */
  const told = new WeakMap<ReportRecord, string | undefined>();
  return {
    rejected: reportOriginRejected,

    clear() {
      for (const r of reports.values()) {
        stop(r);
        dispatch(r, 'reset');
      }
      // Embeds drop what they showed and ask again, for whoever is signed in now.
      for (const r of reports.values()) dispatch(r, 'settle');
    },

    forget(entry) {
      unpin(entry);
      held(entry); // ended: the page no longer names it to its server
    },

    // Development only, checked here too: a production build drops the texts from this chunk.
    ignored(c, request) {
      // A ticket with no load reserved (the page said it shows the report) is no mistake.
      if (!DEV || process.env.NODE_ENV === 'production' || warned.has(c)) return;
      if (c.kind === 'ticket' && c.reservedUses === 0) return;
      warned.add(c);
      console.warn(
        `[quickbi-embed] A prefetched credential (worksId ${c.worksId}) was ignored: it was not issued for this report ${JSON.stringify(request)}. Prefetch it with the same worksId, credential, cmptId and filters as the report.`,
      );
    },

    emit(e) {
      const { error, renewalError } = e.getState();
      const [toldError, toldRenewal] = e.told;
      e.told = [error, renewalError];
      if (error && error.code !== toldError?.code) e.events.onError?.(error);
      if (renewalError && renewalError.code !== toldRenewal?.code)
        e.events.onRenewalError?.(renewalError);
    },

    claimed(e, left) {
      const { credential } = e.getState();
      // A token has no uses: `left` is undefined, and no comparison with it holds.
      const max = (credential as TicketCredential).maxUses;
      if (left! <= Math.max(1, max / 10)) e.events.onBudgetLow?.(left!, max);
    },

    async renew(r, current, request) {
      if (r.request.credential === 'token') {
        const { worksId, worksType } = request;
        // A renewal asks for a real extension: the server's reuse cache must not answer it.
        const next = book(
          r,
          await engine
            .options()
            .adapter.createEmbedToken({ worksId, ...(worksType && { worksType }), renew: true }),
          0,
        );
        // A token is never pinned: embeds showing a replaced one load the new one.
        if (next !== current) dispatch(r, 'end', current);
        return next;
      }
      const spare = (e: CredentialEntry) => e.granted - e.started;
      const wanted = Math.max(0, r.waiting.size - Math.max(0, spare(current)));
      const usable = (e?: CredentialEntry): e is CredentialEntry =>
        !!e && (!wanted || spare(e) > 0);
      let renewed: CredentialEntry | undefined;
      try {
        const ticket = (current.latest as { ticket: string }).ticket;
        const answer = await engine.options().adapter.renewTicket({
          ticket,
          ...(wanted && { uses: wanted }),
          ...(request.filters && { filters: request.filters }),
        });
        renewed = book(r, answer, 0);
        if (renewed !== current) dispatch(r, 'end', current);
      } catch (error) {
        // Refused (expired, not ours, no more renewals): a new ticket can still work.
        if (!(error as QuickBIEmbedError).isClientError) throw error;
      }
      let answer = renewed;
      if (!usable(answer)) {
        const created = await create(r, request, wanted);
        // Nothing for the waiting embeds either way: keep the extended ticket, not a new one.
        answer = usable(created) ? created : (renewed ?? created);
      }
      dispatch(r, 'dry', usable(answer));
      return answer;
    },

    plan(r) {
      // Development: a report's failure, once per new code (the engine plans after every fetch).
      const { error } = r;
      if (error?.code !== told.get(r)) {
        told.set(r, error?.code);
        if (error && DEV && process.env.NODE_ENV !== 'production')
          console.warn(
            `[quickbi-embed] ${error.code}${error.requestId ? ` (requestId ${error.requestId})` : ''}: ${error.message}`,
          );
      }
      stop(r);
      // Collected meanwhile (or signed out unheld): nothing left to plan.
      if (reports.get(r.key) !== r) return;
      if (r.dry >= DRY_LIMIT && !r.exhausted)
        dispatch(
          r,
          'exhausted',
          new QuickBIEmbedError({
            code: 'TICKET_EXHAUSTED',
            // Decided here from the answers, not an answer itself.
            status: 0,
            message: 'No ticket use granted',
          }),
        );
      // A fetch in flight plans again when it ends.
      if (r.inflight) return;
      if (!r.holders) {
        // On a server (no window) a render's reports live as long as their engine, as
        // TanStack Query's do there: no timer keeps a request's engine alive.
        const { gcTime = typeof window === 'undefined' ? Infinity : 300_000 } = engine.options();
        if (gcTime !== Infinity)
          // Nobody holds it: its record, credentials and timers go after the grace period
          // (TanStack's `Removable`); holding it again first cancels this.
          later(
            r,
            () => {
              // Held again meanwhile (a fetch started: it plans when it ends).
              if (r.holders || r.inflight) return;
              schedulers.delete(r);
              dispatch(r, 'collect');
            },
            gcTime,
          );
        return;
      }
      const scheduler =
        schedulers.get(r) ??
        schedulers
          .set(
            r,
            schedule(() => dispatch(r, 'fetch')),
          )
          .get(r)!;
      const current = r.current;
      // Refused (signed out, forbidden): no retry until the user's (embeds waiting show it); at
      // expiry, embeds showing the ticket show the refusal.
      if (r.error?.status === 401 || r.error?.status === 403) {
        if (alive(current))
          later(r, () => dispatch(r, 'settle'), engine.expiry(current) - engine.now());
        return;
      }
      if (alive(current))
        // A dry answer (waiting embeds got no use) is retried like a failure, with backoff.
        return scheduler.plan(
          current.latest,
          current.receivedAt,
          !!r.error || (r.dry > 0 && !r.exhausted),
        );
      // Dead (an outage outlived it) or never fetched: recover on its own, with backoff, bounded;
      // refusals (4xx) wait for the user.
      const { renewal, recoveries = 6 } = engine.options();
      const { retryBaseMs = 1000, retryMaxMs = 30_000 } = renewal ?? {};
      if (r.error && isTransient(r.error) && r.recoveries < recoveries)
        later(
          r,
          () => {
            dispatch(r, 'recover');
            dispatch(r, 'fetch');
          },
          Math.min(retryBaseMs * 2 ** r.recoveries, retryMaxMs),
        );
    },

    // A ticket embeds show that is no longer its report's current one is renewed in place (one
    // timer per ticket value), so those reports neither expire nor reload.
    pin(entry) {
      // Tells the page's server which reports it holds (a revalidating loader reserves nothing).
      held(entry);
      const pinned =
        entry.shownBy > 0 &&
        !entry.ended &&
        entry.latest.kind === 'ticket' &&
        entry !== entry.report.current;
      if (!pinned) unpin(entry);
      else if (!pins.has(entry)) {
        const pin = schedule(() => renewPin(entry));
        pins.set(entry, pin);
        pin.plan(entry.latest, entry.receivedAt);
      }
    },
  };
}
