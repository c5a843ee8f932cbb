import { issue } from '../grant/issue.js';
import { tokenRequestSchema } from '../requestSchemas.js';
import { defineAction } from './action.js';

/** `POST /token`: a CreateEmbedToken credential (extended upstream when `renew` is set). */
export const tokenAction = defineAction({
  schema: tokenRequestSchema,
  run: (input, { request, shell }) =>
    issue(
      shell,
      request,
      'token',
      input.worksId,
      input.worksType,
      undefined,
      undefined,
      input.renew === true,
    ),
});
