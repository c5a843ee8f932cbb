import type { ActionTable } from './action.js';
import { copilotTicketAction } from './copilotTicket.js';
import { ticketAction } from './ticket.js';
import { ticketInfoAction } from './ticketInfo.js';
import { ticketRenewAction } from './ticketRenew.js';
import { tokenAction } from './token.js';

/** Contract route → action. A new route: its action file and one line here. */
export const ACTIONS: ActionTable = {
  token: tokenAction,
  ticket: ticketAction,
  ticketRenew: ticketRenewAction,
  ticketInfo: ticketInfoAction,
  copilotTicket: copilotTicketAction,
};
