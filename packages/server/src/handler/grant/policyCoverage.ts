import type { WorksType } from '@quickbi-embed/core';
import { fail } from '../httpErrors.js';
import type { CredentialKind, ResolvedPolicy } from '../policy.js';

/**
 * Refuses any credential weaker than the policy that asked for it, before any upstream call. A
 * Quick BI token (CreateEmbedToken, spec/CreateEmbedToken.txt: WorksId, UserId/AccountName,
 * ExpireMin only) binds a user but carries no row filter (GlobalParam) and no
 * watermark, so handing one out under a policy that sets them would drop both; a watermark is not
 * drawn on data screens (spec §4.4); a component is only ever what the policy names.
 */
export function assertPolicyCovers(
  policy: ResolvedPolicy,
  kind: CredentialKind,
  worksType: WorksType,
  cmptId: string | undefined,
): void {
  if (!policy.kinds.includes(kind))
    fail(
      'CREDENTIAL_KIND_REFUSED',
      kind === 'token'
        ? 'Tokens are not allowed for this report; ask for a ticket'
        : 'Tickets are not allowed for this report',
    );
  const filtered = (policy.globalParam?.length ?? 0) > 0;
  const watermarked = Boolean(policy.watermark);
  if (kind === 'token' && (filtered || watermarked))
    fail(
      'CREDENTIAL_KIND_REFUSED',
      'A token cannot carry this report’s row filter or watermark; ask for a ticket',
    );
  if (watermarked && worksType === 'dataScreen')
    fail(
      'CREDENTIAL_KIND_REFUSED',
      'Quick BI draws no watermark on data screens, and the policy requires one',
    );
  if (cmptId !== undefined) {
    if (worksType !== 'dashboard')
      fail('COMPONENT_NOT_ALLOWED', 'Components can only be embedded from dashboards');
    if (!policy.cmptIds.includes(cmptId))
      fail('COMPONENT_NOT_ALLOWED', 'This component may not be embedded on its own');
  }
}
