/**
 * The credential ledger: ONE record per credential (ticket, embed token, Smart Q ticket) and the
 * ONLY code that writes one. Every change is a named transition (mint, reserve, renew, retire,
 * revoke, expire, forget) folded by one reducer, `reduce`, and applied by `dispatch` in one atomic
 * store step together with the subject index (the habit of TanStack Query's `#dispatch`: one
 * reducer, named actions, no field written anywhere else).
 *
 * A record knows its owner subject, its grant (works, type, component, policy hash, the host-chosen
 * filters), its uses granted and reserved, its renewals, its expiry, its kind and its state. A
 * cache entry (evictable) only points at a record by id; a record that is not `live` is never
 * handed out, whatever still points at it.
 *
 * The subject index holds one member per record, `<kind>:<liveUntil>:<id>` (liveUntil, base 36,
 * is the expiry of a live record, 0 otherwise), so the per-subject cap counts live credentials from the
 * index alone, and revocation finds every kind.
 */
import { ERROR_STATUS, QuickBIEmbedError } from '@quickbi-embed/core';
import type { GlobalParam, WorksType } from '@quickbi-embed/core';
import type { RequestedFilter } from '../handler/grant/filters.js';
import type { IssuerContext } from '../handler/issuerContext.js';
import { cacheKeyHead } from '../handler/issuerContext.js';
import { QuickBIApiError } from '../client/quickbiApiError.js';
import { QuotaExceededError } from '../handler/quota.js';
import { StoreFullError } from '../store/storeFullError.js';
import { commitIn, lookupIn } from '../store/steps.js';
import type { RecordWrite, StoreLock } from '../store/types.js';

export type LedgerKind = 'ticket' | 'token' | 'copilot';
export type RecordState = 'live' | 'retired' | 'revoked';

export interface CredentialRecord {
  kind: LedgerKind;
  /** The credential itself (ticket or access token): the record's key. */
  id: string;
  subject: string;
  /** The works (the Smart Q module's id for `copilot`). */
  worksId: string;
  worksType: WorksType;
  cmptId?: string;
  policyHash: string;
  /** The cache entry that may point here ('' when never cached: Smart Q). */
  cacheKey: string;
  /** Host-chosen filters the grant was narrowed by: a renewal reuses them. */
  filters?: RequestedFilter[];
  /** Page loads Quick BI allows (0: not counted, an embed token). */
  maxUses: number;
  /** Page loads handed out (or seen used upstream), never above `maxUses`. */
  reserved: number;
  renewals: number;
  expiresAt: number;
  state: RecordState;
  /** Retired or revoked here, and the upstream deletion is still owed. */
  owed?: true;
  watermark: string | null;
  globalParam: GlobalParam | null;
  invalidTime?: string;
  /**
   * When Quick BI last extended (or re-issued) this credential upstream, epoch ms; absent: never.
   * A renewal arriving within the handler's `renewWindowMs` of it is answered from the record
   * without another upstream call (`renewedWithin`).
   */
  renewedAt?: number;
}

export type LedgerAction =
  /** A credential Quick BI just created; an existing live record of the same id is extended. */
  | { type: 'mint'; record: CredentialRecord }
  /** Hands out up to `wanted` page loads of a live record with life left at `now`. */
  | { type: 'reserve'; wanted: number; now: number }
  /** Quick BI extended (and maybe topped up) the credential: its real figures. */
  | {
      type: 'renew';
      expiresAt: number;
      maxUses?: number;
      usedUpstream?: number;
      watermark?: string | null;
      globalParam?: GlobalParam | null;
      invalidTime?: string;
      counted: boolean;
      /** When Quick BI answered the extension (opens the renew window). */
      renewedAt: number;
    }
  /** No longer granted (policy changed or refused): never handed out again; deletion owed. */
  | { type: 'retire' }
  /** Revoked by the app: never handed out or renewed again; deletion owed. */
  | { type: 'revoke' }
  /** Quick BI says it is gone (expired, deleted): nothing owed upstream. */
  | { type: 'expire' }
  /** The upstream deletion happened (or was not needed). */
  | { type: 'deleted' }
  /** Drops the record and its index member (revocation finished with it). */
  | { type: 'forget' };

/** The one reducer: the record after `action`, `undefined` to drop it, `null` for no change. */
export function reduce(
  record: CredentialRecord | undefined,
  action: LedgerAction,
): CredentialRecord | undefined | null {
  switch (action.type) {
    case 'mint':
      if (!record) return action.record;
      // The same credential again (Quick BI extends a live embed token): a renewal, unless it
      // was already taken out of service, which a re-issue must not undo.
      if (record.state !== 'live') return null;
      return {
        ...record,
        expiresAt: action.record.expiresAt,
        invalidTime: action.record.invalidTime,
        renewedAt: action.record.renewedAt,
      };
    case 'reserve': {
      if (!record || record.state !== 'live' || record.expiresAt <= action.now) return null;
      const granted = Math.max(0, Math.min(action.wanted, record.maxUses - record.reserved));
      return granted === 0 ? null : { ...record, reserved: record.reserved + granted };
    }
    case 'renew': {
      if (!record || record.state !== 'live') return null;
      const maxUses = action.maxUses ?? record.maxUses;
      return {
        ...record,
        expiresAt: action.expiresAt,
        maxUses,
        reserved: Math.min(maxUses, Math.max(record.reserved, action.usedUpstream ?? 0)),
        renewals: record.renewals + (action.counted ? 1 : 0),
        renewedAt: action.renewedAt,
        ...(action.watermark !== undefined ? { watermark: action.watermark } : {}),
        ...(action.globalParam !== undefined ? { globalParam: action.globalParam } : {}),
        ...(action.invalidTime !== undefined ? { invalidTime: action.invalidTime } : {}),
      };
    }
    case 'retire':
      if (!record || record.state !== 'live') return null;
      return { ...record, state: 'retired', owed: true };
    case 'revoke':
      if (!record || record.state === 'revoked') return null;
      return {
        ...record,
        state: 'revoked',
        // A retired record whose deletion already happened owes nothing more.
        ...(record.state === 'live' || record.owed ? { owed: true as const } : {}),
      };
    case 'expire':
      if (!record || record.state !== 'live') return null;
      return { ...record, state: 'retired' };
    case 'deleted': {
      if (!record?.owed) return null;
      const { owed: _owed, ...rest } = record;
      return rest;
    }
    case 'forget':
      return record ? undefined : null;
  }
}

const KIND_LETTER: Record<LedgerKind, string> = { ticket: 't', token: 'k', copilot: 'c' };
const LETTER_KIND: Record<string, LedgerKind> = { t: 'ticket', k: 'token', c: 'copilot' };

interface KeyHeads {
  record: string;
  subject: string;
  revokedAt: string;
}
const HEADS = new Map<string, KeyHeads>();

/**
 * The key heads of a `keyPrefix`, built once: a key is then the shared head joined to its id (V8
 * keeps such a key as a pair of pointers), not a copy of the head per key (24-32 B each, for
 * every record and subject a memory store holds).
 */
function headsOf(keyPrefix: string): KeyHeads {
  let heads = HEADS.get(keyPrefix);
  if (!heads) {
    heads = {
      record: `${keyPrefix}r:`,
      subject: `${keyPrefix}subj:`,
      revokedAt: `${keyPrefix}revoked:`,
    };
    HEADS.set(keyPrefix, heads);
  }
  return heads;
}

export const ledgerKeys = {
  record: (ctx: IssuerContext, id: string) => headsOf(ctx.keyPrefix).record + id,
  subject: (ctx: IssuerContext, subject: string) => headsOf(ctx.keyPrefix).subject + subject,
  /** When the subject was last revoked: a mint that started before it is revoked on commit. */
  revokedAt: (ctx: IssuerContext, subject: string) => headsOf(ctx.keyPrefix).revokedAt + subject,
};

function memberOf(record: CredentialRecord): string {
  const liveUntil = record.state === 'live' ? record.expiresAt : 0;
  return `${KIND_LETTER[record.kind]}:${liveUntil.toString(36)}:${record.id}`;
}

export interface IndexMember {
  kind: LedgerKind;
  liveUntil: number;
  id: string;
}

export function parseMember(member: string): IndexMember | undefined {
  const match = /^([tkc]):([0-9a-z]+):(.+)$/.exec(member);
  if (!match) return undefined;
  return {
    kind: LETTER_KIND[match[1] as string] as LedgerKind,
    liveUntil: parseInt(match[2] as string, 36),
    id: match[3] as string,
  };
}

/** How long the store keeps a record: its life plus the owner's grace to renew it. */
function lifeOf(ctx: IssuerContext, record: CredentialRecord): number {
  return Math.max(1, record.expiresAt - ctx.now()) + ctx.ownershipGraceMs;
}

export interface Dispatched {
  before: CredentialRecord | undefined;
  after: CredentialRecord | undefined;
}

/**
 * Applies one transition to the record of `id` and its subject-index member in one atomic store
 * step. With `fence`, it lands only while that lease is held.
 */
export async function dispatch(
  ctx: IssuerContext,
  id: string,
  action: LedgerAction,
  fence?: StoreLock,
): Promise<Dispatched> {
  let before: CredentialRecord | undefined;
  let after: CredentialRecord | undefined;
  await ctx.store.update<StoredRecord>(
    ledgerKeys.record(ctx, id),
    (stored): RecordWrite<StoredRecord> | null => {
      const current = decodeRecord(ctx, stored);
      before = current;
      const next = reduce(current, action);
      after = next === null ? current : next;
      return next === null ? null : writeOf(ctx, current, next);
    },
    fence ? { fence } : undefined,
  );
  return { before, after };
}

/** The record of `id`, in any state (undefined when unknown or forgotten). */
export async function recordOf(
  ctx: IssuerContext,
  id: string,
): Promise<CredentialRecord | undefined> {
  // Read through `update` (writing nothing): a store with several tiers answers from the one
  // that holds the record.
  return decodeRecord(
    ctx,
    await ctx.store.update<StoredRecord>(ledgerKeys.record(ctx, id), () => null),
  );
}

/**
 * A record as the store keeps it: a positional array (no field names, defaults as 0), and the
 * cache key reduced to the part the grant does not already say. About half the bytes of the
 * object's JSON; 100k cached credentials are kept under 1 kB of heap each (bench/fleet).
 */
type StoredRecord = [
  version: 1,
  kind: LedgerKind,
  id: string,
  subject: string,
  worksId: string,
  worksType: WorksType,
  cmptId: string | 0,
  policyHash: string,
  cacheKey: string,
  filters: RequestedFilter[] | 0,
  maxUses: number,
  reserved: number,
  renewals: number,
  expiresAt: number,
  state: RecordState,
  owed: 1 | 0,
  watermark: string | 0,
  globalParam: GlobalParam | 0,
  invalidTime: string | 0,
  /** Added after version 1 shipped: a tuple without it decodes as never renewed. */
  renewedAt?: number,
];

function encodeRecord(ctx: IssuerContext, r: CredentialRecord): StoredRecord {
  const head = cacheKeyHead(ctx.keyPrefix, r.kind);
  const cacheKey = r.cacheKey.startsWith(head) ? r.cacheKey.slice(head.length) : `=${r.cacheKey}`;
  return [
    1,
    r.kind,
    r.id,
    r.subject,
    r.worksId,
    r.worksType,
    r.cmptId ?? 0,
    r.policyHash,
    r.cacheKey === '' ? '' : cacheKey,
    r.filters ?? 0,
    r.maxUses,
    r.reserved,
    r.renewals,
    r.expiresAt,
    r.state,
    r.owed ? 1 : 0,
    r.watermark ?? 0,
    r.globalParam ?? 0,
    r.invalidTime ?? 0,
    r.renewedAt ?? 0,
  ];
}

function decodeRecord(
  ctx: IssuerContext,
  s: StoredRecord | undefined,
): CredentialRecord | undefined {
  if (!Array.isArray(s) || s[0] !== 1) return undefined; // unknown (or foreign) value: no record
  const [, kind, id, subject, worksId, worksType, cmptId, policyHash, key] = s;
  const cacheKey =
    key === ''
      ? ''
      : key.startsWith('=')
        ? key.slice(1)
        : `${cacheKeyHead(ctx.keyPrefix, kind)}${key}`;
  return {
    kind,
    id,
    subject,
    worksId,
    worksType,
    ...(cmptId ? { cmptId } : {}),
    policyHash,
    cacheKey,
    ...(s[9] ? { filters: s[9] } : {}),
    maxUses: s[10],
    reserved: s[11],
    renewals: s[12],
    expiresAt: s[13],
    state: s[14],
    ...(s[15] ? { owed: true as const } : {}),
    watermark: s[16] === 0 ? null : s[16],
    globalParam: s[17] === 0 ? null : s[17],
    ...(s[18] ? { invalidTime: s[18] } : {}),
    ...(s[19] ? { renewedAt: s[19] } : {}),
  };
}

/**
 * The record Quick BI extended (or re-issued) within the last `windowMs` and that is still live:
 * a renewal now is answered from it, with no upstream call and no renewal counted (several tabs,
 * several instances renewing one credential share one extension). The one renew-window rule, for
 * tickets and tokens alike; a retired or revoked record never answers.
 */
export function renewedWithin(
  record: CredentialRecord | undefined,
  now: number,
  windowMs: number,
): record is CredentialRecord {
  if (record?.state !== 'live' || record.renewedAt === undefined || windowMs <= 0) return false;
  return now >= record.renewedAt && now - record.renewedAt < windowMs && record.expiresAt > now;
}

/**
 * The ticket record its owner may renew or query: a ticket minted here and not revoked. A retired
 * one still answers (its owner's renewal gets the current policy's ticket instead).
 */
export async function ownedTicketRecord(
  ctx: IssuerContext,
  ticket: string,
): Promise<CredentialRecord | undefined> {
  return ownedTicketOf(await recordOf(ctx, ticket));
}

/** {@link ownedTicketRecord} on a record already read (by {@link lookupRecord}). */
export function ownedTicketOf(record: CredentialRecord | undefined): CredentialRecord | undefined {
  return record?.kind === 'ticket' && record.state !== 'revoked' ? record : undefined;
}

/**
 * The live record the cache entry `cacheKey` points at (undefined: miss, or not live), read in one
 * store step with the entry ({@link lookupCached} without a lease).
 */
export async function cachedRecord(
  ctx: IssuerContext,
  cacheKey: string,
): Promise<CredentialRecord | undefined> {
  return (await lookupCached(ctx, cacheKey)).record;
}

/** Points the cache entry of the record's grant at it, for the rest of its life. */
export async function cachePointer(ctx: IssuerContext, record: CredentialRecord): Promise<void> {
  if (!record.cacheKey) return;
  await ctx.store.set(record.cacheKey, record.id, Math.max(1, record.expiresAt - ctx.now()), {
    evictable: true,
  });
}

/** Drops the cache entry when it still points at `id`. */
export async function uncache(ctx: IssuerContext, record: CredentialRecord): Promise<void> {
  if (!record.cacheKey) return;
  if ((await ctx.store.get<string>(record.cacheKey)) === record.id)
    await ctx.store.delete(record.cacheKey);
}

/** How long a revocation's mark stays: longer than any create in flight can take. */
const REVOKE_MARK_MS = 10 * 60_000;

/**
 * Marks `subject` revoked now (`ledgerKeys.revokedAt`, epoch ms): a credential whose create is in
 * flight is revoked when it is recorded (`commitMint`). A full store still takes the mark as an
 * evictable entry: revocation is never refused for room.
 */
export async function markRevoked(ctx: IssuerContext, subject: string): Promise<void> {
  const mark = ledgerKeys.revokedAt(ctx, subject);
  try {
    await ctx.store.set(mark, ctx.now(), REVOKE_MARK_MS);
  } catch (error) {
    if (!(error instanceof StoreFullError)) throw error;
    await ctx.store.set(mark, ctx.now(), REVOKE_MARK_MS, { evictable: true });
  }
}

/** Every member of the subject's index, as stored (revocation walks them). */
export function subjectMembers(ctx: IssuerContext, subject: string): Promise<string[]> {
  return ctx.store.indexMembers(ledgerKeys.subject(ctx, subject));
}

/** Drops an index member with no record behind it (not ours, or its record expired). */
export async function dropOrphanMember(
  ctx: IssuerContext,
  subject: string,
  member: string,
): Promise<void> {
  await ctx.store.indexRemove(ledgerKeys.subject(ctx, subject), member);
}

/** Live credentials a subject may hold at once (tickets, tokens, Smart Q tickets together). */
export const DEFAULT_MAX_LIVE_PER_SUBJECT = 100;

/** A subject holds its limit of live credentials: 429 until the first of them expires. */
export class SubjectFullError extends QuotaExceededError {
  constructor(limit: number, retryAfterSeconds: number) {
    super(
      retryAfterSeconds,
      `This user holds ${limit} live credentials, the most allowed; retry later`,
    );
  }
}

/**
 * Checked before any upstream create: the store has room for the record and its index member
 * (else 503 STORE_UNAVAILABLE) and the subject is under its cap of live credentials (else 429).
 * A refused request costs Quick BI nothing. `replacing`: the credential this mint replaces, not
 * counted. `members`: the subject's index as a lookup already read it with the lease
 * ({@link lookupCached}); read here when a store did not.
 */
export async function admitMint(
  ctx: IssuerContext,
  subject: string,
  replacing?: string,
  members?: readonly string[],
): Promise<void> {
  members ??= await ctx.store.indexMembers(ledgerKeys.subject(ctx, subject));
  await ctx.store.room?.(2);
  const now = ctx.now();
  let live = 0;
  let firstEnd = Infinity;
  for (const raw of members) {
    const member = parseMember(raw);
    if (!member || member.liveUntil <= now || member.id === replacing) continue;
    live++;
    firstEnd = Math.min(firstEnd, member.liveUntil);
  }
  if (live >= ctx.maxLivePerSubject)
    throw new SubjectFullError(
      ctx.maxLivePerSubject,
      Math.max(1, Math.ceil((firstEnd - now) / 1000)),
    );
}

/**
 * Records a credential Quick BI just created. When the subject was revoked after the create began
 * (revocation is total: credentials minted during it included), the record is revoked at once and
 * the caller is refused; the revoker's walk or this caller deletes it upstream.
 */
export async function commitMint(
  ctx: IssuerContext,
  record: CredentialRecord,
  startedAt: number,
  fence?: StoreLock,
): Promise<CredentialRecord> {
  const { after } = await dispatch(ctx, record.id, { type: 'mint', record }, fence);
  const revokedAt = await ctx.store.get<number>(ledgerKeys.revokedAt(ctx, record.subject));
  if (revokedAt !== undefined && revokedAt >= startedAt) {
    await dispatch(ctx, record.id, { type: 'revoke' });
    await refuseRevokedMint(ctx, record);
  }
  return after ?? record;
}

/**
 * A credential recorded revoked because its subject was revoked while it was being created: it
 * is deleted upstream (and forgotten once gone) and its caller refused.
 */
async function refuseRevokedMint(ctx: IssuerContext, record: CredentialRecord): Promise<never> {
  if (await deleteUpstream(ctx, record)) await dispatch(ctx, record.id, { type: 'forget' });
  throw new QuickBIEmbedError({
    code: 'FORBIDDEN',
    status: ERROR_STATUS.FORBIDDEN,
    message: 'This user’s credentials were revoked while this one was being created',
  });
}

/** Quick BI's answers meaning "nothing to delete": the credential is gone already. */
const ALREADY_GONE = new Set([
  'Authorize3rdTicket.NotExist',
  'Authorize3rdTicket.Expired',
  'Authorize3Rd.Token.NotExist',
]);

/**
 * Deletes the credential upstream (DeleteTicket for tickets and Smart Q tickets, DeleteEmbedToken
 * for tokens). True when it is gone there (deleted now, or already gone); false when Quick BI
 * could not be reached or refused: the deletion is still owed. Never throws.
 */
export async function deleteUpstream(
  ctx: IssuerContext,
  record: Pick<CredentialRecord, 'kind' | 'id'>,
): Promise<boolean> {
  try {
    if (record.kind === 'token') await ctx.client.deleteEmbedToken({ accessToken: record.id });
    // UNCONFIRMED: Quick BI documents no deletion for Smart Q tickets; DeleteTicket is the one
    // ticket deletion it has, and the emulator applies it to both.
    else await ctx.client.deleteTicket({ ticket: record.id });
    return true;
  } catch (error) {
    return error instanceof QuickBIApiError && ALREADY_GONE.has(error.code);
  }
}

/** What {@link lookupCached} found. */
export interface CachedLookup {
  /** The live record the cache entry points at (undefined: a miss, or not live). */
  record?: CredentialRecord;
  /** The lease, when it was tried: held, or null while another holder has it. */
  lease?: StoreLock | null;
  /** With the lease: the subject's index members, for {@link admitMint}. */
  members?: string[];
}

/**
 * The cache entry `cacheKey` and the live record it points at, in one store step (one Redis round
 * trip). With `lease`: on a miss (no entry, or no record), or `always`, the lease is tried and the
 * subject's index read in the same step: all a mint needs before calling Quick BI.
 */
export async function lookupCached(
  ctx: IssuerContext,
  cacheKey: string,
  lease?: { key: string; ttlMs: number; when: 'miss' | 'always'; subject: string },
): Promise<CachedLookup> {
  const found = await lookupIn<StoredRecord>(ctx.store, {
    pointer: cacheKey,
    recordPrefix: ledgerKeys.record(ctx, ''),
    ...(lease
      ? {
          lease: { key: lease.key, ttlMs: lease.ttlMs, when: lease.when },
          index: ledgerKeys.subject(ctx, lease.subject),
        }
      : {}),
  });
  const record = decodeRecord(ctx, found.record);
  return {
    ...(record?.state === 'live' && record.cacheKey === cacheKey ? { record } : {}),
    ...(found.lease !== undefined ? { lease: found.lease } : {}),
    ...(found.members ? { members: found.members } : {}),
  };
}

/** What {@link lookupRecord} found. */
export interface RecordLookup {
  /** The record, in any state (undefined: unknown or forgotten). */
  record?: CredentialRecord;
  /** The lease, when it was tried: held, or null while another holder has it. */
  lease?: StoreLock | null;
}

/**
 * The record of `id`, in any state, in one store step (one Redis round trip). With `lease`, the
 * lease is tried in the same step whatever is found: a renewal reads the ticket it extends (its
 * owner, for the ownership check) and takes the right to extend it at once.
 */
export async function lookupRecord(
  ctx: IssuerContext,
  id: string,
  lease?: { key: string; ttlMs: number },
): Promise<RecordLookup> {
  const found = await lookupIn<StoredRecord>(ctx.store, {
    id,
    recordPrefix: ledgerKeys.record(ctx, ''),
    ...(lease ? { lease: { key: lease.key, ttlMs: lease.ttlMs, when: 'always' as const } } : {}),
  });
  const record = decodeRecord(ctx, found.record);
  return {
    ...(record ? { record } : {}),
    ...(found.lease !== undefined ? { lease: found.lease } : {}),
  };
}

/** The `renew` transition: what Quick BI answered when it extended a credential. */
export type RenewAction = Extract<LedgerAction, { type: 'renew' }>;

/**
 * Records an extension Quick BI just made (the `renew` transition) and reserves `wanted` page
 * loads of the extended record for the caller (a `reserve`, when `wanted` > 0), in ONE store step
 * (one Redis round trip): the record, its index member, the grant's cache entry refreshed for the
 * new life (only while it still names this credential: a newer one keeps it), the fencing check
 * and the lease release. Nothing lands once the lease is lost (LeaseLostError); a record revoked
 * or retired meanwhile is left as it is (answered not live).
 */
export async function commitRenewal(
  ctx: IssuerContext,
  id: string,
  cacheKey: string,
  action: RenewAction,
  wanted: number,
  lease: StoreLock,
): Promise<{ record: CredentialRecord | undefined; served: Served | undefined }> {
  const now = ctx.now();
  let served: Served[] = [];
  const { value } = await commitIn<StoredRecord>(ctx.store, {
    key: ledgerKeys.record(ctx, id),
    apply: (stored) => {
      const current = decodeRecord(ctx, stored);
      served = [];
      const renewed = settle(current, action);
      // Not live any more (revoked or retired while Quick BI extended it): nothing written.
      if (renewed === current) return null;
      return writeOf(ctx, current, reserveEach(renewed, wanted > 0 ? [wanted] : [], now, served));
    },
    ...(cacheKey
      ? {
          pointer: {
            key: cacheKey,
            value: id,
            ttlMs: Math.max(1, action.expiresAt - now),
            refresh: true,
          },
        }
      : {}),
    fence: lease,
    release: true,
  });
  return { record: decodeRecord(ctx, value), served: served[0] };
}

/** Page loads handed to one queued caller: its first use's index, and how many. */
export interface Served {
  before: number;
  granted: number;
}

/**
 * Records a credential Quick BI just created (a ticket, an embed token, a Smart Q ticket) and
 * hands its page loads to the callers queued for it (`wants`, in order, until it has none left for
 * the next; none for a token or a Smart Q ticket), in ONE store step (one Redis round trip): the
 * record (the mint, then one reserve per caller: the reducer's transitions, folded here), its index
 * member, the cache entry (when the record has one), the read of the subject's revoke mark and,
 * under `lease`, the fencing check and the lease release. Nothing lands once the lease is lost
 * (LeaseLostError). When the subject was revoked after the create began, the record is written
 * revoked instead (no cache entry, nothing handed out), deleted upstream, and the caller refused,
 * as in {@link commitMint}. A mint of a credential this ledger already holds out of service (Quick
 * BI answering a revoked token again) writes nothing: the record is answered as it is.
 */
export async function commitMintServing(
  ctx: IssuerContext,
  record: CredentialRecord,
  startedAt: number,
  lease: StoreLock | undefined,
  wants: readonly number[],
): Promise<{ record: CredentialRecord; served: Served[] }> {
  const now = ctx.now();
  let served: Served[] = [];
  const { value, marked } = await commitIn<StoredRecord>(ctx.store, {
    key: ledgerKeys.record(ctx, record.id),
    apply: (stored, revoked) => {
      const current = decodeRecord(ctx, stored);
      const minted = settle(current, { type: 'mint', record });
      if (revoked) return writeOf(ctx, current, settle(minted, { type: 'revoke' }));
      served = [];
      return writeOf(ctx, current, reserveEach(minted, wants, now, served));
    },
    mark: { key: ledgerKeys.revokedAt(ctx, record.subject), atLeast: startedAt },
    ...(record.cacheKey
      ? {
          pointer: {
            key: record.cacheKey,
            value: record.id,
            ttlMs: Math.max(1, record.expiresAt - now),
          },
        }
      : {}),
    ...(lease ? { fence: lease, release: true } : {}),
  });
  if (marked) await refuseRevokedMint(ctx, record);
  return { record: decodeRecord(ctx, value) ?? record, served };
}

/**
 * Reserves page loads of `id` for several callers in turn (one `reserve` transition each, until
 * one would get none), in one atomic store step: a queue of callers costs one round trip.
 */
export async function reserveInTurn(
  ctx: IssuerContext,
  id: string,
  wants: readonly number[],
): Promise<{ record: CredentialRecord | undefined; served: Served[] }> {
  const now = ctx.now();
  let served: Served[] = [];
  const stored = await ctx.store.update<StoredRecord>(ledgerKeys.record(ctx, id), (value) => {
    const current = decodeRecord(ctx, value);
    served = [];
    return writeOf(ctx, current, reserveEach(current, wants, now, served));
  });
  return { record: decodeRecord(ctx, stored), served };
}

/** The record after one `reserve` per caller in turn (each grant noted in `served`). */
function reserveEach(
  record: CredentialRecord | undefined,
  wants: readonly number[],
  now: number,
  served: Served[],
): CredentialRecord | undefined {
  let next = record;
  for (const wanted of wants) {
    const reserved = settle(next, { type: 'reserve', wanted, now });
    if (!next || !reserved || reserved === next) break;
    served.push({ before: next.reserved, granted: reserved.reserved - next.reserved });
    next = reserved;
  }
  return next;
}

/** The record after `action` (the reducer's `null`, no change, answers it unchanged). */
function settle(
  record: CredentialRecord | undefined,
  action: LedgerAction,
): CredentialRecord | undefined {
  const next = reduce(record, action);
  return next === null ? record : next;
}

/** The store write that takes `current` to `next` with its index member (null: unchanged). */
function writeOf(
  ctx: IssuerContext,
  current: CredentialRecord | undefined,
  next: CredentialRecord | undefined,
): RecordWrite<StoredRecord> | null {
  if (next === current) return null;
  const oldMember = current ? memberOf(current) : undefined;
  const indexKey = ledgerKeys.subject(ctx, ((next ?? current) as CredentialRecord).subject);
  if (next === undefined)
    return {
      value: undefined,
      ttlMs: 0,
      ...(oldMember ? { indexRemove: [{ key: indexKey, member: oldMember }] } : {}),
    };
  const ttlMs = lifeOf(ctx, next);
  const newMember = memberOf(next);
  return {
    value: encodeRecord(ctx, next),
    ttlMs,
    indexAdd: [{ key: indexKey, member: newMember, ttlMs }],
    ...(oldMember && oldMember !== newMember
      ? { indexRemove: [{ key: indexKey, member: oldMember }] }
      : {}),
  };
}

/**
 * The prefetch for a report its page says it already shows (the `quickbi-held` cookie): the
 * live record the grant's cache entry points at, with life left, read and NOT reserved (a
 * reserve of 0: the page spends and renews its own credential; the answer only names it).
 * Undefined when none is cached: the caller then reserves as for any prefetch.
 */
export async function heldRecord(
  ctx: IssuerContext,
  cacheKey: string,
): Promise<CredentialRecord | undefined> {
  const record = await cachedRecord(ctx, cacheKey);
  return record && record.expiresAt > ctx.now() ? record : undefined;
}
