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
import { isHungry, usesLeft } from './ticketUses.js';

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
 * value, so the iframe does not reload) and asks for a new one only when renewal cannot help.
 */
export function ticketQueryOptions(adapter: QuickBIClientAdapter, request: TicketRequest) {
  const worksType = request.worksType ?? 'dashboard';
  const req: TicketRequest = { worksId: request.worksId, worksType };
  if (request.cmptId !== undefined) req.cmptId = request.cmptId;
  return queryOptions({
    ...shared,
    queryKey: ['quickbi', 'ticket', req.worksId, worksType, req.cmptId ?? null] as const,
    queryFn: async ({ client, queryKey }): Promise<TicketCredential> => {
      const current = client.getQueryData<TicketCredential>(queryKey);
      if (current && expiresLocally(current) > Date.now()) {
        try {
          const renewed = stamp(await adapter.renewTicket({ ticket: current.ticket }));
          if (!isHungry(client, hashKey(queryKey)) || usesLeft(client, renewed) > 0) return renewed;
        } catch (error) {
          // The server refused this ticket (expired, exhausted, not ours): a new one can still work.
          // Read the status rather than `instanceof`, which would bundle the error class.
          const status = (error as { status?: number } | null)?.status ?? 0;
          if (status < 400 || status > 499) throw error;
        }
      }
      return stamp(await adapter.createTicket(req));
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
