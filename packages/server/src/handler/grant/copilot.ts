import { issueCopilotTicket } from '../copilotIssuer.js';
import { fail } from '../httpErrors.js';
import { resolvePolicy } from '../policy.js';
import type { HandlerContext } from '../setup/handlerContext.js';
import { callAppHook } from './authorize.js';
import { checkScheme } from './scheme.js';

/** A Smart Q ticket: its own hook, the policy must name `copilot`, then the scheme's user rule. */
export async function issueCopilot(shell: HandlerContext, request: Request, copilotId: string) {
  const { authorizeCopilot, scheme, copilotPage } = shell.options;
  if (!authorizeCopilot) fail('CREDENTIAL_KIND_REFUSED', 'Smart Q is not enabled on this server');
  const given = await callAppHook(shell, () => authorizeCopilot({ request, copilotId }));
  if (!given) fail('FORBIDDEN', 'Not allowed to use this Smart Q module');
  const policy = resolvePolicy(given);
  // Smart Q binds a user like a report ticket; the basic scheme binds only the owner.
  if (scheme) checkScheme(scheme, policy, { worksType: 'dashboard' });
  return issueCopilotTicket(shell.meterFor(policy.subject), copilotId, policy, copilotPage);
}
