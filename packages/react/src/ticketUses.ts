import { QuickBIEmbedError, type TicketCredential } from '@quickbi-embed/core';
import type { QueryClient } from '@tanstack/react-query';

/**
 * Per QueryClient bookkeeping of ticket uses granted to this page. The server grants each answer
 * `reservedUses` page loads; only those are ours to spend, because other tabs and users of the
 * same ticket spend theirs. The server's `usedUses` says nothing about which loads are ours.
 *
 * Counters live in one map under a one-letter kind: `g` loads granted and `l` loads started, per
 * ticket value; `w` embeds without a src yet and `d` dry answers in a row (answers that left
 * those embeds nothing to load), per query hash.
 */
interface UseBook {
  n: Map<string, number>;
  /** The last answer per ticket value: pinned tickets are renewed from it. */
  latest: Map<string, TicketCredential>;
  /** The error waiting embeds show once retries gave up, per query hash. */
  exhausted: Map<string, QuickBIEmbedError>;
}

/** Dry answers before waiting embeds show TICKET_EXHAUSTED (retries back off in between). */
export const DRY_LIMIT = 3;

const books = new WeakMap<QueryClient, UseBook>();

function book(client: QueryClient): UseBook {
  let b = books.get(client);
  if (!b) books.set(client, (b = { n: new Map(), latest: new Map(), exhausted: new Map() }));
  return b;
}

const count = (client: QueryClient, key: string) => book(client).n.get(key) ?? 0;
const add = (client: QueryClient, key: string, by: number) =>
  book(client).n.set(key, count(client, key) + by);

/** Books an answer: its grant (`fallback` when the server predates `reservedUses`), its expiry. */
export function takeAnswer(
  client: QueryClient,
  answer: TicketCredential,
  fallback: number,
): TicketCredential {
  add(client, 'g' + answer.ticket, answer.reservedUses ?? fallback);
  book(client).latest.set(answer.ticket, answer);
  return answer;
}

export const latestOf = (client: QueryClient, ticket: string) => book(client).latest.get(ticket);

/** A ticket the server could not extend any more: embeds pinned to it load another. */
export const forgetTicket = (client: QueryClient, ticket: string) =>
  book(client).latest.delete(ticket);

/** Granted loads of this ticket not yet started here. */
export const spareUses = (client: QueryClient, { ticket }: TicketCredential) =>
  count(client, 'g' + ticket) - count(client, 'l' + ticket);

/** Uses left on the ticket as a whole (all callers), as far as this page knows. */
export const usesLeft = (client: QueryClient, t: TicketCredential) =>
  t.maxUses - Math.max(t.usedUses + (t.reservedUses ?? 0), count(client, 'l' + t.ticket));

/** Takes one granted use for an iframe about to load; false when none is left. */
export const claimUse = (client: QueryClient, ticket: TicketCredential) =>
  spareUses(client, ticket) > 0 && !!add(client, 'l' + ticket.ticket, 1);

export const setWaiting = (client: QueryClient, hash: string, by: 1 | -1) =>
  add(client, 'w' + hash, by);

/** Loads to ask for: embeds waiting beyond what `current` can still give them. */
export const usesWanted = (client: QueryClient, hash: string, current?: TicketCredential) =>
  Math.max(0, count(client, 'w' + hash) - (current ? Math.max(0, spareUses(client, current)) : 0));

export const dryCount = (client: QueryClient, hash: string) => count(client, 'd' + hash);

/**
 * Counts an answer that left waiting embeds with nothing to load (or resets the count). At the
 * limit they stop asking and show TICKET_EXHAUSTED until the user retries.
 */
export function noteDry(client: QueryClient, hash: string, dry: boolean): void {
  const { n, exhausted } = book(client);
  const dryAnswers = dry ? dryCount(client, hash) + 1 : 0;
  n.set('d' + hash, dryAnswers);
  if (dryAnswers < DRY_LIMIT) exhausted.delete(hash);
  else if (!exhausted.has(hash))
    exhausted.set(
      hash,
      new QuickBIEmbedError({
        code: 'TICKET_EXHAUSTED',
        message: 'The server granted no ticket use for this report',
      }),
    );
}

/** The TICKET_EXHAUSTED error waiting embeds show, once retries gave up. */
export const exhaustedError = (client: QueryClient, hash: string) =>
  book(client).exhausted.get(hash);
