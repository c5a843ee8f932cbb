import type { GlobalParam, WorksType } from '@quickbi-embed/core';
import type { QuickBIClient } from '../client/createQuickBIClient.js';
import { sha256Hex } from '../client/webCrypto.js';
import type { CredentialStore } from '../store/types.js';
import type { QuickBIHandlerEvent } from './events.js';
import { grantOf } from './policy.js';
import type { ResolvedPolicy } from './policy.js';

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
  lockTtlMs: number;
  lockPollMs: number;
  lockMaxPolls: number;
  flight: <T>(key: string, work: () => Promise<T>) => Promise<T>;
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
 * Runs `produce` under the store lock of `cacheKey`, so a fleet mints once. Waiting callers poll the
 * store via `check`; a holder that never releases delays them at most lockMaxPolls × lockPollMs.
 */
export async function underStoreLock<T>(
  ctx: IssuerContext,
  cacheKey: string,
  check: () => Promise<T | null>,
  produce: () => Promise<T>,
): Promise<T> {
  for (let poll = 0; ; poll++) {
    const lock = await ctx.store.lock(keys.lock(cacheKey), ctx.lockTtlMs);
    if (lock) {
      try {
        return (await check()) ?? (await produce());
      } finally {
        await lock.release();
      }
    }
    if (poll >= ctx.lockMaxPolls) return produce();
    await ctx.sleep(ctx.lockPollMs);
    const ready = await check();
    if (ready) return ready;
  }
}
