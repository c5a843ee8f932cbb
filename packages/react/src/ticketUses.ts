import type { TicketCredential } from '@quickbi-embed/core';
import type { QueryClient } from '@tanstack/react-query';

interface UseBook {
  /** Page loads this page started, per ticket value. */
  loads: Map<string, number>;
  /** Query hashes whose next fetch must bring unused uses (a renewal that tops up, or a new ticket). */
  hungry: Set<string>;
}

const books = new WeakMap<QueryClient, UseBook>();

function book(client: QueryClient): UseBook {
  let b = books.get(client);
  if (!b) books.set(client, (b = { loads: new Map(), hungry: new Set() }));
  return b;
}

const used = (b: UseBook, t: TicketCredential) => Math.max(t.usedUses, b.loads.get(t.ticket) ?? 0);

/** Uses left, counting the server's figure and the loads started here (the larger wins). */
export function usesLeft(client: QueryClient, ticket: TicketCredential): number {
  return ticket.maxUses - used(book(client), ticket);
}

/** Takes one use for an iframe about to load; false when none is left. */
export function claimUse(client: QueryClient, ticket: TicketCredential, hash: string): boolean {
  const b = book(client);
  if (usesLeft(client, ticket) <= 0) {
    b.hungry.add(hash);
    return false;
  }
  b.hungry.delete(hash);
  b.loads.set(ticket.ticket, used(b, ticket) + 1);
  return true;
}

/** Gives back a use whose iframe never got its `src` (StrictMode's rehearsal unmount). */
export function releaseUse(client: QueryClient, ticket: TicketCredential): void {
  const b = book(client);
  b.loads.set(ticket.ticket, (b.loads.get(ticket.ticket) ?? 1) - 1);
}

export const isHungry = (client: QueryClient, hash: string) => book(client).hungry.has(hash);
