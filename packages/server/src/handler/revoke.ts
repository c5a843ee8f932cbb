import { ERROR_STATUS, QuickBIEmbedError } from '@quickbi-embed/core';
import { QuickBIApiError } from '../client/quickbiApiError.js';
import type { IssuerContext, StoredTicket, StoredToken, TicketOwnership } from './issuerContext.js';
import { keys } from './issuerContext.js';

export interface RevokeInput {
  /** The app's end-user id, as the policy's `subject`. */
  subject: string;
}

export interface RevokeResult {
  /** Tickets deleted upstream (or already gone there) and forgotten. */
  tickets: number;
  /** Embed tokens deleted upstream (or already gone there) and forgotten. */
  tokens: number;
  /**
   * Credentials forgotten here (no longer handed out or renewed) whose upstream deletion failed
   * (Quick BI unreachable): they stay in the index, so calling `revoke` again retries them.
   */
  pending: number;
}

/** Quick BI's answers meaning "nothing to delete": the credential is gone already. */
const ALREADY_GONE = new Set([
  'Authorize3rdTicket.NotExist',
  'Authorize3rdTicket.Expired',
  'Authorize3Rd.Token.NotExist',
]);

async function deletedUpstream(call: () => Promise<unknown>): Promise<boolean> {
  try {
    await call();
    return true;
  } catch (error) {
    if (error instanceof QuickBIApiError && ALREADY_GONE.has(error.code)) return true;
    return false;
  }
}

/**
 * Deletes every live credential of `subject` upstream (DeleteTicket, DeleteEmbedToken) and forgets
 * it in the store: no longer handed out from the cache, and renew/info answer 403. Walks the
 * per-subject index, so the cost is O(credentials of that subject). With a shared (Redis) store
 * this covers the whole fleet. Each credential is forgotten here before the upstream call, so it
 * is not handed out again while that call runs.
 */
export async function revokeSubject(ctx: IssuerContext, input: RevokeInput): Promise<RevokeResult> {
  const subject = input?.subject;
  if (typeof subject !== 'string' || subject.length === 0 || subject.length > 256)
    throw new QuickBIEmbedError({
      code: 'BAD_REQUEST',
      status: ERROR_STATUS.BAD_REQUEST,
      message: 'revoke needs { subject }: the policy subject, 1-256 characters',
    });
  const indexKey = keys.subject(ctx, subject);
  const result: RevokeResult = { tickets: 0, tokens: 0, pending: 0 };
  for (const member of await ctx.store.indexMembers(indexKey)) {
    let done: boolean;
    if (member.startsWith('t:')) {
      const ticket = member.slice(2);
      const owner = await ctx.store.get<TicketOwnership>(keys.owner(ctx, ticket));
      if (owner) {
        const cached = await ctx.store.get<StoredTicket>(owner.cacheKey);
        if (cached?.ticket === ticket) await ctx.store.delete(owner.cacheKey);
      }
      await ctx.store.delete(keys.owner(ctx, ticket));
      await ctx.store.delete(keys.renewals(ctx, ticket));
      await ctx.store.delete(keys.uses(ctx, ticket));
      done = await deletedUpstream(() => ctx.client.deleteTicket({ ticket }));
      if (done) result.tickets++;
    } else if (member.startsWith('k:')) {
      const [cacheKey, accessToken] = JSON.parse(member.slice(2)) as [string, string];
      const cached = await ctx.store.get<StoredToken>(cacheKey);
      if (cached?.accessToken === accessToken) await ctx.store.delete(cacheKey);
      done = await deletedUpstream(() => ctx.client.deleteEmbedToken({ accessToken }));
      if (done) result.tokens++;
    } else {
      done = true; // not ours: drop it from the index
    }
    if (done) await ctx.store.indexRemove(indexKey, member);
    else result.pending++;
  }
  return result;
}
