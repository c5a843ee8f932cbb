import type { TicketCredential, TicketRequest } from '@quickbi-embed/core';
import { useCredential, type CredentialState } from './useCredential.js';

/**
 * A ticket for one report (or one dashboard component), renewed before it expires. `filters`:
 * host-chosen filters the server's policy may grant (another choice is another ticket).
 */
export function useTicket(request: Omit<TicketRequest, 'uses'>): CredentialState<TicketCredential> {
  // The engine reads a request's report fields only (a `uses` is not one: the engine counts them).
  return useCredential(request);
}
