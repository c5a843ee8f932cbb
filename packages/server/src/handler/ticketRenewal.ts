import type { TicketCredential, TicketInfo } from '@quickbi-embed/core';
import { QuickBIApiError } from '../client/quickbiApiError.js';
import {
  commitRenewal,
  dispatch,
  lookupRecord,
  recordOf,
  renewedWithin,
} from '../ledger/ledger.js';
import type { CredentialRecord, RecordLookup, Served } from '../ledger/ledger.js';
import type { StoreLock } from '../store/types.js';
import { earliestExpiry } from './expiry.js';
import { fail } from './httpErrors.js';
import type { Grant, IssuerContext } from './issuerContext.js';
import { keys } from './issuerContext.js';
import { underLookup } from './leasedLock.js';
import type { Sighting } from './leasedLock.js';
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

/** The lease a renewal of `ticket` is extended under (one extension at a time across a fleet). */
function renewLease(ctx: IssuerContext, ticket: string) {
  return { key: keys.lock(`${ctx.keyPrefix}renew:${ticket}`), ttlMs: ctx.lock.ttlMs };
}

/**
 * A renewal's first store step (one Redis round trip): the ticket's record, in any state (its
 * owner, for the ownership check), and the lease to extend it, taken in the same step. The
 * caller hands the lease to {@link renewTicket}, or releases it when it refuses the renewal.
 */
export function lookupForRenewal(ctx: IssuerContext, ticket: string): Promise<RecordLookup> {
  return lookupRecord(ctx, ticket, renewLease(ctx, ticket));
}

type Outcome =
  /**
   * Extended (by this holder, or by another within the renew window); `reserved`: the uses this
   * holder's own commit reserved for its caller.
   */
  | { extended: CredentialRecord; reserved?: Served }
  /** Quick BI said it is gone: its replacement. */
  | { replaced: CredentialRecord };

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
 *   extension: one in flight per process, a store lease across processes, and the record's own
 *   `renewedAt` (the ledger's `renewedWithin`) for those arriving after it; only a live record
 *   answers so (a retired or revoked ticket is never extended from the window).
 * - When the ticket already expired a new one is minted; when the policy changed since it was
 *   issued (or the ticket was retired), the caller gets the current policy's shared ticket and
 *   the old ticket is retired.
 *
 * `found` is the renewal's first step ({@link lookupForRenewal}): `owner` as read there, and the
 * lease taken with it, which this function now owns (uses or releases). Redis round trips for an
 * extension: that lookup, the quota's count of the upstream calls, and one commit (the `renew`
 * and the caller's `reserve`, the index member, the cache entry's new life, the fencing check and
 * the lease release).
 */
export async function renewTicket(
  ctx: IssuerContext,
  grant: Grant,
  ticket: string,
  owner: CredentialRecord,
  wanted = 0,
  renewWindowMs = 5_000,
  found: RecordLookup = {},
): Promise<TicketCredential> {
  // The first step's lease, owned here until handed to the extension or released.
  let held = found.lease ?? undefined;
  const take = () => {
    const lease = held;
    held = undefined;
    return lease;
  };
  const free = async () => take()?.release();
  if (owner.policyHash !== grant.policyHash || owner.state !== 'live') {
    await free();
    const replacement = await issueTicket(ctx, grant, Math.max(1, wanted));
    await retireTicket(ctx, owner, 'policy-changed');
    return replacement;
  }
  const renewed = (record: CredentialRecord | undefined) =>
    renewedWithin(record, ctx.now(), renewWindowMs) ? record : undefined;
  let runner = false;
  let outcome: Outcome;
  const shared = renewed(owner);
  if (shared) {
    // Extended within the window (as the first step read it): no upstream call, no lease.
    await free();
    outcome = { extended: shared };
  } else {
    const flight = ctx.flight<Outcome>(`${ctx.keyPrefix}renew:${ticket}`, () => {
      runner = true;
      return extend(ctx, grant, ticket, owner, wanted, renewed, take);
    });
    // Joined another caller's extension in this process: the lease is its to take.
    if (!runner) await free();
    outcome = await flight;
  }
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
  // This caller's uses were reserved in the extension's own commit. Anyone else (sharing it, or
  // answered from the renew window) reserves now, or reads the record afresh: revoked or retired
  // since the first step read it, it is never handed out. The record folds Quick BI's used count
  // into `reserved`, so the answer's used count is the record's.
  let record: CredentialRecord | undefined;
  let before: number;
  let granted = 0;
  if (runner && 'reserved' in outcome && outcome.reserved) {
    record = outcome.extended;
    ({ before, granted } = outcome.reserved);
  } else if (wanted > 0) ({ before, granted, record } = await reserveUses(ctx, ticket, wanted));
  else {
    record = await recordOf(ctx, ticket);
    before = record?.reserved ?? 0;
  }
  if (record?.state !== 'live') fail('TICKET_NOT_OWNED', 'This ticket is no longer live');
  return ticketCredential(
    ctx,
    record,
    Math.min(before, record.maxUses),
    granted,
    record.invalidTime,
  );
}

/**
 * The extension itself, once per process (`ctx.flight`): answered from the renew window when
 * another holder extended the ticket meanwhile, else made under the lease (the one `take` hands
 * over from the first lookup, or one taken by looking again while another holder has it).
 */
function extend(
  ctx: IssuerContext,
  grant: Grant,
  ticket: string,
  owner: CredentialRecord,
  wanted: number,
  renewed: (record: CredentialRecord | undefined) => CredentialRecord | undefined,
  take: () => StoreLock | undefined,
): Promise<Outcome> {
  let first = true;
  const look = async (): Promise<Sighting<Outcome, CredentialRecord | undefined>> => {
    const lease = first ? take() : undefined;
    const found: RecordLookup = first && lease ? { record: owner, lease } : {};
    if (!found.lease) Object.assign(found, await lookupForRenewal(ctx, ticket));
    first = false;
    const shared = renewed(found.record);
    if (shared) {
      await found.lease?.release();
      return { ready: { extended: shared } };
    }
    if (found.lease) return { lease: found.lease, seen: found.record };
    return { busy: true };
  };
  return underLookup<Outcome, CredentialRecord | undefined>(ctx, look, (lease, current) =>
    extendHeld(ctx, grant, ticket, current, wanted, lease),
  );
}

/** Under the lease: Quick BI extends (and maybe tops up) the ticket, then one commit records it. */
async function extendHeld(
  ctx: IssuerContext,
  grant: Grant,
  ticket: string,
  current: CredentialRecord | undefined,
  wanted: number,
  lease: StoreLock,
): Promise<Outcome> {
  const { policy } = grant;
  if (current?.state !== 'live') fail('TICKET_NOT_OWNED', 'This ticket is no longer live');
  if (current.renewals >= policy.maxRenewals)
    fail('FORBIDDEN', 'This ticket reached its renewal limit');
  // The quota counts the calls this extension makes in one step: DelayTicketExpireTime and
  // QueryTicketInfo, and UpdateTicketNum with its read-back when the record already shows fewer
  // uses left than the policy tops up to (every use is handed out, so reserved, before a page
  // loads it: Quick BI rarely counts fewer left than the record). Calls not made are given back
  // (one more step); a top-up the record did not foresee counts its two calls as they are made.
  const topUpLikely = policy.topUpUses > 0 && current.maxUses - current.reserved < policy.topUpUses;
  const metered = (await ctx.prepaid?.(topUpLikely ? 4 : 2)) ?? ctx;
  let upstream: Awaited<ReturnType<typeof extendUpstream>>;
  try {
    upstream = await extendUpstream(metered, grant, ticket);
  } finally {
    await metered.refund?.();
  }
  if (upstream.replaced) return { replaced: upstream.replaced };
  const { info, toppedUpUses, callTime } = upstream;
  const { record: after, served } = await commitRenewal(
    ctx,
    ticket,
    // Refreshed only while the cache still names this ticket (a newer one may have replaced it).
    current.cacheKey,
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
    wanted,
    lease,
  );
  // Revoked or retired while Quick BI extended it: never handed out again.
  if (after?.state !== 'live') fail('TICKET_NOT_OWNED', 'This ticket is no longer live');
  ctx.emit({
    type: 'credential.renewed',
    kind: 'ticket',
    worksId: grant.worksId,
    worksType: grant.worksType,
    ...(grant.cmptId ? { cmptId: grant.cmptId } : {}),
    subject: policy.subject,
    toppedUpUses,
    renewals: after.renewals,
  });
  return { extended: after, reserved: served ?? { before: after.reserved, granted: 0 } };
}

/** Quick BI's side of an extension: DelayTicketExpireTime, then the top-up when uses run low. */
async function extendUpstream(ctx: IssuerContext, grant: Grant, ticket: string) {
  const { policy } = grant;
  const callTime = ctx.now();
  try {
    await ctx.client.delayTicketExpireTime({ ticket, expireMinutes: policy.expireMinutes });
  } catch (error) {
    // Dead upstream: one replacement (cached, so it also replaces the dead cache entry) for
    // every tab renewing it together.
    if (error instanceof QuickBIApiError && GONE.has(error.code)) {
      const { before } = await dispatch(ctx, ticket, { type: 'expire' });
      // Revoked (or retired) since the renewal read it, and deleted upstream: no replacement.
      if (before?.state !== 'live') fail('TICKET_NOT_OWNED', 'This ticket is no longer live');
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
  return { info, toppedUpUses, callTime };
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
