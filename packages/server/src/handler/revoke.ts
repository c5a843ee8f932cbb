import { ERROR_STATUS, QuickBIEmbedError } from '@quickbi-embed/core';
import {
  deleteUpstream,
  dispatch,
  dropOrphanMember,
  markRevoked,
  parseMember,
  subjectMembers,
  uncache,
} from '../ledger/ledger.js';
import type { IssuerContext } from './issuerContext.js';

export interface RevokeInput {
  /** The app's end-user id, as the policy's `subject`. */
  subject: string;
}

export interface RevokeResult {
  /** Tickets (report and Smart Q) deleted upstream (or already gone there) and forgotten. */
  tickets: number;
  /** Embed tokens deleted upstream (or already gone there) and forgotten. */
  tokens: number;
  /**
   * Credentials forgotten here (no longer handed out or renewed) whose upstream deletion failed
   * (Quick BI unreachable): they stay in the index, so calling `revoke` again retries them.
   */
  pending: number;
}

/**
 * Revokes every credential of `subject`, of every kind (tickets, embed tokens, Smart Q tickets):
 * each is taken out of service in the ledger first (never handed out or renewed again: renew/info
 * answer 403), then deleted upstream (DeleteTicket, DeleteEmbedToken). Walks the per-subject index,
 * so the cost is O(credentials of that subject); with a shared (Redis) store this covers the
 * whole fleet. The subject is marked revoked before the walk, so a credential whose create was in
 * flight meanwhile is revoked when it is recorded (see `commitMint`).
 */
export async function revokeSubject(ctx: IssuerContext, input: RevokeInput): Promise<RevokeResult> {
  const subject = input?.subject;
  if (typeof subject !== 'string' || subject.length === 0 || subject.length > 256)
    throw new QuickBIEmbedError({
      code: 'BAD_REQUEST',
      status: ERROR_STATUS.BAD_REQUEST,
      message: 'revoke needs { subject }: the policy subject, 1-256 characters',
    });
  await markRevoked(ctx, subject);
  const result: RevokeResult = { tickets: 0, tokens: 0, pending: 0 };
  for (const member of await subjectMembers(ctx, subject)) {
    const parsed = parseMember(member);
    const { before, after } = parsed
      ? await dispatch(ctx, parsed.id, { type: 'revoke' })
      : { before: undefined, after: undefined };
    const record = after ?? before;
    if (!record) {
      await dropOrphanMember(ctx, subject, member); // not ours, or its record expired
      continue;
    }
    await uncache(ctx, record);
    if (record.owed && !(await deleteUpstream(ctx, record))) {
      result.pending++;
      continue;
    }
    await dispatch(ctx, record.id, { type: 'forget' });
    if (!record.owed) continue;
    if (record.kind === 'token') result.tokens++;
    else result.tickets++;
  }
  return result;
}
