import { parseRequestedFilters } from '../grant/filters.js';
import { withOrigin } from '../grant/issue.js';
import { ownedTicket } from '../grant/ownedTicket.js';
import { makeGrant } from '../issuerContext.js';
import { ticketRenewSchema } from '../requestSchemas.js';
import { renewTicket } from '../ticketRenewal.js';
import { defineAction } from './action.js';

/** `POST /ticket/renew`: the owner extends (and maybe tops up) their ticket under today's policy. */
export const ticketRenewAction = defineAction({
  schema: ticketRenewSchema,
  async run({ ticket, uses, filters }, { request, shell }) {
    const {
      owner,
      policy,
      ctx: metered,
    } = await ownedTicket(shell, request, ticket, true, parseRequestedFilters(filters));
    const grant = await makeGrant(
      metered,
      'ticket',
      owner.worksId,
      owner.worksType,
      owner.cmptId,
      policy,
    );
    return withOrigin(
      shell,
      await renewTicket(metered, grant, ticket, owner, uses, shell.renewWindowMs),
    );
  },
});
