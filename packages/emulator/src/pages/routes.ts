/** Which embed page a URL asks for (spec §3), read into the backend's PageRequest. */
import type { EmulatorWorksType } from '../model/organization.js';
import type { PageRequest } from '../model/pageAccess.js';
import { DEFAULT_PAGE_PATHS, DOCUMENTED_PAGE_PATHS, type PagePaths } from '../model/unconfirmed.js';

// Quick BI serves the same pages with and without the `token3rd/` prefix (spec §3). The other four
// works types' paths are UNCONFIRMED (the `pagePaths` option; see model/unconfirmed.ts).

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

/** The works type a path serves, with the undocumented types on `pagePaths`. */
export function pageTypeOf(
  pathname: string,
  pagePaths: Readonly<PagePaths> = DEFAULT_PAGE_PATHS,
): EmulatorWorksType | null {
  const path = pathname.startsWith('/token3rd/') ? pathname.slice('/token3rd'.length) : pathname;
  const documented = Object.entries(DOCUMENTED_PAGE_PATHS).find(([, p]) => p === path);
  if (documented) return documented[0] as EmulatorWorksType;
  const moved = Object.entries(pagePaths).find(([, p]) => p === path);
  return moved ? (moved[0] as EmulatorWorksType) : null;
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
