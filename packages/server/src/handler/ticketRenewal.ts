import type { TicketCredential, TicketInfo } from '@quickbi-embed/core';
import { QuickBIApiError } from '../client/quickbiApiError.js';
import { earliestExpiry } from './expiry.js';
import { fail } from './httpErrors.js';
import type { Grant, IssuerContext, StoredTicket, TicketOwnership } from './issuerContext.js';
import { keys, ttlUntil, underStoreLock } from './issuerContext.js';
import {
  issueTicket,
  mintOwnTicket,
  reserveUses,
  saveTicket,
  ticketCredential,
} from './ticketIssuer.js';

/** Quick BI's answers that mean "this ticket cannot be extended any more": mint a new one. */
const GONE = new Set(['Authorize3rdTicket.Expired', 'Authorize3rdTicket.NotExist']);

/** One extension that happened, shared by every caller renewing the same ticket within the window. */
interface Extension {
  stored: StoredTicket;
  usedUses: number;
  invalidTime?: string;
}

const renewedKey = (ctx: IssuerContext, ticket: string) => `${ctx.keyPrefix}renewed:${ticket}`;
const retiredKey = (ctx: IssuerContext, ticket: string) => `${ctx.keyPrefix}retired:${ticket}`;

/**
 * Deletes a ticket upstream that its policy no longer grants, once (whoever sees it first), and
 * forgets its ownership when `forget`: it must not be renewed into anything again.
 */
export async function retireTicket(
  ctx: IssuerContext,
  ticket: string,
  owner: TicketOwnership,
  reason: 'policy-changed' | 'refused',
  forget: boolean,
): Promise<void> {
  const ttl = ttlUntil(ctx, owner.expiresAt) + ctx.ownershipGraceMs;
  if ((await ctx.store.increment(retiredKey(ctx, ticket), 1, ttl)) === 1) {
    let deleted = false;
    try {
      deleted = await ctx.client.deleteTicket({ ticket });
    } catch (error) {
      // Expired or already gone upstream is what we wanted; anything else is reported, not fatal.
      if (!(error instanceof QuickBIApiError && GONE.has(error.code))) throw error;
    }
    ctx.emit({
      type: 'credential.retired',
      kind: 'ticket',
      worksId: owner.worksId,
      worksType: owner.worksType,
      ...(owner.cmptId ? { cmptId: owner.cmptId } : {}),
      subject: owner.subject,
      reason,
      deleted,
    });
  }
  if (forget) await ctx.store.delete(keys.owner(ctx, ticket));
}

/**
 * Extends a ticket in place (DelayTicketExpireTime, then UpdateTicketNum when uses run low and the
 * policy allows), so the URL and the iframe stay, then reserves the `wanted` page loads the caller
 * still needs (0: a plain extension).
 *
 * - `maxRenewals` counts extensions that happened: the counter moves only after Quick BI extended
 *   the ticket, so failed attempts during an outage spend nothing.
 * - Callers renewing the same ticket within `renewWindowMs` (several tabs, a fleet) share one
 *   extension: one in flight per process, a store lock and a recent-result record across processes.
 * - When the ticket already expired a new one is minted; when the policy changed since it was
 *   issued, the caller gets the current policy's shared ticket (minted at most once while it has
 *   uses) and the old ticket is deleted upstream.
 */
export async function renewTicket(
  ctx: IssuerContext,
  grant: Grant,
  ticket: string,
  owner: TicketOwnership,
  wanted = 0,
  renewWindowMs = 5_000,
): Promise<TicketCredential> {
  const { policy } = grant;
  if (owner.policyHash !== grant.policyHash) {
    const replacement = await issueTicket(ctx, grant, Math.max(1, wanted));
    await retireTicket(ctx, ticket, owner, 'policy-changed', false);
    return replacement;
  }
  const event = {
    kind: 'ticket' as const,
    worksId: grant.worksId,
    worksType: grant.worksType,
    ...(grant.cmptId ? { cmptId: grant.cmptId } : {}),
    subject: policy.subject,
  };
  const renewalsKey = keys.renewals(ctx, ticket);
  const countTtl = () => ttlUntil(ctx, owner.expiresAt) + ctx.ownershipGraceMs;
  const recent = async () => {
    const extension = await ctx.store.get<Extension>(renewedKey(ctx, ticket));
    return extension ? { extension } : null;
  };

  const outcome = await ctx.flight(`${ctx.keyPrefix}renew:${ticket}`, async () => {
    const shared = await recent();
    if (shared) return shared;
    type Outcome = { extension: Extension } | { gone: true };
    return underStoreLock<Outcome>(ctx, `${ctx.keyPrefix}renew:${ticket}`, recent, async () => {
      const done = (await ctx.store.get<number>(renewalsKey)) ?? 0;
      if (done >= policy.maxRenewals) fail('FORBIDDEN', 'This ticket reached its renewal limit');
      const callTime = ctx.now();
      try {
        await ctx.client.delayTicketExpireTime({ ticket, expireMinutes: policy.expireMinutes });
      } catch (error) {
        if (error instanceof QuickBIApiError && GONE.has(error.code))
          return { gone: true as const };
        throw error;
      }
      const renewals = await ctx.store.increment(renewalsKey, 1, countTtl());
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
      const extension: Extension = {
        stored,
        usedUses: info.usedUses,
        ...(info.invalidTime ? { invalidTime: info.invalidTime.text } : {}),
      };
      await ctx.store.set(renewedKey(ctx, ticket), extension, renewWindowMs);
      ctx.emit({ type: 'credential.renewed', ...event, toppedUpUses, renewals });
      return { extension };
    });
  });
  if ('gone' in outcome) return mintOwnTicket(ctx, grant, 'expired', wanted);
  const { stored, usedUses, invalidTime } = outcome.extension;
  const { before, granted } =
    wanted > 0
      ? await reserveUses(ctx, stored, wanted)
      : { before: (await ctx.store.get<number>(keys.uses(ctx, ticket))) ?? 0, granted: 0 };
  return ticketCredential(
    ctx,
    stored,
    Math.max(usedUses, Math.min(before, stored.maxUses)),
    granted,
    invalidTime,
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
