/** What every doctor step shares: the client, page loads with a ticket, and the ticket ledger. */
import { buildReportUrl, worksTypeFromQuickBI } from '@quickbi-embed/core';
import type { WorksType } from '@quickbi-embed/core';
import type { QuickBIClient } from '../client/createQuickBIClient.js';
import { QuickBIApiError } from '../client/quickbiApiError.js';
import { errorPageText } from './probes.js';

export function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export function maskId(id: string): string {
  return id.length <= 8 ? `${id.slice(0, 2)}…` : `${id.slice(0, 4)}…${id.slice(-4)}`;
}

export function describeError(error: unknown): string {
  if (error instanceof QuickBIApiError)
    return `${error.code} (HTTP ${error.status}${error.requestId ? `, RequestId ${error.requestId}` : ''}): ${error.message}`;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

export interface Probe {
  client: QuickBIClient;
  fetch: typeof globalThis.fetch;
  reportOrigin: string;
  now: () => number;
  created: string[];
  deleted: number;
  usesConsumed: number;
  openInBrowser: ((url: string) => Promise<void>) | undefined;
}

/** One page load of a works with a ticket, server-side: is it the report or an error page? */
export async function loadPage(
  probe: Probe,
  worksId: string,
  worksType: WorksType,
  ticket: string,
): Promise<{ ok: boolean; url: string; path: string; detail: string }> {
  const url = buildReportUrl({
    origin: probe.reportOrigin,
    worksId,
    worksType,
    credential: { ticket },
  });
  const path = new URL(url).pathname;
  try {
    const response = await probe.fetch(url, { redirect: 'manual' });
    const html = await response.text();
    const type = response.headers.get('content-type') ?? 'no content type';
    if (response.status !== 200)
      return { ok: false, url, path, detail: `HTTP ${response.status} (${type})` };
    const error = errorPageText(html);
    if (error) return { ok: false, url, path, detail: `Quick BI's error page: "${error}"` };
    if (!/html/i.test(type)) return { ok: false, url, path, detail: `not a page (${type})` };
    return { ok: true, url, path, detail: 'shows the report' };
  } catch (error) {
    return { ok: false, url, path, detail: `could not be fetched: ${describeError(error)}` };
  }
}

export async function usedOf(probe: Probe, ticket: string): Promise<number | undefined> {
  try {
    return (await probe.client.queryTicketInfo({ ticket })).usedUses;
  } catch {
    return undefined;
  }
}

export async function deleteTicket(probe: Probe, ticket: string): Promise<void> {
  const used = await usedOf(probe, ticket);
  probe.usesConsumed += used ?? 0;
  try {
    if (await probe.client.deleteTicket({ ticket })) probe.deleted += 1;
  } catch {
    // Counted as not deleted; the summary says so (it expires on its own).
  }
}

/** Works types by id, from GetWorksEmbedList (at most 10 pages of 100). */
export async function worksTypes(
  client: QuickBIClient,
): Promise<Map<string, WorksType | undefined>> {
  const types = new Map<string, WorksType | undefined>();
  for (let pageNo = 1; pageNo <= 10; pageNo++) {
    const page = await client.getWorksEmbedList({ pageNo, pageSize: 100 });
    for (const works of page.works)
      types.set(works.worksId, works.worksType ?? worksTypeFromQuickBI(works.quickbiWorksType));
    if (pageNo >= page.totalPages || page.works.length === 0) break;
  }
  return types;
}
