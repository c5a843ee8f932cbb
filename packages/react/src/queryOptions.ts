import type {
  EmbedTokenCredential,
  QuickBIClientAdapter,
  TicketCredential,
  TicketInfo,
  TicketRequest,
  TokenRequest,
} from '@quickbi-embed/core';
import { hashKey, queryOptions } from '@tanstack/react-query';
import { expiresLocally, stamp } from './receivedAt.js';
import { noteDry, spareUses, takeAnswer, usesWanted } from './ticketUses.js';

// Renewal is driven by our own timer (one per credential), not by staleness or focus; our
// scheduler retries with backoff. Structural sharing would swap the objects we stamped.
// The abort signal is deliberately not passed on: React Query cancels a fetch whose signal was
// read when its last observer leaves, and StrictMode's rehearsal unmount would then cost a
// second CreateTicket. A credential that arrives late is still cached and used.
const shared = { staleTime: Infinity, retry: false, structuralSharing: false } as const;

/** Options for `useQuery` / `prefetchQuery` / `ensureQueryData` of an embed token. */
export function embedTokenQueryOptions(adapter: QuickBIClientAdapter, request: TokenRequest) {
  const worksType = request.worksType ?? 'dashboard';
  return queryOptions({
    ...shared,
    queryKey: ['quickbi', 'token', request.worksId, worksType] as const,
    // Asking again while the token lives extends that same token (spec §4.1).
    queryFn: async (): Promise<EmbedTokenCredential> =>
      stamp(await adapter.createEmbedToken({ worksId: request.worksId, worksType })),
  });
}

/**
 * Options for a ticket. Fetching again renews the current ticket in place while it lives (same
 * value, so no iframe reloads). Embeds waiting for a use (each load spends one) are counted: the
 * fetch reserves that many (`uses`) by renewal, which may top the ticket up, and else by asking
 * for a ticket again (more of the same one, or a new one). An answer that still leaves them
 * nothing is noted as dry; the renewal registry then retries with backoff, and gives up after a few.
 */
export function ticketQueryOptions(adapter: QuickBIClientAdapter, request: TicketRequest) {
  const worksType = request.worksType ?? 'dashboard';
  const req: TicketRequest = { worksId: request.worksId, worksType };
  if (request.cmptId !== undefined) req.cmptId = request.cmptId;
  return queryOptions({
    ...shared,
    queryKey: ['quickbi', 'ticket', req.worksId, worksType, req.cmptId ?? null] as const,
    queryFn: async ({ client, queryKey }): Promise<TicketCredential> => {
      // Embeds mounted in the same commit register as waiting before the count is read.
      await null;
      const hash = hashKey(queryKey);
      const current = client.getQueryData<TicketCredential>(queryKey);
      const alive = current && expiresLocally(current) > Date.now() ? current : undefined;
      const wanted = usesWanted(client, hash, alive);
      const usable = (answer?: TicketCredential) =>
        answer && (!wanted || spareUses(client, answer) > 0);
      let renewed: TicketCredential | undefined;
      if (alive) {
        try {
          renewed = takeAnswer(
            client,
            stamp(
              await adapter.renewTicket({ ticket: alive.ticket, ...(wanted && { uses: wanted }) }),
            ),
            0,
          );
        } catch (error) {
          // The server refused this ticket (expired, exhausted, not ours): a new one can still work.
          // Read the status rather than `instanceof`, which would bundle the error class.
          const status = (error as { status?: number } | null)?.status ?? 0;
          if (status < 400 || status > 499) throw error;
        }
      }
      let answer = renewed;
      if (!usable(answer)) {
        const created = takeAnswer(
          client,
          stamp(await adapter.createTicket(wanted > 1 ? { ...req, uses: wanted } : req)),
          1,
        );
        // Nothing for the waiting embeds either way: keep the extended ticket rather than a new one.
        answer = usable(created) ? created : (renewed ?? created);
      }
      noteDry(client, hash, !usable(answer));
      return answer!;
    },
  });
}

/** Options for QueryTicketInfo of one ticket. */
export function ticketInfoQueryOptions(adapter: QuickBIClientAdapter, ticket: string) {
  return queryOptions({
    queryKey: ['quickbi', 'ticketInfo', ticket] as const,
    queryFn: (): Promise<TicketInfo> => adapter.queryTicketInfo({ ticket }),
    retry: false,
  });
}
