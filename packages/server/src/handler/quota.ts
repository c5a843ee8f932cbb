import type { QuickBIClient } from '../client/createQuickBIClient.js';
import { QuickBIEmbedError, ERROR_STATUS } from '@quickbi-embed/core';
import type { IssuerContext } from './issuerContext.js';

export interface QuotaOptions {
  /** Upstream calls one subject may cause per window. Default 30. */
  limit?: number;
  /** Window length, ms. Default 60 000. */
  windowMs?: number;
}

export interface ResolvedQuota {
  limit: number;
  windowMs: number;
}

export const DEFAULT_QUOTA: ResolvedQuota = { limit: 30, windowMs: 60_000 };

export function resolveQuota(options: QuotaOptions | false | undefined): ResolvedQuota | null {
  if (options === false) return null;
  const limit = options?.limit ?? DEFAULT_QUOTA.limit;
  const windowMs = options?.windowMs ?? DEFAULT_QUOTA.windowMs;
  if (!Number.isInteger(limit) || limit < 1)
    throw new TypeError('quota.limit must be an integer >= 1');
  if (!Number.isFinite(windowMs) || windowMs < 1000)
    throw new TypeError('quota.windowMs must be at least 1000');
  return { limit, windowMs };
}

/** A refusal that tells the browser when to come back (`Retry-After`, whole seconds). */
export class QuotaExceededError extends QuickBIEmbedError {
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number) {
    super({
      code: 'QUOTA_EXCEEDED',
      message: 'Too many Quick BI calls for this user; retry later',
      status: ERROR_STATUS.QUOTA_EXCEEDED,
    });
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

// Deleting a credential only narrows access (revocation, a policy that no longer grants it), so
// it is never refused for quota.
const FREE = new Set<keyof QuickBIClient>(['deleteTicket', 'deleteEmbedToken']);

/**
 * The issuer context for one request of `subject`, whose client counts every upstream call in the
 * store (so the limit holds across a fleet) and refuses the call once the subject's fixed window is
 * spent, before Quick BI is asked. Cache hits never reach the client, so they cost nothing; one
 * subject cannot spend the organisation's Quick BI quota (distinct components, retries) for others.
 */
export function withQuota(
  ctx: IssuerContext,
  subject: string,
  quota: ResolvedQuota | null,
): IssuerContext {
  if (!quota) return ctx;
  const inner = ctx.client;
  const charge = async () => {
    const now = ctx.now();
    const window = Math.floor(now / quota.windowMs);
    const windowEnd = (window + 1) * quota.windowMs;
    const key = `${ctx.keyPrefix}quota:${window}:${subject}`;
    const used = await ctx.store.increment(key, 1, Math.max(1, windowEnd - now));
    if (used > quota.limit)
      throw new QuotaExceededError(Math.max(1, Math.ceil((windowEnd - now) / 1000)));
  };
  // Every method the client has (today's and any added later) is counted, except deletions.
  const counted: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(inner)) {
    if (typeof value !== 'function' || FREE.has(name as keyof QuickBIClient)) {
      counted[name] = value;
      continue;
    }
    const method = value as (...args: unknown[]) => Promise<unknown>;
    counted[name] = async (...args: unknown[]) => {
      await charge();
      return method(...args);
    };
  }
  const client = Object.freeze(counted) as unknown as QuickBIClient;
  return { ...ctx, client };
}
