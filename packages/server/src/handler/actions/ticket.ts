import { parseRequestedFilters } from '../grant/filters.js';
import { issue } from '../grant/issue.js';
import { acceptTicketRequest, ticketRequestSchema } from '../requestSchemas.js';
import { defineAction } from './action.js';

/** `POST /ticket`: a CreateTicket credential, narrowed by the filters the policy lets the browser choose. */
export const ticketAction = defineAction({
  schema: ticketRequestSchema,
  accept: acceptTicketRequest,
  run: (input, { request, shell }) =>
    issue(
      shell,
      request,
      'ticket',
      input.worksId,
      input.worksType,
      input.cmptId,
      input.uses,
      false,
      parseRequestedFilters(input.filters),
    ),
});
