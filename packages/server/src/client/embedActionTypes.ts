import type { WorksType } from '@quickbi-embed/core';
import type { QuickBIUserRef } from './clientTypes.js';

/** CreateTicket4Copilot: a Smart Q (智能小Q) embed ticket. */
export interface CreateCopilotTicketInput extends QuickBIUserRef {
  /** `CopilotId`: the Smart Q module with embedding switched on. */
  copilotId: string;
  /** `TicketNum`: 1..99999, Quick BI's default 1. */
  ticketNum?: number;
  /** `ExpireTime`: minutes, at most 240, Quick BI's default 240. */
  expireMinutes?: number;
}

/** QueryEmbeddedInfo: the organisation's embedding quota and what uses it. */
export interface EmbeddedInfo {
  /** `EmbeddedCount`. */
  embeddedCount: number;
  /** `MaxCount`: the quota. */
  maxCount: number;
  /** `Detail`: dashboards (`Page`), workbooks (`Report`), self-service download. */
  detail: { dashboard: number; workbook: number; selfServiceDownload: number };
  requestId: string;
}

export interface WorksEmbedListInput {
  /** `WsId`: one workspace. */
  workspaceId?: string;
  /** `Keyword`: fuzzy match on the works name. */
  keyword?: string;
  /** `WorksType`, sent as Quick BI's wire name. */
  worksType?: WorksType;
  /** `PageNo`, from 1 (Quick BI's default 1). */
  pageNo?: number;
  /** `PageSize` (Quick BI's default 10). */
  pageSize?: number;
}

export interface EmbeddedWorks {
  worksId: string;
  name: string;
  /** Our name for Quick BI's `WorksType`; undefined for a wire name we do not know. */
  worksType: WorksType | undefined;
  /** Quick BI's `WorksType` as sent. */
  quickbiWorksType: string;
  workspaceId: string | undefined;
  /** `EmbedTime` as sent (`yyyy-MM-dd HH:mm:ss`, zone undocumented). */
  embedTime: string | undefined;
}

export interface WorksEmbedListPage {
  works: EmbeddedWorks[];
  pageNo: number;
  pageSize: number;
  totalNum: number;
  totalPages: number;
  requestId: string;
}

/** One ListPortalMenus entry. `menuType`: 0 dashboard, 1 link, 2 workbook, 4 folder, 5 form, 6 download. */
export interface PortalMenu {
  menuId: string;
  name: string;
  menuType: number;
  /** The linked works id, or the URL of an external link. */
  uri: string | undefined;
  showOnlyWithAccess: boolean;
  /** Quick BI's `dependentPermisson` (sic): whether the user may open the linked works. */
  hasPermission: boolean;
  children: PortalMenu[];
}

export interface ListPortalMenusInput {
  /** `DataPortalId`. */
  dataPortalId: string;
  /** `UserId`: only the menus this user may see. */
  userId?: string;
}
