import type { WorksType } from './worksType.js';

/**
 * Embed page paths and the query parameter that carries the works id, per works type.
 * Tickets use Quick BI's public-preview routes under `/token3rd/`; the legacy token scheme uses the
 * logged-in routes, as Quick BI's token KB shows (shared/spec/quickbi-embedding.md §3).
 * - dashboard: `pc.htm?pageId=…&accessTicket=…[&cmptId=…]`, https://help.aliyun.com/document_detail/466220.html
 * - workbook, data screen, self-service download: paths seen in public code (spec §3).
 * - ad hoc analysis, data entry form: UNCONFIRMED. Quick BI's ticket guide (step 3 of
 *   https://help.aliyun.com/document_detail/391291.html) lists them as embeddable but no source
 *   we could read gives their URL; these defaults are the emulator's, and `pagePath`/`idParam`
 *   override them.
 */
const PAGES: Record<WorksType, { path: string; idParam: string }> = {
  dashboard: { path: '/dashboard/view/pc.htm', idParam: 'pageId' },
  workbook: { path: '/report/view.htm', idParam: 'id' },
  dataScreen: { path: '/screen/view/pc.htm', idParam: 'pageId' },
  selfServiceDownload: { path: '/offline/view/pc.htm', idParam: 'pageId' },
  adHocAnalysis: { path: '/analysis/view/pc.htm', idParam: 'pageId' },
  dataEntryForm: { path: '/dataForm/view/pc.htm', idParam: 'pageId' },
};

/** Works types whose page URL Quick BI does not document (see PAGES). */
export const UNCONFIRMED_URL_WORKS_TYPES: readonly WorksType[] = ['adHocAnalysis', 'dataEntryForm'];

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
  /**
   * The page path after the origin (and after `/token3rd` for tickets). UNCONFIRMED for ad hoc
   * analysis and data entry forms: set it when your Quick BI site serves them elsewhere.
   */
  pagePath?: string;
  /** The query parameter that carries the works id (UNCONFIRMED types, as `pagePath`). */
  idParam?: string;
}

function credentialParams(url: URL, credential: ReportCredentialRef): void {
  if ('ticket' in credential) url.searchParams.set('accessTicket', credential.ticket);
  else url.searchParams.set('accessToken', credential.accessToken);
}

function pageUrl(origin: string, path: string, isTicket: boolean): URL {
  // A path like `//host/x` would leave the Quick BI origin: refuse anything but one leading slash.
  if (!/^\/(?!\/)/.test(path)) throw new TypeError(`pagePath must start with one "/", got ${path}`);
  const url = new URL((isTicket ? '/token3rd' : '') + path, origin);
  if (url.origin !== new URL(origin).origin) throw new TypeError('pagePath must stay on origin');
  return url;
}

/** The full iframe URL of a report for a ticket (`accessTicket=`) or a token (`accessToken=`). */
export function buildReportUrl(options: ReportUrlOptions): string {
  const worksType = options.worksType ?? 'dashboard';
  const page = PAGES[worksType];
  const url = pageUrl(
    options.origin,
    options.pagePath ?? page.path,
    'ticket' in options.credential,
  );
  url.searchParams.set(options.idParam ?? page.idParam, options.worksId);
  credentialParams(url, options.credential);
  if (options.cmptId !== undefined && worksType === 'dashboard')
    url.searchParams.set('cmptId', options.cmptId);
  for (const [key, value] of Object.entries(options.extraParams ?? {}))
    url.searchParams.set(key, value);
  return url.toString();
}

export interface CopilotUrlOptions {
  origin: string;
  /** `CopilotId` the ticket was created for (CreateTicket4Copilot). */
  copilotId: string;
  /** The CreateTicket4Copilot ticket. */
  ticket: string;
  /** UNCONFIRMED: Quick BI documents no Smart Q embed URL. Default `/copilot/view/pc.htm`. */
  pagePath?: string;
  /** UNCONFIRMED as `pagePath`. Default `copilotId`. */
  idParam?: string;
  extraParams?: Record<string, string>;
}

/**
 * The iframe URL of a Smart Q (智能小Q) module for a CreateTicket4Copilot ticket
 * (https://help.aliyun.com/zh/quick-bi/developer-reference/api-quickbi-public-2022-01-01-createticket4copilot).
 * The page path and id parameter are UNCONFIRMED, so both are options.
 */
export function buildCopilotUrl(options: CopilotUrlOptions): string {
  const url = pageUrl(options.origin, options.pagePath ?? '/copilot/view/pc.htm', true);
  url.searchParams.set(options.idParam ?? 'copilotId', options.copilotId);
  credentialParams(url, { ticket: options.ticket });
  for (const [key, value] of Object.entries(options.extraParams ?? {}))
    url.searchParams.set(key, value);
  return url.toString();
}

export interface PortalUrlOptions {
  origin: string;
  dataPortalId: string;
  ticket: string;
  /** The menu entry to open (`menuId` from ListPortalMenus). */
  menuId?: string;
  /** UNCONFIRMED: default `/product/view.htm`, the portal's logged-in route seen in public code. */
  pagePath?: string;
  /** UNCONFIRMED as `pagePath`. Default `productId`. */
  idParam?: string;
  extraParams?: Record<string, string>;
}

/**
 * The iframe URL of a data portal (数据门户) for a ticket. UNCONFIRMED as a whole: CreateTicket's
 * docs do not list portals. The documented way to embed a portal is its menu from ListPortalMenus
 * (https://help.aliyun.com/zh/quick-bi/developer-reference/api-listportalmenus-213486) with each
 * menu entry's works embedded by buildReportUrl.
 */
export function buildPortalUrl(options: PortalUrlOptions): string {
  const url = pageUrl(options.origin, options.pagePath ?? '/product/view.htm', true);
  url.searchParams.set(options.idParam ?? 'productId', options.dataPortalId);
  credentialParams(url, { ticket: options.ticket });
  if (options.menuId !== undefined) url.searchParams.set('menuId', options.menuId);
  for (const [key, value] of Object.entries(options.extraParams ?? {}))
    url.searchParams.set(key, value);
  return url.toString();
}
