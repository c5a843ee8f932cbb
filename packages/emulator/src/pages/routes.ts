/** Which embed page a URL asks for (spec §3), read into the backend's PageRequest. */
import type { EmulatorWorksType, PageRequest } from './backend.js';

// Quick BI serves the same pages with and without the `token3rd/` prefix (spec §3).
const PAGE_PATHS: Record<string, EmulatorWorksType> = {
  '/dashboard/view/pc.htm': 'dashboard',
  '/report/view.htm': 'workbook',
  '/screen/view/pc.htm': 'dataScreen',
  '/offline/view/pc.htm': 'selfServiceDownload',
};

export const REFRESH_PATH = '/__page/refresh';

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
  // Workbooks are documented with `id`, the other pages with `pageId`; public code uses both.
  const worksId =
    worksType === 'workbook'
      ? (param(url, 'id') ?? param(url, 'pageId'))
      : (param(url, 'pageId') ?? param(url, 'id'));
  return {
    worksType,
    worksId,
    cmptId: param(url, 'cmptId'),
    accessTicket: param(url, 'accessTicket'),
    accessToken: param(url, 'accessToken'),
  };
}
