import type { QuickBIClient } from '../client/createQuickBIClient.js';
import { QuickBIEmbedError, ERROR_STATUS } from '@quickbi-embed/core';
import type { IssuerContext } from './issuerContext.js';
import { remember } from './memo.js';

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
  constructor(
    retryAfterSeconds: number,
    message = 'Too many Quick BI calls for this user; retry later',
  ) {
    super({
      code: 'QUOTA_EXCEEDED',
      message,
      status: ERROR_STATUS.QUOTA_EXCEEDED,
    });
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

// Deleting a credential only narrows access (revocation, a policy that no longer grants it), so
// it is never refused for quota.
const FREE = new Set<keyof QuickBIClient>(['deleteTicket', 'deleteEmbedToken']);

/** A metered client: its subject, and on a prepaid context the calls counted, not made yet. */
interface Metered {
  subject: string;
  paid?: { credit: number; key: string };
}

const MAX_METERED = 1_000;

/** Per request: the issuer context of `subject` (the base context when there is no quota). */
export type QuotaMeter = (subject: string) => IssuerContext;

/**
 * Meters the issuers' upstream calls per subject: the client a request's issuers use counts every
 * call in the store (so the limit holds across a fleet) and refuses it once the subject's fixed
 * window is spent, before Quick BI is asked. Cache hits never reach the client, so they cost
 * nothing; one subject cannot spend the organisation's Quick BI quota (distinct components,
 * retries) for the others. The counting methods are built once; a request only adds its subject.
 */
export function createQuotaMeter(ctx: IssuerContext, quota: ResolvedQuota | null): QuotaMeter {
  if (!quota) return () => ctx;
  // The current window's key head, built once per window: every subject's key shares it.
  let head = { window: -1, text: '' };
  /** Counts `calls` upstream calls of `subject` at once; answers the window's key. */
  const charge = async (subject: string, calls = 1) => {
    const now = ctx.now();
    const window = Math.floor(now / quota.windowMs);
    const windowEnd = (window + 1) * quota.windowMs;
    if (head.window !== window)
      head = { window, text: `${ctx.keyPrefix}q:${window.toString(36)}:` };
    const key = head.text + subject;
    // A meter: a bounded store keeps it outside its cap of protected records, so the quota counts
    // whatever state the store is in (a store full of credentials still counts every call).
    // Not credential state (a per-subject call count), so written here rather than by the ledger,
    // which owns every credential record.
    const used = await ctx.store.increment(key, calls, Math.max(1, windowEnd - now), {
      meter: true,
    });
    if (used > quota.limit)
      throw new QuotaExceededError(Math.max(1, Math.ceil((windowEnd - now) / 1000)));
    return key;
  };
  // Every method the client has (today's and any added later) is counted, except deletions.
  const proto: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(ctx.client)) {
    if (typeof value !== 'function' || FREE.has(name as keyof QuickBIClient)) {
      proto[name] = value;
      continue;
    }
    const method = value as (...args: unknown[]) => Promise<unknown>;
    proto[name] = async function counted(this: Metered, ...args: unknown[]) {
      // Counted already when the request prepaid it (see `prepaid`).
      if (this.paid && this.paid.credit > 0) this.paid.credit--;
      else await charge(this.subject);
      return method(...args);
    };
  }
  Object.freeze(proto);
  // A subject's metered context is the same on every request: built once, remembered (bounded,
  // oldest dropped first). It holds no state of its own (the counts are in the store).
  const metered = new Map<string, IssuerContext>();
  return (subject) => {
    const known = metered.get(subject);
    if (known) return known;
    const client = Object.freeze(Object.assign(Object.create(proto), { subject }));
    const made: IssuerContext = Object.freeze({
      ...ctx,
      client: client as QuickBIClient,
      // A request that counts its calls up front gets a context of its own: its client spends
      // the credit before counting again, and `refund` gives back what it did not use.
      async prepaid(calls: number) {
        const paid = { credit: calls, key: await charge(subject, calls) };
        const own = Object.freeze(Object.assign(Object.create(proto), { subject, paid }));
        return {
          ...made,
          client: own as QuickBIClient,
          async refund() {
            const unused = paid.credit;
            if (unused <= 0) return;
            paid.credit = 0;
            // Back into the window it was counted in (an expired window's key is gone at once).
            await ctx.store.increment(paid.key, -unused, 1, { meter: true });
          },
        };
      },
    });
    return remember(metered, subject, made, MAX_METERED);
  };
}
