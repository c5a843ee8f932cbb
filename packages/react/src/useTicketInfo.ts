import type { QuickBIEmbedError, TicketCredential, TicketInfo } from '@quickbi-embed/core';
import { useQuery } from '@tanstack/react-query';
import { useQuickBI } from './context.js';
import { ticketInfoQueryOptions } from './queryOptions.js';

export interface TicketInfoState {
  info: TicketInfo | undefined;
  status: 'pending' | 'success' | 'error';
  error: QuickBIEmbedError | null;
  isFetching: boolean;
  refetch: () => Promise<unknown>;
}

/** What Quick BI knows about a ticket (QueryTicketInfo); idle without one. */
export function useTicketInfo(ticket: string | TicketCredential | undefined): TicketInfoState {
  const value = typeof ticket === 'string' ? ticket : ticket?.ticket;
  const { data, status, error, isFetching, refetch } = useQuery({
    ...ticketInfoQueryOptions(useQuickBI().adapter, value ?? ''),
    enabled: !!value,
  });
  return { info: data, status, error: error as QuickBIEmbedError | null, isFetching, refetch };
}
