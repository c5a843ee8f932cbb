import { buildReportUrl } from '@quickbi-embed/core';
import type { TicketCredential } from '@quickbi-embed/core';
import {
  admitMint,
  cachePointer,
  commitMint,
  commitMintServing,
  deleteUpstream,
  dispatch,
  lookupCached,
  reserveInTurn,
} from '../ledger/ledger.js';
import type { CachedLookup, CredentialRecord, Served } from '../ledger/ledger.js';
import type { StoreLock } from '../store/types.js';
import type { Grant, IssuerContext } from './issuerContext.js';
import { hasEnoughLife, keys } from './issuerContext.js';
import { underLookup } from './leasedLock.js';
import type { Sighting } from './leasedLock.js';
import type { Demand } from './singleFlight.js';
import { remember } from './memo.js';

type MintReason = 'new' | 'exhausted' | 'expiring' | 'expired' | 'policy-changed';

// A ticket's page URL follows from fields its record never changes (id, works, type, component)
// and the handler's report origin, yet building it (URL parsing and query encoding) cost more than
// the rest of a cache hit: once a ticket is served from the cache, its URL is remembered (bounded,
// oldest dropped first) and checked against every field it was built from before use.
interface BuiltUrl {
  origin: string;
  worksId: string;
  worksType: string;
  cmptId: string | undefined;
  url: string;
}
const reportUrls = new Map<string, BuiltUrl>();
const MAX_REPORT_URLS = 1_000;

function ticketReportUrl(ctx: IssuerContext, record: CredentialRecord, keep: boolean): string {
  const known = reportUrls.get(record.id);
  if (
    known &&
    known.origin === ctx.reportOrigin &&
    known.worksId === record.worksId &&
    known.worksType === record.worksType &&
    known.cmptId === record.cmptId
  )
    return known.url;
  const url = buildReportUrl({
    origin: ctx.reportOrigin,
    worksId: record.worksId,
    worksType: record.worksType,
    ...(record.cmptId ? { cmptId: record.cmptId } : {}),
    credential: { ticket: record.id },
  });
  if (!keep) return url;
  remember(
    reportUrls,
    record.id,
    {
      origin: ctx.reportOrigin,
      worksId: record.worksId,
      worksType: record.worksType,
      cmptId: record.cmptId,
      url,
    },
    MAX_REPORT_URLS,
  );
  return url;
}

export function ticketCredential(
  ctx: IssuerContext,
  record: CredentialRecord,
  usedUses: number,
  reservedUses: number,
  invalidTime?: string,
  /** Served from the cache: the ticket is likely served again, so its URL is remembered. */
  cached = false,
): TicketCredential {
  return {
    kind: 'ticket',
    ticket: record.id,
    worksId: record.worksId,
    worksType: record.worksType,
    ...(record.cmptId ? { cmptId: record.cmptId } : {}),
    reportUrl: ticketReportUrl(ctx, record, cached),
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
  await admitMint(ctx, grant.policy.subject, replacing);
  const { record, callTime, requestId } = await createTicket(ctx, grant);
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
  ctx.emit({ type: 'credential.minted', ...eventBase(grant), reason, requestId });
  return committed;
}

/** CreateTicket under the grant's policy, and the record it makes (not stored yet). */
async function createTicket(ctx: IssuerContext, grant: Grant) {
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
  return { record, callTime, requestId: result.requestId };
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

/**
 * One round: the cached ticket if it has uses and life left, else one minted under the lease.
 * Redis round trips: a cache hit costs two (the lookup, then the reserve); a first request two
 * as well (the lookup, which on a miss also takes the lease and reads the subject's index, then
 * after CreateTicket one commit: the record with the queued callers' uses, its index member, the
 * cache entry, the revoke-mark check and the lease release).
 */
async function serveRound(
  ctx: IssuerContext,
  grant: Grant,
  queue: Demand<TicketCredential>[],
): Promise<void> {
  const lease = {
    key: keys.lock(grant.cacheKey),
    ttlMs: ctx.lock.ttlMs,
    subject: grant.policy.subject,
  };
  // 'miss': the lease is taken only when nothing is cached; a cached ticket that cannot serve
  // (spent, or too little life left) is looked at again with the lease taken whatever is found.
  let when: 'miss' | 'always' = 'miss';
  const look = async (): Promise<Sighting<CredentialRecord, CachedLookup>> => {
    for (;;) {
      const found = await lookupCached(ctx, grant.cacheKey, { ...lease, when });
      if (found.record && whyNotReusable(ctx, grant, found.record) === null) {
        // Someone minted it meanwhile (or it sits in another tier): no lease needed.
        if (found.lease) await found.lease.release();
        return { ready: found.record };
      }
      if (found.lease) return { lease: found.lease, seen: found };
      if (found.lease === null) return { busy: true };
      when = 'always';
    }
  };
  const shared = await underLookup<CredentialRecord | 'served', CachedLookup>(
    ctx,
    look,
    async (held, seen) => {
      await mintAndServe(ctx, grant, queue, held, seen);
      return 'served';
    },
  );
  if (shared !== 'served') await handOut(ctx, grant, shared, queue);
}

/**
 * The lease holder's mint: admitted on the index the lookup read, CreateTicket, then one commit
 * that records the ticket with the uses of the callers queued now already reserved, caches it and
 * releases the lease. Later arrivals are served from the cache: steady traffic here never holds up
 * the fleet.
 */
async function mintAndServe(
  ctx: IssuerContext,
  grant: Grant,
  queue: Demand<TicketCredential>[],
  lease: StoreLock,
  seen: CachedLookup,
): Promise<void> {
  const cached = seen.record;
  const reason = whyNotReusable(ctx, grant, cached) ?? 'new';
  // The subject's index as the lookup read it with the lease (read again if a store did not).
  await admitMint(ctx, grant.policy.subject, cached?.id, seen.members);
  const { record, callTime, requestId } = await createTicket(ctx, grant);
  let committed: { record: CredentialRecord; served: Served[] };
  try {
    committed = await commitMintServing(
      ctx,
      record,
      callTime,
      lease,
      queue.map((d) => d.wanted),
    );
  } catch (error) {
    // Not recorded (the store is full or down, the lease was lost, the subject was revoked):
    // nobody could renew or revoke it, so it must not live on upstream either.
    await deleteUpstream(ctx, record);
    throw error;
  }
  ctx.emit({ type: 'credential.minted', ...eventBase(grant), reason, requestId });
  // The head always gets at least one use, so every round makes progress.
  for (const { before, granted } of committed.served) {
    const head = queue.shift() as Demand<TicketCredential>;
    head.resolve(ticketCredential(ctx, committed.record, before, granted));
  }
}

/**
 * Reserves uses of `record` for the waiters in order, until it has none left for the next one, in
 * one ledger step (one round trip however many wait). Those it could not serve stay queued: the
 * next round mints when the record is spent or no longer live.
 */
async function handOut(
  ctx: IssuerContext,
  grant: Grant,
  record: CredentialRecord,
  queue: Demand<TicketCredential>[],
): Promise<void> {
  const reserved = await reserveInTurn(
    ctx,
    record.id,
    queue.map((d) => d.wanted),
  );
  for (const { before, granted } of reserved.served) {
    const head = queue.shift() as Demand<TicketCredential>;
    ctx.emit({ type: 'credential.reused', ...eventBase(grant), usedUses: before });
    head.resolve(
      ticketCredential(ctx, reserved.record as CredentialRecord, before, granted, undefined, true),
    );
  }
}
