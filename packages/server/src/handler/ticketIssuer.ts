import { buildReportUrl } from '@quickbi-embed/core';
import type { TicketCredential } from '@quickbi-embed/core';
import {
  admitMint,
  cachePointer,
  cachedRecord,
  commitMint,
  deleteUpstream,
  dispatch,
} from '../ledger/ledger.js';
import type { CredentialRecord } from '../ledger/ledger.js';
import type { StoreLock } from '../store/types.js';
import type { Grant, IssuerContext } from './issuerContext.js';
import { hasEnoughLife, underStoreLock } from './issuerContext.js';
import type { Demand } from './singleFlight.js';

type MintReason = 'new' | 'exhausted' | 'expiring' | 'expired' | 'policy-changed';

export function ticketCredential(
  ctx: IssuerContext,
  record: CredentialRecord,
  usedUses: number,
  reservedUses: number,
  invalidTime?: string,
): TicketCredential {
  return {
    kind: 'ticket',
    ticket: record.id,
    worksId: record.worksId,
    worksType: record.worksType,
    ...(record.cmptId ? { cmptId: record.cmptId } : {}),
    reportUrl: buildReportUrl({
      origin: ctx.reportOrigin,
      worksId: record.worksId,
      worksType: record.worksType,
      ...(record.cmptId ? { cmptId: record.cmptId } : {}),
      credential: { ticket: record.id },
    }),
    expiresAt: record.expiresAt,
    serverNow: ctx.now(),
    ...(invalidTime ? { invalidTime } : {}),
    maxUses: record.maxUses,
    usedUses,
    reservedUses,
    watermark: record.watermark,
    globalParam: record.globalParam,
  };
}

function eventBase(grant: Grant) {
  return {
    kind: 'ticket' as const,
    worksId: grant.worksId,
    worksType: grant.worksType,
    ...(grant.cmptId ? { cmptId: grant.cmptId } : {}),
    subject: grant.policy.subject,
  };
}

/**
 * CreateTicket under the grant's policy, recorded in the ledger (and cached unless told not to).
 * The store's room and the subject's cap of live credentials are checked first, so a refused
 * request costs Quick BI nothing. `fence`: the lease the record is written under.
 */
export async function mintTicket(
  ctx: IssuerContext,
  grant: Grant,
  reason: MintReason,
  cache = true,
  fence?: StoreLock,
  replacing?: string,
): Promise<CredentialRecord> {
  const { policy } = grant;
  await admitMint(ctx, policy.subject, replacing);
  const callTime = ctx.now();
  const result = await ctx.client.createTicket({
    worksId: grant.worksId,
    ...(grant.cmptId ? { cmptId: grant.cmptId } : {}),
    ticketNum: policy.ticketUses,
    ...(policy.userId ? { userId: policy.userId } : {}),
    ...(policy.accountName
      ? { accountName: policy.accountName, accountType: policy.accountType }
      : {}),
    expireMinutes: policy.expireMinutes,
    ...(policy.watermark ? { watermark: policy.watermark } : {}),
    ...(policy.globalParam ? { globalParam: policy.globalParam } : {}),
  });
  const record: CredentialRecord = {
    kind: 'ticket',
    id: result.ticket,
    subject: policy.subject,
    worksId: grant.worksId,
    worksType: grant.worksType,
    ...(grant.cmptId ? { cmptId: grant.cmptId } : {}),
    policyHash: grant.policyHash,
    cacheKey: grant.cacheKey,
    ...(grant.filters.length > 0 ? { filters: [...grant.filters] } : {}),
    maxUses: policy.ticketUses,
    reserved: 0,
    renewals: 0,
    expiresAt: callTime + policy.expireMinutes * 60_000,
    state: 'live',
    watermark: policy.watermark ?? null,
    globalParam: policy.globalParam ?? null,
  };
  let committed: CredentialRecord;
  try {
    committed = await commitMint(ctx, record, callTime, fence);
  } catch (error) {
    // Not recorded (the store is full or down, the lease was lost, the subject was revoked):
    // nobody could renew or revoke it, so it must not live on upstream either.
    await deleteUpstream(ctx, record);
    throw error;
  }
  if (cache) await cachePointer(ctx, committed);
  ctx.emit({ type: 'credential.minted', ...eventBase(grant), reason, requestId: result.requestId });
  return committed;
}

/**
 * Reserves up to `wanted` page loads of a ticket for one caller: one atomic ledger transition,
 * granted only from a live record with life left, never past its `maxUses`.
 */
export async function reserveUses(ctx: IssuerContext, id: string, wanted: number) {
  const { before, after } = await dispatch(ctx, id, { type: 'reserve', wanted, now: ctx.now() });
  const used = before?.reserved ?? 0;
  return { before: used, granted: (after?.reserved ?? 0) - used, record: after };
}

function whyNotReusable(ctx: IssuerContext, grant: Grant, cached: CredentialRecord | undefined) {
  if (!cached) return 'new' as const;
  if (!hasEnoughLife(ctx, cached.expiresAt, grant.policy.expireMinutes)) return 'expiring' as const;
  return cached.reserved >= cached.maxUses ? ('exhausted' as const) : null;
}

/**
 * A ticket with uses left for this request. Identical concurrent requests queue behind one leader
 * (demand-aware single flight in-process, a leased store lock across a fleet); each reserves the
 * page loads it asks for (`wanted`, default 1), because every page load consumes one and a ticket
 * with none left shows Quick BI's error page. It gets what is left, at least one. The leader hands
 * one ticket's uses to as many waiters as it covers before minting the next, so N concurrent
 * loads on a budget of B cost ⌈N/B⌉ CreateTicket calls.
 */
export function issueTicket(
  ctx: IssuerContext,
  grant: Grant,
  wanted = 1,
): Promise<TicketCredential> {
  return ctx.demand<TicketCredential>(grant.cacheKey, Math.max(1, wanted), (queue) =>
    serveRound(ctx, grant, queue),
  );
}

/** One round: the cached ticket if it has uses and life left, else one minted under the lock. */
async function serveRound(
  ctx: IssuerContext,
  grant: Grant,
  queue: Demand<TicketCredential>[],
): Promise<void> {
  // The last read of the cache entry. The lease runs `reusable` right after taking the lock and
  // `produce` only when it found nothing, so `produce` reuses that read (one round trip fewer).
  let seen: CredentialRecord | undefined;
  const reusable = async () => {
    const cached = await cachedRecord(ctx, grant.cacheKey);
    seen = cached;
    return whyNotReusable(ctx, grant, cached) === null ? (cached as CredentialRecord) : null;
  };
  const ready = await reusable();
  if (ready && (await handOut(ctx, grant, ready, queue, false))) return;
  const shared = await underStoreLock<CredentialRecord | 'served'>(
    ctx,
    grant.cacheKey,
    reusable,
    async (lease) => {
      const cached = seen;
      const reason = whyNotReusable(ctx, grant, cached) ?? 'new';
      const fresh = await mintTicket(ctx, grant, reason, false, lease, cached?.id);
      // The waiters queued now are served before the fleet can see the new ticket: the head
      // always gets at least one use, so every round makes progress. Later arrivals are served
      // from the cache once the lock is released: steady traffic here never holds up the fleet.
      await handOut(ctx, grant, fresh, queue, true, queue.length);
      await cachePointer(ctx, fresh);
      return 'served';
    },
  );
  if (shared !== 'served') await handOut(ctx, grant, shared, queue, false);
}

/**
 * Reserves uses of `record` for the waiters in order, until it has none left for the next one.
 * False when it served nobody (spent, or no longer live: the next round mints).
 */
async function handOut(
  ctx: IssuerContext,
  grant: Grant,
  record: CredentialRecord,
  queue: Demand<TicketCredential>[],
  minted: boolean,
  limit = Infinity,
): Promise<boolean> {
  let served = 0;
  for (; served < limit && queue.length > 0; served++) {
    const head = queue[0] as Demand<TicketCredential>;
    const { before, granted, record: now } = await reserveUses(ctx, record.id, head.wanted);
    if (granted === 0 || !now) break;
    queue.shift();
    if (!minted) ctx.emit({ type: 'credential.reused', ...eventBase(grant), usedUses: before });
    head.resolve(ticketCredential(ctx, now, before, granted));
  }
  return served > 0;
}
