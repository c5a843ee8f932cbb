import type { WorksType } from '@quickbi-embed/core';
import type { QuickBIClient } from '../client/createQuickBIClient.js';
import { sha256Hex } from '../client/webCrypto.js';
import { flatString } from '../store/flatString.js';
import type { CredentialStore } from '../store/types.js';
import type { QuickBIHandlerEvent } from './events.js';
import type { ResolvedLockOptions } from './leasedLock.js';
import { grantOf } from './policy.js';
import type { ResolvedPolicy } from './policy.js';
import type { DemandFlight } from './singleFlight.js';
import type { RequestedFilter } from './grant/filters.js';
import { remember } from './memo.js';

/** Everything the issuers share: the client, the store, the clock and the tuning knobs. */
export interface IssuerContext {
  client: QuickBIClient;
  store: CredentialStore;
  reportOrigin: string;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  emit: (event: QuickBIHandlerEvent) => void;
  /** A cached credential is handed out only while it has more life than this. */
  reuseMarginMs: number;
  /** How long after expiry the server still knows who owns a ticket (to renew it into a new one). */
  ownershipGraceMs: number;
  updateTicketNumMode: 'setMax' | 'addRemaining';
  keyPrefix: string;
  /** The fleet-wide single-flight lock: lease length, heartbeat timer, how long waiters wait. */
  lock: ResolvedLockOptions;
  flight: <T>(key: string, work: () => Promise<T>) => Promise<T>;
  /** Demand-aware single flight for tickets: one leader per key serves every waiter's uses. */
  demand: DemandFlight;
  /** Live credentials one subject may hold at once; past it a mint is refused (429). */
  maxLivePerSubject: number;
  /**
   * With a quota: counts the next `calls` upstream calls of one request now, in one store step
   * (one Redis round trip where a count per call costs one each), refused (429) as they would be,
   * and answers the context those calls go through.
   */
  prepaid?: (calls: number) => Promise<IssuerContext>;
  /** On a `prepaid` context: gives back what it counted and no call used (one store step; none when all were used). */
  refund?: () => Promise<void>;
}

/** One request's grant: what the browser asked for and what the policy allows. */
export interface Grant {
  kind: 'token' | 'ticket';
  worksId: string;
  worksType: WorksType;
  cmptId: string | undefined;
  policy: ResolvedPolicy;
  policyHash: string;
  cacheKey: string;
  /** The host-chosen filters the policy was narrowed by (kept in the credential's record). */
  filters: readonly RequestedFilter[];
}

export const keys = {
  lock: (cacheKey: string) => `${cacheKey}:lock`,
};

// Web Crypto digests are asynchronous and costly next to a cache hit; the same grant text comes back
// on every request of a session, so its hash is remembered (bounded, oldest dropped first).
const hashes = new Map<string, string>();
const MAX_HASHES = 10_000;

async function shortHash(text: string): Promise<string> {
  const known = hashes.get(text);
  if (known !== undefined) return known;
  // 128 bits of SHA-256, base64url: 22 characters where hex takes 32 (keys and records are
  // stored per credential, so every character counts at 100k of them).
  const hex = (await sha256Hex(text)).slice(0, 32);
  let bytes = '';
  for (let i = 0; i < hex.length; i += 2)
    bytes += String.fromCharCode(parseInt(hex.slice(i, i + 2), 16));
  const hash = btoa(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  return remember(hashes, text, hash, MAX_HASHES);
}

/** Every cache key of a kind starts so (the ledger stores only what follows). */
export function cacheKeyHead(keyPrefix: string, kind: 'token' | 'ticket' | 'copilot'): string {
  // Built once per prefix: the ledger asks on every record it reads or writes.
  let heads = cacheKeyHeads.get(keyPrefix);
  if (!heads) {
    heads = { k: `${keyPrefix}c:k:`, t: `${keyPrefix}c:t:` };
    cacheKeyHeads.set(keyPrefix, heads);
  }
  return kind === 'token' ? heads.k : heads.t;
}
const cacheKeyHeads = new Map<string, { k: string; t: string }>();

// A resolved policy the app answers again (resolvePolicy remembers it: one frozen object) gives
// the same grant for the same report: remembered per policy object and report, with no filters
// (a narrowed policy is a new object each time). A grant holds no credential state.
const grants = new WeakMap<ResolvedPolicy, Map<string, Grant>>();
const MAX_GRANTS_PER_POLICY = 100;

export async function makeGrant(
  ctx: IssuerContext,
  kind: 'token' | 'ticket',
  worksId: string,
  worksType: WorksType,
  cmptId: string | undefined,
  policy: ResolvedPolicy,
  filters: readonly RequestedFilter[] = [],
): Promise<Grant> {
  if (filters.length > 0 || !Object.isFrozen(policy))
    return buildGrant(ctx, kind, worksId, worksType, cmptId, policy, filters);
  // Lengths first: no two reports read alike whatever their ids hold.
  const key = `${ctx.keyPrefix.length}:${ctx.keyPrefix}${kind}${worksType}:${worksId.length}:${worksId}${cmptId ?? ''}`;
  let known = grants.get(policy);
  const grant = known?.get(key);
  if (grant) return grant;
  const built = Object.freeze(
    await buildGrant(ctx, kind, worksId, worksType, cmptId, policy, filters),
  );
  if (!known) grants.set(policy, (known = new Map()));
  return remember(known, key, built, MAX_GRANTS_PER_POLICY);
}

async function buildGrant(
  ctx: IssuerContext,
  kind: 'token' | 'ticket',
  worksId: string,
  worksType: WorksType,
  cmptId: string | undefined,
  policy: ResolvedPolicy,
  filters: readonly RequestedFilter[],
): Promise<Grant> {
  const grantText = JSON.stringify(grantOf(policy, kind));
  const policyHash = hashes.get(grantText) ?? (await shortHash(grantText));
  // Who and what, hashed with the policy's hash: one 32-hex key part per grant.
  const whoText = JSON.stringify([policy.subject, worksId, worksType, cmptId ?? null, policyHash]);
  // A known hash is taken synchronously (no wait on a promise: most requests know both).
  const who = hashes.get(whoText) ?? (await shortHash(whoText));
  return {
    kind,
    worksId,
    worksType,
    cmptId,
    policy,
    policyHash,
    // Flat: kept per cached credential, and its hash part is shared with nothing.
    cacheKey: flatString(`${cacheKeyHead(ctx.keyPrefix, kind)}${who}`),
    filters,
  };
}

/** Keep handing out a credential only while the browser would not have to renew it at once. */
export function hasEnoughLife(
  ctx: IssuerContext,
  expiresAt: number,
  expireMinutes: number,
): boolean {
  const margin = Math.min(ctx.reuseMarginMs, (expireMinutes * 60_000) / 4);
  return expiresAt - ctx.now() > margin;
}

export function ttlUntil(ctx: IssuerContext, expiresAt: number): number {
  return Math.max(1, expiresAt - ctx.now());
}
