import type { Credential, WorksType } from '@quickbi-embed/core';
import type { CredentialKind } from '../policy.js';
import type { HandlerContext } from '../setup/handlerContext.js';
import { issueTicket } from '../ticketIssuer.js';
import { issueToken } from '../tokenIssuer.js';
import { grantFor } from './authorize.js';
import type { RequestedFilter } from './filters.js';

/** Every credential says which Quick BI origin it embeds from (the browser checks `reportUrl`). */
export const withOrigin = <T extends object>(
  shell: HandlerContext,
  credential: T,
): T & { reportOrigin: string } => ({
  ...credential,
  reportOrigin: shell.issuer.reportOrigin,
});

/** A report credential (token or ticket) under the app's policy: `/token`, `/ticket`, prefetch. */
export async function issue(
  shell: HandlerContext,
  request: Request,
  kind: CredentialKind,
  worksId: string,
  hint: WorksType | undefined,
  cmptId: string | undefined,
  uses: number | undefined,
  renew = false,
  filters: readonly RequestedFilter[] = [],
): Promise<Credential> {
  const { ctx: metered, grant } = await grantFor(
    shell,
    request,
    kind,
    worksId,
    hint,
    cmptId,
    filters,
  );
  return withOrigin(
    shell,
    kind === 'token'
      ? await issueToken(metered, grant, renew, shell.renewWindowMs)
      : await issueTicket(metered, grant, uses),
  );
}
