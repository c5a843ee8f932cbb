import { fail } from '../httpErrors.js';
import { ownedTicketOf, ownedTicketRecord } from '../../ledger/ledger.js';
import type { RecordLookup } from '../../ledger/ledger.js';
import type { HandlerContext } from '../setup/handlerContext.js';
import { retireTicket } from '../ticketRenewal.js';
import { authorizeFor, narrowed } from './authorize.js';
import type { RequestedFilter } from './filters.js';
import { assertPolicyCovers } from './policyCoverage.js';

/**
 * The ticket's owner record and the caller's current policy for it. A caller who is not the owner
 * learns nothing (same answer as an unknown ticket). When the owner's own policy no longer grants
 * the ticket (its kind, component or works type is no longer allowed), a renewal deletes it
 * upstream and forgets it, so it cannot be renewed again. A bare refusal (`null`) names nobody:
 * it could come from any signed-in user holding the ticket string, so it is answered 403 without
 * touching the owner's ticket; the app revokes a user's tickets itself when they lose access.
 */
export async function ownedTicket(
  shell: HandlerContext,
  request: Request,
  ticket: string,
  renewing: boolean,
  requested?: readonly RequestedFilter[],
  /** The record as a renewal's first step already read it (no second read). */
  found?: RecordLookup,
) {
  const owner = found ? ownedTicketOf(found.record) : await ownedTicketRecord(shell.issuer, ticket);
  // Same answer for unknown and foreign tickets: a caller learns nothing about other users' tickets.
  if (!owner) fail('TICKET_NOT_OWNED', 'This ticket was not issued to you by this server');
  // The ticket's own filters (kept in its ledger record) unless the client still sends them.
  const filters = requested ?? owner.filters ?? [];
  const authorized = await authorizeFor(
    shell,
    request,
    'ticket',
    owner.worksId,
    owner.worksType,
    owner.cmptId,
    filters,
  );
  if (!authorized) fail('FORBIDDEN', 'Not allowed to view this report');
  const policy = narrowed(authorized, 'ticket', filters);
  if (policy.subject !== owner.subject)
    fail('TICKET_NOT_OWNED', 'This ticket was not issued to you by this server');
  try {
    assertPolicyCovers(policy, 'ticket', policy.worksType ?? owner.worksType, owner.cmptId);
    if (policy.worksType && policy.worksType !== owner.worksType)
      fail('FORBIDDEN', 'This report is no longer granted as it was issued');
  } catch (refusal) {
    // The ledger's retire transition: deleted upstream, never handed out again.
    if (renewing) await retireTicket(shell.issuer, owner, 'refused');
    throw refusal;
  }
  return { owner, policy, filters, ctx: shell.meterFor(policy.subject) };
}
