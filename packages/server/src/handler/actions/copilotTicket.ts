import { issueCopilot } from '../grant/copilot.js';
import { copilotTicketSchema } from '../requestSchemas.js';
import { defineAction } from './action.js';

/** `POST /copilot/ticket`: a Smart Q ticket under `authorizeCopilot`. */
export const copilotTicketAction = defineAction({
  schema: copilotTicketSchema,
  run: ({ copilotId }, { request, shell }) => issueCopilot(shell, request, copilotId),
});
