import { heldId, heldIdsOf } from '@quickbi-embed/core/held';
import type { Credential, WorksType } from '@quickbi-embed/core';
import { heldRecord } from '../../ledger/ledger.js';
import type { HandlerContext } from '../setup/handlerContext.js';
import { issueTicket, ticketCredential } from '../ticketIssuer.js';
import { grantFor } from './authorize.js';
import type { RequestedFilter } from './filters.js';
import { issue, withOrigin } from './issue.js';
import { parseRequestedFilters } from './filters.js';
import { parseInput } from '../actions/action.js';
import { prefetchSchema } from '../prefetch.js';
import type { PrefetchOptions } from '../prefetch.js';

/**
 * Whether the page behind `request` says it holds this ticket report (its `quickbi-held` cookie,
 * written by the browser engine). Only on a request the browser marks as a fetch (a framework's
 * data request: `Sec-Fetch-Mode: cors` or `same-origin`): a document load (`navigate`), or a
 * client that does not say (an older browser, a script), renders a new page whatever cookie a
 * previous page left, so its server render gets a ticket with a use, as always.
 */
export function pageHolds(
  request: Request,
  worksId: string,
  cmptId: string | undefined,
  filters: readonly RequestedFilter[],
): boolean {
  const mode = request.headers.get('sec-fetch-mode');
  if (!mode || mode === 'navigate') return false;
  const held = heldIdsOf(request.headers.get('cookie'));
  return held.size > 0 && held.has(heldId({ worksId, cmptId, filters }));
}

/**
 * A prefetched ticket under the app's policy. For a report the page already shows (a loader run
 * again on a navigation), the live cached ticket with `reservedUses: 0` and nothing minted or
 * reserved (the ledger's read, `heldRecord`): the browser keeps what it shows, and never shows a
 * ticket that reserved it no load. Otherwise (or when nothing is cached) one use is reserved.
 */
export async function prefetchTicket(
  shell: HandlerContext,
  request: Request,
  worksId: string,
  hint: WorksType | undefined,
  cmptId: string | undefined,
  filters: readonly RequestedFilter[],
): Promise<Credential> {
  const held = pageHolds(request, worksId, cmptId, filters);
  const { ctx, grant } = await grantFor(shell, request, 'ticket', worksId, hint, cmptId, filters);
  const record = held ? await heldRecord(ctx, grant.cacheKey) : undefined;
  return withOrigin(
    shell,
    record ? ticketCredential(ctx, record, record.reserved, 0) : await issueTicket(ctx, grant, 1),
  );
}

/**
 * `handler.prefetch`: server-side issue for a render, under the same policy, with no browser
 * checks and one use reserved; none for a ticket report the page says it already shows.
 */
export async function prefetchFor(
  shell: HandlerContext,
  request: Request,
  given: PrefetchOptions,
): Promise<Credential> {
  const { kind, worksId, worksType, cmptId, filters } = parseInput(prefetchSchema, given);
  if (kind !== 'token')
    return prefetchTicket(
      shell,
      request,
      worksId,
      worksType,
      cmptId,
      parseRequestedFilters(filters),
    );
  // A token has no use count: the cached one is reused, a held report costs nothing more.
  return issue(shell, request, 'token', worksId, worksType, cmptId, undefined);
}
