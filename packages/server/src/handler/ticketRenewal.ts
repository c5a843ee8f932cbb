import type { TicketCredential, TicketInfo } from '@quickbi-embed/core';
import { QuickBIApiError } from '../client/quickbiApiError.js';
import { earliestExpiry } from './expiry.js';
import { fail } from './httpErrors.js';
import type { Grant, IssuerContext, StoredTicket, TicketOwnership } from './issuerContext.js';
import { keys, ttlUntil } from './issuerContext.js';
import { mintOwnTicket, reserveUses, saveTicket, ticketCredential } from './ticketIssuer.js';

/** Quick BI's answers that mean "this ticket cannot be extended any more": mint a new one. */
const GONE = new Set(['Authorize3rdTicket.Expired', 'Authorize3rdTicket.NotExist']);

/**
 * Extends a ticket in place (DelayTicketExpireTime, then UpdateTicketNum when uses run low and the
 * policy allows), so the URL and the iframe stay, then reserves the `wanted` page loads the caller
 * still needs (0: a plain extension). When the ticket already expired, or the policy changed since
 * it was issued, a new ticket is minted under the current policy instead.
 */
export async function renewTicket(
  ctx: IssuerContext,
  grant: Grant,
  ticket: string,
  owner: TicketOwnership,
  wanted = 0,
): Promise<TicketCredential> {
  const { policy } = grant;
  const event = {
    kind: 'ticket' as const,
    worksId: grant.worksId,
    worksType: grant.worksType,
    ...(grant.cmptId ? { cmptId: grant.cmptId } : {}),
    subject: policy.subject,
  };
  // The old entry is dead or under an old policy; the replacement is cached once this caller
  // holds its uses (at least one: whoever held the old ticket reloads with the new one).
  const replace = (reason: 'expired' | 'policy-changed') =>
    mintOwnTicket(ctx, grant, reason, wanted);
  if (owner.policyHash !== grant.policyHash) return replace('policy-changed');

  const renewals = await ctx.store.increment(
    keys.renewals(ctx, ticket),
    1,
    ttlUntil(ctx, owner.expiresAt) + ctx.ownershipGraceMs,
  );
  if (renewals > policy.maxRenewals) fail('FORBIDDEN', 'This ticket reached its renewal limit');

  const callTime = ctx.now();
  try {
    await ctx.client.delayTicketExpireTime({ ticket, expireMinutes: policy.expireMinutes });
  } catch (error) {
    if (error instanceof QuickBIApiError && GONE.has(error.code)) return replace('expired');
    throw error;
  }
  const info = await ctx.client.queryTicketInfo({ ticket });
  let maxUses = info.maxUses;
  let toppedUpUses = 0;
  const remaining = info.maxUses - info.usedUses;
  if (policy.topUpUses > 0 && remaining < policy.topUpUses) {
    // Whether TicketNum sets the total or adds to what is left is undocumented (spec §1.3).
    const ticketNum =
      ctx.updateTicketNumMode === 'setMax'
        ? Math.min(99_998, info.usedUses + policy.topUpUses)
        : Math.min(99_998, policy.topUpUses - remaining);
    await ctx.client.updateTicketNum({ ticket, ticketNum });
    maxUses = ctx.updateTicketNumMode === 'setMax' ? ticketNum : info.maxUses + ticketNum;
    toppedUpUses = maxUses - info.maxUses;
  }
  const stored: StoredTicket = {
    ticket,
    worksId: owner.worksId,
    worksType: owner.worksType,
    ...(owner.cmptId ? { cmptId: owner.cmptId } : {}),
    maxUses,
    expiresAt: earliestExpiry(callTime, policy.expireMinutes, info.invalidTime?.epochMs),
    watermark: info.watermark ?? policy.watermark ?? null,
    globalParam: info.globalParam ?? policy.globalParam ?? null,
  };
  // Re-cache only when the cache still points at this ticket (a newer one may have replaced it).
  const cached = await ctx.store.get<StoredTicket>(grant.cacheKey);
  await saveTicket(ctx, grant, stored, cached?.ticket === ticket);
  const { before, granted } =
    wanted > 0
      ? await reserveUses(ctx, stored, wanted)
      : { before: (await ctx.store.get<number>(keys.uses(ctx, ticket))) ?? 0, granted: 0 };
  ctx.emit({ type: 'credential.renewed', ...event, toppedUpUses, renewals });
  return ticketCredential(
    ctx,
    stored,
    Math.max(info.usedUses, Math.min(before, maxUses)),
    granted,
    info.invalidTime?.text,
  );
}

/** QueryTicketInfo, camelCased, times as epoch ms. */
export async function ticketInfo(
  ctx: IssuerContext,
  ticket: string,
  owner: TicketOwnership,
): Promise<TicketInfo> {
  const info = await ctx.client.queryTicketInfo({ ticket });
  const invalidAt = info.invalidTime?.epochMs;
  return {
    ticket: info.ticket,
    worksId: info.worksId ?? owner.worksId,
    ...(info.cmptId ? { cmptId: info.cmptId } : {}),
    ...(info.userId ? { userId: info.userId } : {}),
    ...(info.organizationId ? { organizationId: info.organizationId } : {}),
    maxUses: info.maxUses,
    usedUses: info.usedUses,
    ...(info.registerTime?.epochMs !== undefined
      ? { registeredAt: info.registerTime.epochMs }
      : {}),
    expiresAt: invalidAt === undefined ? owner.expiresAt : Math.min(owner.expiresAt, invalidAt),
    ...(info.invalidTime ? { invalidTime: info.invalidTime.text } : {}),
    watermark: info.watermark,
    globalParam: info.globalParam,
    serverNow: ctx.now(),
  };
}
