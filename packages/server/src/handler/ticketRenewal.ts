import type { TicketCredential, TicketInfo } from '@quickbi-embed/core';
import { QuickBIApiError } from '../client/quickbiApiError.js';
import { cachePointer, dispatch, recordOf, renewedWithin } from '../ledger/ledger.js';
import type { CredentialRecord } from '../ledger/ledger.js';
import { earliestExpiry } from './expiry.js';
import { fail } from './httpErrors.js';
import type { Grant, IssuerContext } from './issuerContext.js';
import { underStoreLock } from './issuerContext.js';
import { issueTicket, mintTicket, reserveUses, ticketCredential } from './ticketIssuer.js';

/** Quick BI's answers that mean "this ticket cannot be extended any more": mint a new one. */
const GONE = new Set(['Authorize3rdTicket.Expired', 'Authorize3rdTicket.NotExist']);

/**
 * Takes a ticket its policy no longer grants out of service (the ledger's `retire`: never handed
 * out again, whatever cache entry still points at it) and deletes it upstream, once (whoever
 * retires it first, or a later retire while the deletion is still owed). Best effort: when Quick
 * BI cannot be reached the refusal still stands, the failure is reported as an `upstream.error`
 * event, and a later retire or a revocation tries the deletion again.
 */
export async function retireTicket(
  ctx: IssuerContext,
  record: CredentialRecord,
  reason: 'policy-changed' | 'refused',
): Promise<void> {
  const { before, after } = await dispatch(ctx, record.id, { type: 'retire' });
  const mine = before?.state === 'live' || (after?.state === 'retired' && after.owed === true);
  if (!mine || !after) return;
  let deleted = false;
  try {
    deleted = await ctx.client.deleteTicket({ ticket: record.id });
  } catch (error) {
    // Expired or already gone upstream is what we wanted.
    if (!(error instanceof QuickBIApiError && GONE.has(error.code))) {
      ctx.emit({
        type: 'upstream.error',
        action: 'DeleteTicket',
        status: error instanceof QuickBIApiError ? error.status : 0,
        code: error instanceof QuickBIApiError ? error.code : 'INTERNAL',
      });
      return;
    }
  }
  // Refused: forgotten (it cannot be renewed into anything again). Replaced: kept, retired, so its
  // owner's next renewal still gets the current policy's ticket.
  await dispatch(ctx, record.id, { type: reason === 'refused' ? 'forget' : 'deleted' });
  ctx.emit({
    type: 'credential.retired',
    kind: 'ticket',
    worksId: record.worksId,
    worksType: record.worksType,
    ...(record.cmptId ? { cmptId: record.cmptId } : {}),
    subject: record.subject,
    reason,
    deleted,
  });
}

/**
 * Extends a ticket in place (DelayTicketExpireTime, then UpdateTicketNum when uses run low and the
 * policy allows), so the URL and the iframe stay, then reserves the `wanted` page loads the caller
 * still needs (0: a plain extension).
 *
 * - After a top-up the ticket's real MaxTicketNum and UsedTicketNum are read back from Quick BI
 *   (QueryTicketInfo): whether UpdateTicketNum sets the total or adds to what is left is
 *   undocumented, so the handler never promises a use computed from a guess.
 * - `maxRenewals` counts extensions that happened: the count moves only after Quick BI extended
 *   the ticket, so failed attempts during an outage spend nothing.
 * - Callers renewing the same ticket within `renewWindowMs` (several tabs, a fleet) share one
 *   extension: one in flight per process, a store lock across processes, and the record's own
 *   `renewedAt` (the ledger's `renewedWithin`) for those arriving after it; only a live record
 *   answers so (a retired or revoked ticket is never extended from the window).
 * - When the ticket already expired a new one is minted; when the policy changed since it was
 *   issued (or the ticket was retired), the caller gets the current policy's shared ticket and
 *   the old ticket is retired.
 */
export async function renewTicket(
  ctx: IssuerContext,
  grant: Grant,
  ticket: string,
  owner: CredentialRecord,
  wanted = 0,
  renewWindowMs = 5_000,
): Promise<TicketCredential> {
  const { policy } = grant;
  if (owner.policyHash !== grant.policyHash || owner.state !== 'live') {
    const replacement = await issueTicket(ctx, grant, Math.max(1, wanted));
    await retireTicket(ctx, owner, 'policy-changed');
    return replacement;
  }
  const event = {
    kind: 'ticket' as const,
    worksId: grant.worksId,
    worksType: grant.worksType,
    ...(grant.cmptId ? { cmptId: grant.cmptId } : {}),
    subject: policy.subject,
  };
  const recent = async () => {
    const record = await recordOf(ctx, ticket);
    return renewedWithin(record, ctx.now(), renewWindowMs) ? { extended: record } : null;
  };

  const outcome = await ctx.flight(`${ctx.keyPrefix}renew:${ticket}`, async () => {
    const shared = await recent();
    if (shared) return shared;
    type Outcome = { extended: CredentialRecord } | { replaced: CredentialRecord };
    return underStoreLock<Outcome>(
      ctx,
      `${ctx.keyPrefix}renew:${ticket}`,
      recent,
      async (lease) => {
        const current = await recordOf(ctx, ticket);
        if (current?.state !== 'live') fail('TICKET_NOT_OWNED', 'This ticket is no longer live');
        if (current.renewals >= policy.maxRenewals)
          fail('FORBIDDEN', 'This ticket reached its renewal limit');
        const callTime = ctx.now();
        try {
          await ctx.client.delayTicketExpireTime({ ticket, expireMinutes: policy.expireMinutes });
        } catch (error) {
          // Dead upstream: one replacement (cached, so it also replaces the dead cache entry) for
          // every tab renewing it together.
          if (error instanceof QuickBIApiError && GONE.has(error.code)) {
            await dispatch(ctx, ticket, { type: 'expire' });
            return { replaced: await mintTicket(ctx, grant, 'expired', true, undefined, ticket) };
          }
          throw error;
        }
        let info = await ctx.client.queryTicketInfo({ ticket });
        const remaining = info.maxUses - info.usedUses;
        let toppedUpUses = 0;
        if (policy.topUpUses > 0 && remaining < policy.topUpUses) {
          // Whether TicketNum sets the total or adds to what is left is undocumented (spec §1.3):
          // the setting picks what to ask for, Quick BI's answer is read back, never computed.
          const ticketNum =
            ctx.updateTicketNumMode === 'setMax'
              ? Math.min(99_998, info.usedUses + policy.topUpUses)
              : Math.min(99_998, policy.topUpUses - remaining);
          await ctx.client.updateTicketNum({ ticket, ticketNum });
          const before = info.maxUses;
          info = {
            ...(await ctx.client.queryTicketInfo({ ticket })),
            invalidTime: info.invalidTime,
          };
          toppedUpUses = info.maxUses - before;
        }
        const { after } = await dispatch(
          ctx,
          ticket,
          {
            type: 'renew',
            expiresAt: earliestExpiry(callTime, policy.expireMinutes, info.invalidTime?.epochMs),
            maxUses: info.maxUses,
            usedUpstream: info.usedUses,
            watermark: info.watermark ?? policy.watermark ?? null,
            globalParam: info.globalParam ?? policy.globalParam ?? null,
            ...(info.invalidTime ? { invalidTime: info.invalidTime.text } : {}),
            counted: true,
            renewedAt: ctx.now(),
          },
          lease,
        );
        // Revoked or retired while Quick BI extended it: never handed out again.
        if (after?.state !== 'live') fail('TICKET_NOT_OWNED', 'This ticket is no longer live');
        // Re-cache only when the cache still points at this ticket (a newer one may have replaced it).
        if ((await ctx.store.get<string>(grant.cacheKey)) === ticket)
          await cachePointer(ctx, after);
        ctx.emit({
          type: 'credential.renewed',
          ...event,
          toppedUpUses,
          renewals: after.renewals,
        });
        return { extended: after };
      },
    );
  });
  if ('replaced' in outcome) {
    // Whoever held the dead ticket reloads with the replacement: at least one use each.
    const { before, granted, record } = await reserveUses(
      ctx,
      outcome.replaced.id,
      Math.max(1, wanted),
    );
    return granted > 0 && record
      ? ticketCredential(ctx, record, before, granted)
      : issueTicket(ctx, grant, Math.max(1, wanted));
  }
  // The record folds Quick BI's used count into `reserved`, so the answer's used count is the
  // record's (never below what Quick BI reported at the extension).
  const reserved =
    wanted > 0
      ? await reserveUses(ctx, ticket, wanted)
      : { before: (await recordOf(ctx, ticket))?.reserved ?? 0, granted: 0, record: undefined };
  const record = reserved.record ?? (await recordOf(ctx, ticket));
  if (record?.state !== 'live') fail('TICKET_NOT_OWNED', 'This ticket is no longer live');
  return ticketCredential(
    ctx,
    record,
    Math.min(reserved.before, record.maxUses),
    reserved.granted,
    record.invalidTime,
  );
}

/** QueryTicketInfo, camelCased, times as epoch ms. */
export async function ticketInfo(
  ctx: IssuerContext,
  ticket: string,
  owner: CredentialRecord,
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
