import type {
  EmbedTokenCredential,
  QuickBIClientAdapter,
  ReportRequest,
  TicketCredential,
  TicketInfo,
  TicketRequest,
  TokenRequest,
} from '@quickbi-embed/core';
import { queryOptions } from '@tanstack/react-query';

/** Where a report's credential lives in the QueryClient; the provider's engine starts from it. */
export const credentialQueryKey = (request: ReportRequest) =>
  [
    'quickbi',
    request.credential ?? 'ticket',
    request.worksId,
    request.worksType ?? null,
    request.cmptId ?? null,
  ] as const;

// Fetched once for a loader; renewal and use accounting are the engine's, not staleness or focus.
const shared = { staleTime: Infinity, retry: false, structuralSharing: false } as const;

/**
 * Options for `prefetchQuery` / `ensureQueryData` of an embed token in a route loader: a provider
 * over the same QueryClient takes it over (no second call) and renews it.
 */
export function embedTokenQueryOptions(adapter: QuickBIClientAdapter, request: TokenRequest) {
  const { worksId, worksType } = request;
  return queryOptions({
    ...shared,
    queryKey: credentialQueryKey({ worksId, ...(worksType && { worksType }), credential: 'token' }),
    queryFn: (): Promise<EmbedTokenCredential> =>
      adapter.createEmbedToken({ worksId, ...(worksType && { worksType }) }),
  });
}

/**
 * Options for prefetching a ticket in a route loader: a provider over the same QueryClient takes
 * it over with its `reservedUses` (one page load each) and renews it; embeds spend those uses.
 */
export function ticketQueryOptions(adapter: QuickBIClientAdapter, request: TicketRequest) {
  const { worksId, worksType, cmptId, uses } = request;
  const req: TicketRequest = {
    worksId,
    ...(worksType && { worksType }),
    ...(cmptId !== undefined && { cmptId }),
  };
  return queryOptions({
    ...shared,
    queryKey: credentialQueryKey(req),
    queryFn: (): Promise<TicketCredential> =>
      adapter.createTicket(uses === undefined ? req : { ...req, uses }),
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
