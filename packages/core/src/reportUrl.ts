import type { WorksType } from './worksType.js';

/**
 * Embed page paths and the query parameter that carries the works id, per works type.
 * Tickets use Quick BI's public-preview routes under `/token3rd/`; the legacy token scheme uses the
 * logged-in routes, as Quick BI's token KB shows (shared/spec/quickbi-embedding.md §3).
 */
const PAGES: Record<WorksType, { path: string; idParam: 'pageId' | 'id' }> = {
  dashboard: { path: '/dashboard/view/pc.htm', idParam: 'pageId' },
  workbook: { path: '/report/view.htm', idParam: 'id' },
  dataScreen: { path: '/screen/view/pc.htm', idParam: 'pageId' },
  selfServiceDownload: { path: '/offline/view/pc.htm', idParam: 'pageId' },
};

export type ReportCredentialRef = { ticket: string } | { accessToken: string };

export interface ReportUrlOptions {
  /** Origin of the Quick BI site serving embed pages, e.g. `https://bi.aliyun.com`. */
  origin: string;
  worksId: string;
  worksType?: WorksType;
  /** One component of a dashboard (dashboards only). */
  cmptId?: string;
  credential: ReportCredentialRef;
  /** Extra query parameters Quick BI tolerates (e.g. `dd_orientation: 'auto'`). */
  extraParams?: Record<string, string>;
}

/** The full iframe URL of a report for a ticket (`accessTicket=`) or a token (`accessToken=`). */
export function buildReportUrl(options: ReportUrlOptions): string {
  const worksType = options.worksType ?? 'dashboard';
  const page = PAGES[worksType];
  const isTicket = 'ticket' in options.credential;
  const url = new URL((isTicket ? '/token3rd' : '') + page.path, options.origin);
  url.searchParams.set(page.idParam, options.worksId);
  if (isTicket)
    url.searchParams.set('accessTicket', (options.credential as { ticket: string }).ticket);
  else
    url.searchParams.set(
      'accessToken',
      (options.credential as { accessToken: string }).accessToken,
    );
  if (options.cmptId !== undefined && worksType === 'dashboard')
    url.searchParams.set('cmptId', options.cmptId);
  for (const [key, value] of Object.entries(options.extraParams ?? {}))
    url.searchParams.set(key, value);
  return url.toString();
}
