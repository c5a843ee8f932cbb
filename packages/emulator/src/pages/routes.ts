/** Which embed page a URL asks for (spec §3), read into the backend's PageRequest. */
import type { EmulatorWorksType, PageRequest } from './backend.js';

// Quick BI serves the same pages with and without the `token3rd/` prefix (spec §3). The last four
// paths are UNCONFIRMED: Quick BI documents no ticket URL for ad hoc analysis, data entry forms,
// Smart Q or portals (the portal path is its logged-in route seen in public code); core's
// buildReportUrl uses the same defaults and lets callers override them.
const PAGE_PATHS: Record<string, EmulatorWorksType> = {
  '/dashboard/view/pc.htm': 'dashboard',
  '/report/view.htm': 'workbook',
  '/screen/view/pc.htm': 'dataScreen',
  '/offline/view/pc.htm': 'selfServiceDownload',
  '/analysis/view/pc.htm': 'adHocAnalysis',
  '/dataForm/view/pc.htm': 'dataEntryForm',
  '/product/view.htm': 'dataPortal',
  '/copilot/view/pc.htm': 'copilot',
};

/** The works-id query parameter each page reads, preferred first. */
const ID_PARAMS: Partial<Record<EmulatorWorksType, readonly string[]>> = {
  // Workbooks are documented with `id`, the other pages with `pageId`; public code uses both.
  workbook: ['id', 'pageId'],
  dataPortal: ['productId', 'pageId', 'id'],
  copilot: ['copilotId', 'pageId', 'id'],
};

export const REFRESH_PATH = '/__page/refresh';
/** Smart Q pages ask their questions here (the view's credential is re-checked, nothing consumed). */
export const ASK_PATH = '/__page/copilot/ask';

export function pageTypeOf(pathname: string): EmulatorWorksType | null {
  const path = pathname.startsWith('/token3rd/') ? pathname.slice('/token3rd'.length) : pathname;
  return PAGE_PATHS[path] ?? null;
}

function param(url: URL, name: string): string | null {
  const value = url.searchParams.get(name);
  return value === null || value === '' ? null : value;
}

/** Unknown params (`dd_orientation`, `qbi_version_param`, ...) are ignored. */
export function readPageRequest(worksType: EmulatorWorksType, url: URL): PageRequest {
  const names = ID_PARAMS[worksType] ?? ['pageId', 'id'];
  const worksId = names.reduce<string | null>((found, name) => found ?? param(url, name), null);
  return {
    worksType,
    worksId,
    cmptId: param(url, 'cmptId'),
    accessTicket: param(url, 'accessTicket'),
    accessToken: param(url, 'accessToken'),
  };
}
