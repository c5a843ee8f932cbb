import { isQuickBIEmbedError } from '@quickbi-embed/core';
import type { WorksType } from '@quickbi-embed/core';
import { fail } from '../httpErrors.js';
import { statusOf } from '../http/toErrorBody.js';
import { makeGrant } from '../issuerContext.js';
import { resolvePolicy } from '../policy.js';
import type { CredentialKind, ResolvedPolicy } from '../policy.js';
import type { HandlerContext } from '../setup/handlerContext.js';
import { mergeFilters } from './filters.js';
import type { RequestedFilter } from './filters.js';
import { assertPolicyCovers } from './policyCoverage.js';
import { checkScheme } from './scheme.js';

/** The one rule: an app hook's thrown typed error whose status (the table's, else its own) is a 4xx. */
export function isAppRefusal(error: unknown): boolean {
  if (!isQuickBIEmbedError(error)) return false;
  const status = statusOf(error.code) ?? error.status;
  return status >= 400 && status < 500;
}

/**
 * Calls one of the app's hooks (`authorize`, `authorizeCopilot`). The one rule for what it throws:
 * our typed error whose status (the table's for its code, else its own) is a 4xx is the app's
 * refusal and passes as is; anything else means "not signed in" (401), its message kept off the wire.
 */
export async function callAppHook<T>(shell: HandlerContext, hook: () => T | Promise<T>) {
  try {
    return await hook();
  } catch (error) {
    if (isAppRefusal(error)) throw error;
    shell.log.info(`authorize threw, answered 401 UNAUTHORIZED: ${describe(error)}`, {
      event: 'quickbi.authorize.threw',
      code: 'UNAUTHORIZED',
    });
    fail('UNAUTHORIZED', 'Not signed in');
  }
}

const describe = (error: unknown) =>
  (error instanceof Error ? error.message : String(error)).slice(0, 200);

/** The works type the server trusts: its own lookup, else the browser's hint, else a dashboard. */
async function serverWorksType(
  shell: HandlerContext,
  worksId: string,
  hint: WorksType | undefined,
): Promise<WorksType> {
  return (await shell.options.worksType?.(worksId)) ?? hint ?? 'dashboard';
}

export async function authorizeFor(
  shell: HandlerContext,
  request: Request,
  kind: CredentialKind,
  worksId: string,
  worksType: WorksType,
  cmptId: string | undefined,
  filters: readonly RequestedFilter[] = [],
): Promise<ResolvedPolicy | null> {
  const policy = await callAppHook(shell, () =>
    shell.options.authorize({
      request,
      worksId,
      worksType,
      cmptId,
      kind,
      // Only when the browser chose some: apps that never offer filters see the args they knew.
      ...(filters.length > 0 ? { filters } : {}),
    }),
  );
  return policy ? resolvePolicy(policy) : null;
}

/**
 * Authorizes one credential request and checks the policy covers it: the policy decides the
 * works type (its own, else the server's), and the credential kind and component must be ones it
 * allows and can enforce. Returns the request's issuer context, metered by the subject's quota.
 */
export async function grantFor(
  shell: HandlerContext,
  request: Request,
  kind: CredentialKind,
  worksId: string,
  hint: WorksType | undefined,
  cmptId: string | undefined,
  filters: readonly RequestedFilter[] = [],
) {
  const lookedUp = shell.options.worksType
    ? await serverWorksType(shell, worksId, hint)
    : (hint ?? 'dashboard');
  const authorized = await authorizeFor(shell, request, kind, worksId, lookedUp, cmptId, filters);
  if (!authorized) fail('FORBIDDEN', 'Not allowed to view this report');
  const policy = narrowed(authorized, kind, filters);
  const worksType = policy.worksType ?? lookedUp;
  assertPolicyCovers(policy, kind, worksType, cmptId);
  if (shell.options.scheme) checkScheme(shell.options.scheme, policy, { worksType, cmptId });
  const metered = shell.meterFor(policy.subject);
  return {
    ctx: metered,
    grant: await makeGrant(metered, kind, worksId, worksType, cmptId, policy, filters),
  };
}

/**
 * The policy with the browser's chosen filters ANDed to its own GlobalParam (tickets only: a
 * token carries none). Refused (403 FILTER_NOT_ALLOWED) unless the policy offers each one.
 */
export function narrowed(
  policy: ResolvedPolicy,
  kind: CredentialKind,
  filters: readonly RequestedFilter[],
): ResolvedPolicy {
  if (filters.length === 0) return policy;
  if (kind !== 'ticket') fail('FILTER_NOT_ALLOWED', 'Only tickets carry filters');
  const globalParam = mergeFilters(policy.globalParam, policy.filters, filters);
  return { ...policy, globalParam };
}
