import { buildReportUrl } from '@quickbi-embed/core';
import type { TicketCredential } from '@quickbi-embed/core';
import type { Grant, IssuerContext, StoredTicket, TicketOwnership } from './issuerContext.js';
import { hasEnoughLife, indexMember, keys, ttlUntil, underStoreLock } from './issuerContext.js';
import type { Demand } from './singleFlight.js';

type MintReason = 'new' | 'exhausted' | 'expiring' | 'expired' | 'policy-changed';

export function ticketCredential(
  ctx: IssuerContext,
  stored: StoredTicket,
  usedUses: number,
  reservedUses: number,
  invalidTime?: string,
): TicketCredential {
  return {
    kind: 'ticket',
    ticket: stored.ticket,
    worksId: stored.worksId,
    worksType: stored.worksType,
    ...(stored.cmptId ? { cmptId: stored.cmptId } : {}),
    reportUrl: buildReportUrl({
      origin: ctx.reportOrigin,
      worksId: stored.worksId,
      worksType: stored.worksType,
      ...(stored.cmptId ? { cmptId: stored.cmptId } : {}),
      credential: { ticket: stored.ticket },
    }),
    expiresAt: stored.expiresAt,
    serverNow: ctx.now(),
    ...(invalidTime ? { invalidTime } : {}),
    maxUses: stored.maxUses,
    usedUses,
    reservedUses,
    watermark: stored.watermark,
    globalParam: stored.globalParam,
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

export async function saveTicket(
  ctx: IssuerContext,
  grant: Grant,
  stored: StoredTicket,
  cache: boolean,
) {
  const owner: TicketOwnership = {
    subject: grant.policy.subject,
    worksId: grant.worksId,
    worksType: grant.worksType,
    ...(grant.cmptId ? { cmptId: grant.cmptId } : {}),
    policyHash: grant.policyHash,
    cacheKey: grant.cacheKey,
    expiresAt: stored.expiresAt,
  };
  const life = ttlUntil(ctx, stored.expiresAt);
  // Ownership and the subject index protect the user (renewal, revocation): never evicted. The
  // cached copy can be minted again, so the store may shed it under memory pressure.
  await ctx.store.set(keys.owner(ctx, stored.ticket), owner, life + ctx.ownershipGraceMs);
  await ctx.store.indexAdd(
    keys.subject(ctx, grant.policy.subject),
    indexMember.ticket(stored.ticket),
    life + ctx.ownershipGraceMs,
  );
  if (cache) await ctx.store.set(grant.cacheKey, stored, life, { evictable: true });
}

/** CreateTicket under the grant's policy; records ownership, and caches unless told not to. */
export async function mintTicket(
  ctx: IssuerContext,
  grant: Grant,
  reason: MintReason,
  cache = true,
): Promise<StoredTicket> {
  const { policy } = grant;
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
  const stored: StoredTicket = {
    ticket: result.ticket,
    worksId: grant.worksId,
    worksType: grant.worksType,
    ...(grant.cmptId ? { cmptId: grant.cmptId } : {}),
    maxUses: policy.ticketUses,
    expiresAt: callTime + policy.expireMinutes * 60_000,
    watermark: policy.watermark ?? null,
    globalParam: policy.globalParam ?? null,
  };
  try {
    await saveTicket(ctx, grant, stored, cache);
    // The renewal counter exists from the start, for the longest life this policy allows: a
    // full store then never refuses an owner's renewal for want of a new record.
    const longestLife = (policy.maxRenewals + 1) * policy.expireMinutes * 60_000;
    await ctx.store.increment(
      keys.renewals(ctx, stored.ticket),
      0,
      longestLife + ctx.ownershipGraceMs,
    );
  } catch (error) {
    // Not recorded (the store is full or down): nobody could renew or revoke it, so it must not
    // live on upstream either.
    await ctx.client.deleteTicket({ ticket: result.ticket }).catch(() => undefined);
    throw error;
  }
  ctx.emit({ type: 'credential.minted', ...eventBase(grant), reason, requestId: result.requestId });
  return stored;
}

/**
 * Reserves up to `wanted` page loads of a ticket for one caller: one atomic increment of the
 * hand-out counter, then the grant is what was left below `maxUses` before it. The part that
 * overshot is given back, so a later top-up is not eaten by refused reservations; until then a
 * concurrent caller may see the counter too high and get less, never more than the budget.
 */
export async function reserveUses(ctx: IssuerContext, stored: StoredTicket, wanted: number) {
  const key = keys.uses(ctx, stored.ticket);
  const ttl = ttlUntil(ctx, stored.expiresAt) + ctx.ownershipGraceMs;
  const before = (await ctx.store.increment(key, wanted, ttl)) - wanted;
  const granted = Math.max(0, Math.min(wanted, stored.maxUses - before));
  if (granted < wanted) await ctx.store.increment(key, granted - wanted, ttl);
  return { before, granted };
}

async function whyNotReusable(ctx: IssuerContext, grant: Grant, cached: StoredTicket | undefined) {
  if (!cached) return 'new' as const;
  if (!hasEnoughLife(ctx, cached.expiresAt, grant.policy.expireMinutes)) return 'expiring' as const;
  const handedOut = (await ctx.store.get<number>(keys.uses(ctx, cached.ticket))) ?? 0;
  return handedOut >= cached.maxUses ? ('exhausted' as const) : null;
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
  const reusable = async () => {
    const cached = await ctx.store.get<StoredTicket>(grant.cacheKey);
    return (await whyNotReusable(ctx, grant, cached)) === null ? (cached as StoredTicket) : null;
  };
  const ready = await reusable();
  if (ready) return handOut(ctx, grant, ready, queue, false);
  const shared = await underStoreLock<StoredTicket | 'served'>(
    ctx,
    grant.cacheKey,
    reusable,
    async () => {
      const cached = await ctx.store.get<StoredTicket>(grant.cacheKey);
      const reason = (await whyNotReusable(ctx, grant, cached)) ?? 'new';
      const fresh = await mintTicket(ctx, grant, reason, false);
      // The waiters queued now are served before the fleet can see the new ticket: the head
      // always gets at least one use, so every round makes progress. Later arrivals are served
      // from the cache once the lock is released: steady traffic here never holds up the fleet.
      await handOut(ctx, grant, fresh, queue, true, queue.length);
      await ctx.store.set(grant.cacheKey, fresh, ttlUntil(ctx, fresh.expiresAt), {
        evictable: true,
      });
      return 'served';
    },
  );
  if (shared !== 'served') await handOut(ctx, grant, shared, queue, false);
}

/** Reserves uses of `stored` for the waiters in order, until it has none left for the next one. */
async function handOut(
  ctx: IssuerContext,
  grant: Grant,
  stored: StoredTicket,
  queue: Demand<TicketCredential>[],
  minted: boolean,
  limit = Infinity,
): Promise<void> {
  for (let served = 0; served < limit && queue.length > 0; served++) {
    const head = queue[0] as Demand<TicketCredential>;
    const { before, granted } = await reserveUses(ctx, stored, head.wanted);
    if (granted === 0) return;
    queue.shift();
    if (!minted) ctx.emit({ type: 'credential.reused', ...eventBase(grant), usedUses: before });
    head.resolve(ticketCredential(ctx, stored, before, granted));
  }
}

/** Mints a ticket, reserves the caller's uses first, and only then caches it for others. */
export async function mintOwnTicket(
  ctx: IssuerContext,
  grant: Grant,
  reason: MintReason,
  wanted: number,
): Promise<TicketCredential> {
  const own = await mintTicket(ctx, grant, reason, false);
  const { granted } = await reserveUses(ctx, own, Math.max(1, wanted));
  await ctx.store.set(grant.cacheKey, own, ttlUntil(ctx, own.expiresAt), { evictable: true });
  return ticketCredential(ctx, own, 0, granted);
}
