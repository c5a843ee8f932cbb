import { parseRequestedFilters } from '../grant/filters.js';
import { withOrigin } from '../grant/issue.js';
import { ownedTicket } from '../grant/ownedTicket.js';
import { makeGrant } from '../issuerContext.js';
import { ticketRenewSchema } from '../requestSchemas.js';
import { lookupForRenewal, renewTicket } from '../ticketRenewal.js';
import { defineAction } from './action.js';

/** `POST /ticket/renew`: the owner extends (and maybe tops up) their ticket under today's policy. */
export const ticketRenewAction = defineAction({
  schema: ticketRenewSchema,
  async run({ ticket, uses, filters }, { request, shell }) {
    // One step reads the ticket's record (its owner) and takes the lease to extend it.
    const found = await lookupForRenewal(shell.issuer, ticket);
    let renewal: Parameters<typeof renewTicket>;
    try {
      // Filters live in the ticket's record: a body without them renews with the record's.
      const {
        owner,
        policy,
        filters: chosen,
        ctx: metered,
      } = await ownedTicket(
        shell,
        request,
        ticket,
        true,
        filters === undefined ? undefined : parseRequestedFilters(filters),
        found,
      );
      const grant = await makeGrant(
        metered,
        'ticket',
        owner.worksId,
        owner.worksType,
        owner.cmptId,
        policy,
        chosen,
      );
      renewal = [metered, grant, ticket, owner, uses, shell.renewWindowMs, found];
    } catch (refusal) {
      // Refused before any extension: the lease goes back at once.
      await found.lease?.release();
      throw refusal;
    }
    return withOrigin(shell, await renewTicket(...renewal));
  },
});
