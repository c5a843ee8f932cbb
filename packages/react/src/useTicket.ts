import type { TicketCredential, TicketRequest } from '@quickbi-embed/core';
import { useQuickBI } from './context.js';
import { ticketQueryOptions } from './queryOptions.js';
import { useCredential, type CredentialState } from './useCredential.js';

/** A ticket for one report (or one dashboard component), renewed before it expires. */
export function useTicket(request: TicketRequest): CredentialState<TicketCredential> {
  return useCredential(ticketQueryOptions(useQuickBI().adapter, request));
}
