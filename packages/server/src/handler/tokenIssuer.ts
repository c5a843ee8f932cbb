import { buildReportUrl } from '@quickbi-embed/core';
import type { EmbedTokenCredential } from '@quickbi-embed/core';
import {
  admitMint,
  commitMintServing,
  deleteUpstream,
  dispatch,
  lookupCached,
  renewedWithin,
} from '../ledger/ledger.js';
import type { CachedLookup, CredentialRecord } from '../ledger/ledger.js';
import type { StoreLock } from '../store/types.js';
import { fail } from './httpErrors.js';
import type { Grant, IssuerContext } from './issuerContext.js';
import { hasEnoughLife, keys } from './issuerContext.js';
import { underLookup } from './leasedLock.js';
import type { Sighting } from './leasedLock.js';
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
 *
 * Redis round trips, as for tickets: a cache hit is one lookup (a token has no uses to reserve);
 * a first request one lookup (which on the miss takes the lease and reads the subject's index) and,
 * after CreateEmbedToken, one commit (the record, its index member, the cache entry, the
 * revoke-mark check and the lease release).
 */
export async function issueToken(
  ctx: IssuerContext,
  grant: Grant,
  renew = false,
  renewWindowMs = 5_000,
): Promise<EmbedTokenCredential> {
  const stored = await ctx.flight(renew ? `${grant.cacheKey}:renew` : grant.cacheKey, async () => {
    // Once more when Quick BI answered a token this ledger had revoked (see mintToken).
    const first = await serveToken(ctx, grant, renew, renewWindowMs);
    if (first !== 'again') return first;
    const second = await serveToken(ctx, grant, renew, renewWindowMs);
    if (second !== 'again') return second;
    return fail(
      'UPSTREAM_UNAVAILABLE',
      'Quick BI answered a revoked embed token again; retry later',
    );
  });
  return toCredential(ctx, stored);
}

/**
 * The cached token if it can serve (with life left; for a renewal, extended within the renew
 * window), else one minted (or extended) under the grant's lease, taken in the lookup's step.
 */
async function serveToken(
  ctx: IssuerContext,
  grant: Grant,
  renew: boolean,
  renewWindowMs: number,
): Promise<CredentialRecord | 'again'> {
  const { policy } = grant;
  const usable = (cached: CredentialRecord) =>
    renew
      ? renewedWithin(cached, ctx.now(), renewWindowMs)
      : hasEnoughLife(ctx, cached.expiresAt, policy.expireMinutes);
  const lease = { key: keys.lock(grant.cacheKey), ttlMs: ctx.lock.ttlMs, subject: policy.subject };
  // A renewal takes the lease whatever is cached (the cached token is what it extends); a plain
  // ask only on a miss, and again with the lease when what it found cannot serve.
  let when: 'miss' | 'always' = renew ? 'always' : 'miss';
  let looks = 0;
  const look = async (): Promise<Sighting<CredentialRecord, CachedLookup>> => {
    for (;;) {
      looks++;
      const found = await lookupCached(ctx, grant.cacheKey, { ...lease, when });
      if (found.record && usable(found.record)) {
        // Cached (or extended meanwhile by another holder): no lease needed.
        if (found.lease) await found.lease.release();
        if (looks === 1)
          ctx.emit({
            type: 'credential.reused',
            kind: 'token',
            worksId: grant.worksId,
            worksType: grant.worksType,
            subject: policy.subject,
          });
        return { ready: found.record };
      }
      if (found.lease) return { lease: found.lease, seen: found };
      if (found.lease === null) return { busy: true };
      when = 'always';
    }
  };
  return underLookup<CredentialRecord | 'again', CachedLookup>(ctx, look, (held, seen) =>
    mintToken(ctx, grant, held, seen),
  );
}

/**
 * CreateEmbedToken under the lease, admitted on the index the lookup read, then recorded in the
 * ledger (indexed under its subject for revocation), cached and the lease released in one commit.
 * Quick BI answering the same token again extends its live record in the same transition. A
 * token this ledger took out of service (revoked, its deletion still owed: Quick BI was
 * unreachable then) is never handed out: its deletion is tried again and, once it lands, the
 * caller asks again ('again') and Quick BI creates a new token.
 */
async function mintToken(
  ctx: IssuerContext,
  grant: Grant,
  lease: StoreLock,
  seen: CachedLookup,
): Promise<CredentialRecord | 'again'> {
  const previous = seen.record;
  // The subject's index as the lookup read it with the lease (read again if a store did not).
  await admitMint(ctx, grant.policy.subject, previous?.id, seen.members);
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
    ({ record: next } = await commitMintServing(ctx, record, callTime, lease, []));
  } catch (error) {
    if (previous?.id !== record.id) await deleteUpstream(ctx, record);
    throw error;
  }
  if (next.state !== 'live') {
    if (!(await deleteUpstream(ctx, next)))
      fail(
        'UPSTREAM_UNAVAILABLE',
        'This user’s embed token was revoked and Quick BI has not deleted it yet; retry later',
      );
    await dispatch(ctx, next.id, { type: 'forget' });
    return 'again';
  }
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
