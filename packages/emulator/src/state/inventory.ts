/**
 * The inventory actions over the emulator's organisation: QueryEmbeddedInfo (quota),
 * GetWorksEmbedList (embedded works, paged) and ListPortalMenus (a portal's menu tree).
 * Shapes from the SDK models and doc pages cited in spec §1.7.
 */
import { quickbi } from '../errors/apiError.js';
import type {
  EmulatorPortalMenu,
  EmulatorWorks,
  EmulatorWorksType,
} from '../model/organization.js';
import type { EmulatorState } from './emulatorState.js';

/**
 * GetWorksEmbedList's `WorksType` values (help.aliyun.com api-quickbi-public-2022-01-01-
 * getworksembedlist): page, screen, report, ANALYSIS, dashboardOfflineQuery, dataForm.
 */
export const EMBED_LIST_WORKS_TYPE: Partial<Record<EmulatorWorksType, string>> = {
  dashboard: 'page',
  dataScreen: 'screen',
  workbook: 'report',
  adHocAnalysis: 'ANALYSIS',
  selfServiceDownload: 'dashboardOfflineQuery',
  dataEntryForm: 'dataForm',
};

const listed = (w: EmulatorWorks) =>
  w.embedEnabled && w.published && EMBED_LIST_WORKS_TYPE[w.worksType] !== undefined;

export function embeddedInfo(state: EmulatorState, maxCount: number) {
  const embedded = [...state.works.values()].filter(listed);
  const count = (type: EmulatorWorksType) => embedded.filter((w) => w.worksType === type).length;
  return {
    EmbeddedCount: embedded.length,
    MaxCount: maxCount,
    // The SDK's Detail has these three only (dashboards, workbooks, self-service download).
    Detail: {
      Page: count('dashboard'),
      Report: count('workbook'),
      DashboardOfflineQuery: count('selfServiceDownload'),
    },
  };
}

export interface EmbedListQuery {
  wsId: string | undefined;
  keyword: string | undefined;
  worksType: string | undefined;
  pageNo: number;
  pageSize: number;
}

export function worksEmbedList(state: EmulatorState, query: EmbedListQuery) {
  const wireTypes = Object.values(EMBED_LIST_WORKS_TYPE);
  if (query.worksType !== undefined && !wireTypes.includes(query.worksType)) {
    throw quickbi.invalidParameter('WorksType');
  }
  if (query.pageNo < 1) throw quickbi.invalidParameter('PageNo');
  if (query.pageSize < 1) throw quickbi.invalidParameter('PageSize');
  const keyword = query.keyword?.toLowerCase();
  const rows = [...state.works.values()]
    .filter(listed)
    .filter((w) => query.wsId === undefined || w.workspaceId === query.wsId)
    .filter(
      (w) =>
        query.worksType === undefined || EMBED_LIST_WORKS_TYPE[w.worksType] === query.worksType,
    )
    .filter((w) => keyword === undefined || w.name.toLowerCase().includes(keyword));
  const start = (query.pageNo - 1) * query.pageSize;
  return {
    Data: rows.slice(start, start + query.pageSize).map((w) => ({
      WorksId: w.worksId,
      WorksName: w.name,
      WorksType: EMBED_LIST_WORKS_TYPE[w.worksType],
      WorkspaceId: w.workspaceId,
      EmbedTime: state.format(state.embeddedAt.get(w.worksId) ?? state.now()),
    })),
    PageNo: query.pageNo,
    PageSize: query.pageSize,
    TotalNum: rows.length,
    TotalPages: Math.ceil(rows.length / query.pageSize),
  };
}

interface WireMenu {
  menuId: string;
  menuName: string;
  menuType: number;
  showOnlyWithAccess: boolean;
  dependentPermisson: boolean;
  uri?: string;
  children?: WireMenu[];
}

const granted = (menu: EmulatorPortalMenu, userId: string | undefined) =>
  userId === undefined || menu.readers === undefined || menu.readers.includes(userId);

/**
 * ListPortalMenus: "传入时列表仅展示用户有权限的菜单" — with a UserId only the menus that user may
 * see. `dependentPermisson` (sic) says whether the user may open the linked works.
 */
export function portalMenus(state: EmulatorState, dataPortalId: string, userId?: string): string {
  const portal = state.works.get(dataPortalId);
  // Undocumented which code an unknown portal gets; the generic parameter error is closest.
  if (!portal || portal.worksType !== 'dataPortal') throw quickbi.invalidParameter('DataPortalId');
  if (userId !== undefined && !state.users.has(userId)) throw quickbi.userNotInOrganization();
  const walk = (menus: readonly EmulatorPortalMenu[]): WireMenu[] =>
    menus
      .filter((m) => !m.showOnlyWithAccess || granted(m, userId))
      .map((m) => ({
        menuId: m.menuId,
        menuName: m.menuName,
        menuType: m.menuType,
        showOnlyWithAccess: m.showOnlyWithAccess,
        dependentPermisson: granted(m, userId),
        ...(m.uri !== undefined ? { uri: m.uri } : {}),
        ...(m.children ? { children: walk(m.children) } : {}),
      }));
  // The documented Result is a JSON string, not an object.
  return JSON.stringify(walk(portal.menus ?? []));
}
