/**
 * Smart Q tickets (CreateTicket4Copilot). Minted per request, not cached or renewed: Quick BI
 * documents no extension for them, and a Smart Q page is one conversation. The policy must name
 * `copilot` in `kinds`, and a policy with a row filter or watermark is refused: CreateTicket4Copilot
 * takes neither (CopilotId, TicketNum, UserId/AccountName, ExpireTime only:
 * https://help.aliyun.com/zh/quick-bi/developer-reference/api-quickbi-public-2022-01-01-createticket4copilot),
 * so handing one out would drop both.
 */
import { buildCopilotUrl } from '@quickbi-embed/core';
import type { CopilotCredential } from '@quickbi-embed/core';
import { admitMint, commitMintServing, deleteUpstream } from '../ledger/ledger.js';
import type { CredentialRecord } from '../ledger/ledger.js';
import { fail } from './httpErrors.js';
import type { IssuerContext } from './issuerContext.js';
import type { ResolvedPolicy } from './policy.js';

export interface CopilotPageOptions {
  /** UNCONFIRMED Smart Q page path (default `/copilot/view/pc.htm`). */
  pagePath?: string;
  /** UNCONFIRMED id parameter (default `copilotId`). */
  idParam?: string;
}

export function assertCopilotCovered(policy: ResolvedPolicy): void {
  if (!policy.kinds.includes('copilot'))
    fail('CREDENTIAL_KIND_REFUSED', 'Smart Q is not allowed for this user');
  if ((policy.globalParam?.length ?? 0) > 0 || policy.watermark)
    fail(
      'CREDENTIAL_KIND_REFUSED',
      'A Smart Q ticket cannot carry this policy’s row filter or watermark',
    );
}

export async function issueCopilotTicket(
  ctx: IssuerContext,
  copilotId: string,
  policy: ResolvedPolicy,
  page: CopilotPageOptions = {},
): Promise<CopilotCredential> {
  assertCopilotCovered(policy);
  await admitMint(ctx, policy.subject);
  const calledAt = ctx.now();
  const { ticket } = await ctx.client.createCopilotTicket({
    copilotId,
    ticketNum: policy.ticketUses,
    expireMinutes: policy.expireMinutes,
    ...(policy.userId !== undefined ? { userId: policy.userId } : {}),
    ...(policy.accountName !== undefined
      ? { accountName: policy.accountName, accountType: policy.accountType as number }
      : {}),
  });
  const record: CredentialRecord = {
    kind: 'copilot',
    id: ticket,
    subject: policy.subject,
    worksId: copilotId,
    // Smart Q has no works type; recorded as the dashboard scheme rules it by.
    worksType: 'dashboard',
    policyHash: '',
    cacheKey: '',
    maxUses: policy.ticketUses,
    reserved: policy.ticketUses,
    renewals: 0,
    expiresAt: calledAt + policy.expireMinutes * 60_000,
    state: 'live',
    watermark: null,
    globalParam: null,
  };
  // Recorded and indexed under its subject, so revocation deletes it with the rest, in one store
  // step with the check of the subject's revoke mark (one Redis round trip; no lease, no cache).
  try {
    await commitMintServing(ctx, record, calledAt, undefined, []);
  } catch (error) {
    await deleteUpstream(ctx, record);
    throw error;
  }
  return {
    kind: 'copilot',
    copilotId,
    ticket,
    reportUrl: buildCopilotUrl({ origin: ctx.reportOrigin, copilotId, ticket, ...page }),
    reportOrigin: ctx.reportOrigin,
    maxUses: policy.ticketUses,
    expiresAt: calledAt + policy.expireMinutes * 60_000,
    serverNow: ctx.now(),
  };
}
