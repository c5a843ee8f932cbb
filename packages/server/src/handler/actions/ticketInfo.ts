import { ownedTicket } from '../grant/ownedTicket.js';
import { ticketRefSchema } from '../requestSchemas.js';
import { ticketInfo } from '../ticketRenewal.js';
import { defineAction } from './action.js';

/** `POST /ticket/info`: the owner reads what is left of their ticket. */
export const ticketInfoAction = defineAction({
  schema: ticketRefSchema,
  async run({ ticket }, { request, shell }) {
    const { owner, ctx: metered } = await ownedTicket(shell, request, ticket, false);
    return ticketInfo(metered, ticket, owner);
  },
});
