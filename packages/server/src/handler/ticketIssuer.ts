import { buildReportUrl } from '@quickbi-embed/core';
import type { TicketCredential } from '@quickbi-embed/core';
import type { Grant, IssuerContext, StoredTicket, TicketOwnership } from './issuerContext.js';
import { hasEnoughLife, keys, ttlUntil, underStoreLock } from './issuerContext.js';

type MintReason = 'new' | 'exhausted' | 'expiring' | 'expired' | 'policy-changed';

/** After this many shared attempts lose the race for a use, a request mints a ticket of its own. */
const SHARED_ROUNDS = 3;

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
  await ctx.store.set(keys.owner(ctx, stored.ticket), owner, life + ctx.ownershipGraceMs);
  if (cache) await ctx.store.set(grant.cacheKey, stored, life);
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
  await saveTicket(ctx, grant, stored, cache);
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
 * A ticket with uses left for this request. Identical concurrent requests share one cached ticket
 * (single-flight in-process, a store lock across a fleet); each request reserves the page loads it
 * asks for (`wanted`, default 1), because every page load consumes one and a ticket with none left
 * shows Quick BI's error page. It gets what is left, at least one: when nothing is, a new ticket.
 */
export async function issueTicket(
  ctx: IssuerContext,
  grant: Grant,
  wanted = 1,
): Promise<TicketCredential> {
  for (let round = 0; round < SHARED_ROUNDS; round++) {
    const { stored, minted } = await ctx.flight(grant.cacheKey, async () => {
      const check = async () => {
        const cached = await ctx.store.get<StoredTicket>(grant.cacheKey);
        return (await whyNotReusable(ctx, grant, cached)) === null
          ? { stored: cached as StoredTicket, minted: false }
          : null;
      };
      const ready = await check();
      if (ready) return ready;
      return underStoreLock(ctx, grant.cacheKey, check, async () => {
        const cached = await ctx.store.get<StoredTicket>(grant.cacheKey);
        const reason = (await whyNotReusable(ctx, grant, cached)) ?? 'new';
        return { stored: await mintTicket(ctx, grant, reason), minted: true };
      });
    });
    const { before, granted } = await reserveUses(ctx, stored, wanted);
    if (granted > 0) {
      if (!minted) ctx.emit({ type: 'credential.reused', ...eventBase(grant), usedUses: before });
      return ticketCredential(ctx, stored, before, granted);
    }
  }
  // Heavy contention on a small budget: this request gets a ticket nobody else can take a use of.
  return mintOwnTicket(ctx, grant, 'exhausted', wanted);
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
  await ctx.store.set(grant.cacheKey, own, ttlUntil(ctx, own.expiresAt));
  return ticketCredential(ctx, own, 0, granted);
}
