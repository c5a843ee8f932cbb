import {
  canonicalFilters,
  type EmbedTokenCredential,
  type QuickBIClientAdapter,
  type ReportRequest,
  type TicketCredential,
  type TicketInfo,
  type TicketRequest,
  type TokenRequest,
} from '@quickbi-embed/core';
import { queryOptions } from '@tanstack/react-query';
import { credentialQueryKey } from './credentialQueryKey.js';

/**
 * Fetched once for a route loader (`prefetchQuery` / `ensureQueryData`): a provider over the same
 * QueryClient takes the answer over (its `reservedUses` are this page's) instead of asking again,
 * and renews it. Renewal and use accounting are the engine's, not staleness or focus.
 */
const forLoader = <C>(request: ReportRequest, queryFn: () => Promise<C>) =>
  queryOptions({
    staleTime: Infinity,
    retry: false,
    queryKey: credentialQueryKey(request),
    queryFn,
  });

/** An embed token for a route loader to prefetch. */
export function embedTokenQueryOptions(adapter: QuickBIClientAdapter, request: TokenRequest) {
  const { worksId, worksType } = request;
  const req = { worksId, ...(worksType && { worksType }) };
  return forLoader<EmbedTokenCredential>({ ...req, credential: 'token' }, () =>
    adapter.createEmbedToken(req),
  );
}

/** A ticket for a route loader to prefetch (`uses`: one per embed of it on the page). */
export function ticketQueryOptions(adapter: QuickBIClientAdapter, request: TicketRequest) {
  const { worksId, worksType, cmptId, uses } = request;
  const filters = canonicalFilters(request.filters);
  const req: TicketRequest = {
    worksId,
    ...(worksType && { worksType }),
    ...(cmptId !== undefined && { cmptId }),
    ...(filters && { filters }),
  };
  return forLoader<TicketCredential>(req, () =>
    adapter.createTicket(uses === undefined ? req : { ...req, uses }),
  );
}

/** Options for QueryTicketInfo of one ticket. */
export function ticketInfoQueryOptions(adapter: QuickBIClientAdapter, ticket: string) {
  return queryOptions({
    queryKey: ['quickbi', 'ticketInfo', ticket] as const,
    queryFn: (): Promise<TicketInfo> => adapter.queryTicketInfo({ ticket }),
    retry: false,
  });
}
