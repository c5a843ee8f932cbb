import { buildReportUrl } from '@quickbi-embed/core';
import type { EmbedTokenCredential } from '@quickbi-embed/core';
import {
  admitMint,
  cachePointer,
  cachedRecord,
  commitMint,
  deleteUpstream,
  dispatch,
  renewedWithin,
} from '../ledger/ledger.js';
import type { StoreLock } from '../store/types.js';
import { fail } from './httpErrors.js';
import type { CredentialRecord } from '../ledger/ledger.js';
import type { Grant, IssuerContext } from './issuerContext.js';
import { hasEnoughLife, underStoreLock } from './issuerContext.js';
import { earliestExpiry } from './expiry.js';

function toCredential(ctx: IssuerContext, stored: CredentialRecord): EmbedTokenCredential {
  return {
    kind: 'token',
    accessToken: stored.id,
    worksId: stored.worksId,
    worksType: stored.worksType,
    reportUrl: buildReportUrl({
      origin: ctx.reportOrigin,
      worksId: stored.worksId,
      worksType: stored.worksType,
      credential: { accessToken: stored.id },
    }),
    expiresAt: stored.expiresAt,
    serverNow: ctx.now(),
    ...(stored.invalidTime ? { invalidTime: stored.invalidTime } : {}),
  };
}

/**
 * CreateEmbedToken, cached. Quick BI extends a still-valid token when asked again (spec §4.1), so
 * re-asking near expiry is the renewal: same token, same URL, the iframe never reloads.
 *
 * `renew`: the browser's token is about to expire, so the cache (which still holds it) is no answer:
 * CreateEmbedToken is called again, once for all the tabs that renew within `renewWindowMs` (they
 * share the one extension through the record's `renewedAt`, the ledger's `renewedWithin`, across a
 * fleet).
 */
export async function issueToken(
  ctx: IssuerContext,
  grant: Grant,
  renew = false,
  renewWindowMs = 5_000,
): Promise<EmbedTokenCredential> {
  const { policy } = grant;
  const fresh = async () => {
    const cached = await cachedRecord(ctx, grant.cacheKey);
    if (renew && !renewedWithin(cached, ctx.now(), renewWindowMs)) return null;
    return cached && hasEnoughLife(ctx, cached.expiresAt, policy.expireMinutes) ? cached : null;
  };
  const event = {
    kind: 'token' as const,
    worksId: grant.worksId,
    worksType: grant.worksType,
    subject: policy.subject,
  };
  const stored = await ctx.flight(renew ? `${grant.cacheKey}:renew` : grant.cacheKey, async () => {
    const cached = await fresh();
    if (cached) {
      ctx.emit({ type: 'credential.reused', ...event });
      return cached;
    }
    return underStoreLock(ctx, grant.cacheKey, fresh, async (lease) => {
      const previous = await cachedRecord(ctx, grant.cacheKey);
      await admitMint(ctx, policy.subject, previous?.id);
      const minted = await mintToken(ctx, grant, previous, lease);
      if (minted.state === 'live') return minted;
      // Quick BI answered a token this ledger took out of service (revoked, its deletion still
      // owed: Quick BI was unreachable then). Never handed out: the deletion is tried again, and
      // once it lands Quick BI creates a new token.
      if (!(await deleteUpstream(ctx, minted)))
        fail(
          'UPSTREAM_UNAVAILABLE',
          'This user’s embed token was revoked and Quick BI has not deleted it yet; retry later',
        );
      await dispatch(ctx, minted.id, { type: 'forget' });
      const next = await mintToken(ctx, grant, undefined, lease);
      if (next.state !== 'live')
        fail('UPSTREAM_UNAVAILABLE', 'Quick BI answered a revoked embed token again; retry later');
      return next;
    });
  });
  return toCredential(ctx, stored);
}

/**
 * CreateEmbedToken, recorded in the ledger (and indexed under its subject for revocation) before
 * it is cached or handed out. Quick BI answering the same token again extends its live record in
 * the same transition; a record no longer live stays so, and is returned as is (not cached).
 */
async function mintToken(
  ctx: IssuerContext,
  grant: Grant,
  previous: CredentialRecord | undefined,
  lease: StoreLock,
): Promise<CredentialRecord> {
  const { policy } = grant;
  const event = {
    kind: 'token' as const,
    worksId: grant.worksId,
    worksType: grant.worksType,
    subject: policy.subject,
  };
  const callTime = ctx.now();
  const result = await ctx.client.createEmbedToken({
    worksId: grant.worksId,
    ...(policy.userId ? { userId: policy.userId } : {}),
    ...(policy.accountName
      ? { accountName: policy.accountName, accountType: policy.accountType }
      : {}),
    expireMinutes: policy.expireMinutes,
  });
  const record: CredentialRecord = {
    kind: 'token',
    id: result.accessToken,
    subject: policy.subject,
    worksId: grant.worksId,
    worksType: grant.worksType,
    policyHash: grant.policyHash,
    cacheKey: grant.cacheKey,
    maxUses: 0,
    reserved: 0,
    renewals: 0,
    expiresAt: earliestExpiry(callTime, policy.expireMinutes, result.invalidTime?.epochMs),
    state: 'live',
    watermark: null,
    globalParam: null,
    ...(result.invalidTime ? { invalidTime: result.invalidTime.text } : {}),
    // Issued or extended upstream just now: opens the renew window (a re-issue of the same
    // token extends the live record with it).
    renewedAt: ctx.now(),
  };
  let next: CredentialRecord;
  try {
    next = await commitMint(ctx, record, callTime, lease);
  } catch (error) {
    if (previous?.id !== record.id) await deleteUpstream(ctx, record);
    throw error;
  }
  if (next.state !== 'live') return next;
  await cachePointer(ctx, next);
  if (previous?.id === result.accessToken)
    ctx.emit({ type: 'credential.renewed', ...event, toppedUpUses: 0 });
  else
    ctx.emit({
      type: 'credential.minted',
      ...event,
      reason: previous ? 'expiring' : 'new',
      requestId: result.requestId,
    });
  return next;
}
