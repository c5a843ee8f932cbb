import { buildReportUrl } from '@quickbi-embed/core';
import type { EmbedTokenCredential } from '@quickbi-embed/core';
import type { Grant, IssuerContext, StoredToken } from './issuerContext.js';
import { hasEnoughLife, ttlUntil, underStoreLock } from './issuerContext.js';
import { earliestExpiry } from './expiry.js';

function toCredential(ctx: IssuerContext, stored: StoredToken): EmbedTokenCredential {
  return {
    kind: 'token',
    accessToken: stored.accessToken,
    worksId: stored.worksId,
    worksType: stored.worksType,
    reportUrl: buildReportUrl({
      origin: ctx.reportOrigin,
      worksId: stored.worksId,
      worksType: stored.worksType,
      credential: { accessToken: stored.accessToken },
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
 * share the one extension through the store, across a fleet).
 */
export async function issueToken(
  ctx: IssuerContext,
  grant: Grant,
  renew = false,
  renewWindowMs = 5_000,
): Promise<EmbedTokenCredential> {
  const { policy } = grant;
  const renewedKey = `${grant.cacheKey}:renewed`;
  const fresh = async () => {
    if (renew && (await ctx.store.get<number>(renewedKey)) === undefined) return null;
    const cached = await ctx.store.get<StoredToken>(grant.cacheKey);
    return cached && hasEnoughLife(ctx, cached.expiresAt, policy.expireMinutes) ? cached : null;
  };
  const event = {
    kind: 'token' as const,
    worksId: grant.worksId,
    worksType: grant.worksType,
    subject: policy.subject,
  };
  const stored = await ctx.flight(renew ? renewedKey : grant.cacheKey, async () => {
    const cached = await fresh();
    if (cached) {
      ctx.emit({ type: 'credential.reused', ...event });
      return cached;
    }
    return underStoreLock(ctx, grant.cacheKey, fresh, async () => {
      const previous = await ctx.store.get<StoredToken>(grant.cacheKey);
      const callTime = ctx.now();
      const result = await ctx.client.createEmbedToken({
        worksId: grant.worksId,
        ...(policy.userId ? { userId: policy.userId } : {}),
        ...(policy.accountName
          ? { accountName: policy.accountName, accountType: policy.accountType }
          : {}),
        expireMinutes: policy.expireMinutes,
      });
      const next: StoredToken = {
        accessToken: result.accessToken,
        worksId: grant.worksId,
        worksType: grant.worksType,
        expiresAt: earliestExpiry(callTime, policy.expireMinutes, result.invalidTime?.epochMs),
        ...(result.invalidTime ? { invalidTime: result.invalidTime.text } : {}),
      };
      await ctx.store.set(grant.cacheKey, next, ttlUntil(ctx, next.expiresAt));
      await ctx.store.set(renewedKey, callTime, renewWindowMs);
      if (previous?.accessToken === result.accessToken)
        ctx.emit({ type: 'credential.renewed', ...event, toppedUpUses: 0 });
      else
        ctx.emit({
          type: 'credential.minted',
          ...event,
          reason: previous ? 'expiring' : 'new',
          requestId: result.requestId,
        });
      return next;
    });
  });
  return toCredential(ctx, stored);
}
