import type { GlobalParam, WorksType } from '@quickbi-embed/core';
import type { QuickBIClient } from '../client/createQuickBIClient.js';
import { sha256Hex } from '../client/webCrypto.js';
import type { CredentialStore } from '../store/types.js';
import type { QuickBIHandlerEvent } from './events.js';
import { underLease } from './leasedLock.js';
import type { ResolvedLockOptions } from './leasedLock.js';
import { grantOf } from './policy.js';
import type { ResolvedPolicy } from './policy.js';
import type { DemandFlight } from './singleFlight.js';

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
}

export interface StoredTicket {
  ticket: string;
  worksId: string;
  worksType: WorksType;
  cmptId?: string;
  maxUses: number;
  expiresAt: number;
  watermark: string | null;
  globalParam: GlobalParam | null;
}

export interface StoredToken {
  accessToken: string;
  worksId: string;
  worksType: WorksType;
  expiresAt: number;
  invalidTime?: string;
}

/** Who a ticket was issued to, under which grant: the basis of the renew/info ownership rule. */
export interface TicketOwnership {
  subject: string;
  worksId: string;
  worksType: WorksType;
  cmptId?: string;
  policyHash: string;
  cacheKey: string;
  expiresAt: number;
}

export const keys = {
  uses: (ctx: IssuerContext, ticket: string) => `${ctx.keyPrefix}uses:${ticket}`,
  owner: (ctx: IssuerContext, ticket: string) => `${ctx.keyPrefix}own:${ticket}`,
  renewals: (ctx: IssuerContext, ticket: string) => `${ctx.keyPrefix}renewals:${ticket}`,
  lock: (cacheKey: string) => `${cacheKey}:lock`,
  /** The per-subject index of live credentials, walked by revocation. */
  subject: (ctx: IssuerContext, subject: string) => `${ctx.keyPrefix}subj:${subject}`,
};

/**
 * Members of the per-subject index: a ticket by value, a token by value and the cache key that
 * holds it (the cached copy may have been shed; revocation still has to delete it upstream).
 */
export const indexMember = {
  ticket: (ticket: string) => `t:${ticket}`,
  token: (cacheKey: string, accessToken: string) => `k:${JSON.stringify([cacheKey, accessToken])}`,
};

// Web Crypto digests are asynchronous and costly next to a cache hit; the same grant text comes back
// on every request of a session, so its hash is remembered (bounded, oldest dropped first).
const hashes = new Map<string, string>();
const MAX_HASHES = 10_000;

async function shortHash(text: string): Promise<string> {
  const known = hashes.get(text);
  if (known !== undefined) return known;
  const hash = (await sha256Hex(text)).slice(0, 32);
  if (hashes.size >= MAX_HASHES) hashes.delete(hashes.keys().next().value as string);
  hashes.set(text, hash);
  return hash;
}

export async function makeGrant(
  ctx: IssuerContext,
  kind: 'token' | 'ticket',
  worksId: string,
  worksType: WorksType,
  cmptId: string | undefined,
  policy: ResolvedPolicy,
): Promise<Grant> {
  const policyHash = await shortHash(JSON.stringify(grantOf(policy, kind)));
  const who = await shortHash(JSON.stringify([policy.subject, worksId, worksType, cmptId ?? null]));
  return {
    kind,
    worksId,
    worksType,
    cmptId,
    policy,
    policyHash,
    cacheKey: `${ctx.keyPrefix}cred:${kind}:${who}:${policyHash}`,
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

/**
 * Runs `produce` under the store lock of `cacheKey`, so a fleet mints once; the lock's lease is
 * renewed while the holder works, and waiters never produce while it lives (see leasedLock.ts).
 */
export function underStoreLock<T>(
  ctx: IssuerContext,
  cacheKey: string,
  check: () => Promise<T | null>,
  produce: () => Promise<T>,
): Promise<T> {
  return underLease(ctx, keys.lock(cacheKey), check, produce);
}
