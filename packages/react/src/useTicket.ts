import type { TicketCredential, TicketRequest } from '@quickbi-embed/core';
import { useCredential, type CredentialState } from './useCredential.js';

/** A ticket for one report (or one dashboard component), renewed before it expires. */
export function useTicket({
  worksId,
  worksType,
  cmptId,
}: TicketRequest): CredentialState<TicketCredential> {
  return useCredential({ worksId, worksType, cmptId });
}
