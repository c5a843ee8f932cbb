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

async function whyNotReusable(ctx: IssuerContext, grant: Grant, cached: StoredTicket | undefined) {
  if (!cached) return 'new' as const;
  if (!hasEnoughLife(ctx, cached.expiresAt, grant.policy.expireMinutes)) return 'expiring' as const;
  const handedOut = (await ctx.store.get<number>(keys.uses(ctx, cached.ticket))) ?? 0;
  return handedOut >= cached.maxUses ? ('exhausted' as const) : null;
}

/**
 * A ticket with a use left for this request. Identical concurrent requests share one cached ticket
 * (single-flight in-process, a store lock across a fleet); each request reserves one use, because
 * every page load consumes one and a ticket with none left shows Quick BI's error page.
 */
export async function issueTicket(ctx: IssuerContext, grant: Grant): Promise<TicketCredential> {
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
    const handedOut = await ctx.store.increment(
      keys.uses(ctx, stored.ticket),
      1,
      ttlUntil(ctx, stored.expiresAt) + ctx.ownershipGraceMs,
    );
    if (handedOut <= stored.maxUses) {
      if (!minted)
        ctx.emit({ type: 'credential.reused', ...eventBase(grant), usedUses: handedOut - 1 });
      return ticketCredential(ctx, stored, handedOut - 1);
    }
  }
  // Heavy contention on a small budget: this request gets a ticket nobody else can take a use of.
  const own = await mintTicket(ctx, grant, 'exhausted', false);
  await ctx.store.increment(
    keys.uses(ctx, own.ticket),
    1,
    ttlUntil(ctx, own.expiresAt) + ctx.ownershipGraceMs,
  );
  await ctx.store.set(grant.cacheKey, own, ttlUntil(ctx, own.expiresAt));
  return ticketCredential(ctx, own, 0);
}
