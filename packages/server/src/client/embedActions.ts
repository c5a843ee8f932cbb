/**
 * Smart Q and inventory actions over a client's signed `call` (2022-01-01):
 * CreateTicket4Copilot (help.aliyun.com/zh/quick-bi/developer-reference/api-quickbi-public-2022-01-01-createticket4copilot),
 * QueryEmbeddedInfo (the SDK model, spec §1.7), GetWorksEmbedList (…-getworksembedlist) and
 * ListPortalMenus (api-listportalmenus-213486). One function per action, no state.
 */
import { QUICKBI_WORKS_TYPE, worksTypeFromQuickBI } from '@quickbi-embed/core';
import type {
  CreateCopilotTicketInput,
  EmbeddedInfo,
  EmbeddedWorks,
  ListPortalMenusInput,
  PortalMenu,
  WorksEmbedListInput,
  WorksEmbedListPage,
} from './embedActionTypes.js';
import { resultRecord, resultString, toInteger } from './parseResults.js';
import { unexpectedResult } from './quickbiApiError.js';
import type { RpcResult } from './rpcTransport.js';

export const EMBED_API_VERSION = '2022-01-01';

export type RpcCall = (
  action: string,
  version: string,
  params: Record<string, string | number | boolean | undefined>,
) => Promise<RpcResult>;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

export async function createCopilotTicket(
  call: RpcCall,
  input: CreateCopilotTicketInput,
): Promise<{ ticket: string; requestId: string }> {
  const answer = await call('CreateTicket4Copilot', EMBED_API_VERSION, {
    CopilotId: input.copilotId,
    TicketNum: input.ticketNum,
    UserId: input.userId,
    AccountName: input.accountName,
    AccountType: input.accountType,
    ExpireTime: input.expireMinutes,
  });
  const ticket = resultString(answer, 'CreateTicket4Copilot', 'a ticket');
  return { ticket, requestId: answer.requestId };
}

export async function queryEmbeddedInfo(call: RpcCall): Promise<EmbeddedInfo> {
  const answer = await call('QueryEmbeddedInfo', EMBED_API_VERSION, {});
  const result = resultRecord(answer, 'QueryEmbeddedInfo');
  const detail = resultRecord({ ...answer, result: result.Detail ?? {} }, 'QueryEmbeddedInfo');
  return {
    embeddedCount: toInteger(result.EmbeddedCount) ?? 0,
    maxCount: toInteger(result.MaxCount) ?? 0,
    detail: {
      dashboard: toInteger(detail.Page) ?? 0,
      workbook: toInteger(detail.Report) ?? 0,
      selfServiceDownload: toInteger(detail.DashboardOfflineQuery) ?? 0,
    },
    requestId: answer.requestId,
  };
}

export async function getWorksEmbedList(
  call: RpcCall,
  input: WorksEmbedListInput = {},
): Promise<WorksEmbedListPage> {
  const answer = await call('GetWorksEmbedList', EMBED_API_VERSION, {
    WsId: input.workspaceId,
    Keyword: input.keyword,
    WorksType: input.worksType ? QUICKBI_WORKS_TYPE[input.worksType] : undefined,
    PageNo: input.pageNo,
    PageSize: input.pageSize,
  });
  const result = resultRecord(answer, 'GetWorksEmbedList');
  const rows: unknown[] = Array.isArray(result.Data) ? result.Data : [];
  const works: EmbeddedWorks[] = rows.flatMap((row) => {
    const item = resultRecord({ ...answer, result: row }, 'GetWorksEmbedList');
    const worksId = text(item.WorksId);
    if (!worksId) return [];
    const quickbiWorksType = text(item.WorksType) ?? '';
    return [
      {
        worksId,
        name: text(item.WorksName) ?? '',
        worksType: worksTypeFromQuickBI(quickbiWorksType),
        quickbiWorksType,
        workspaceId: text(item.WorkspaceId),
        embedTime: text(item.EmbedTime),
      },
    ];
  });
  return {
    works,
    pageNo: toInteger(result.PageNo) ?? input.pageNo ?? 1,
    pageSize: toInteger(result.PageSize) ?? input.pageSize ?? 10,
    totalNum: toInteger(result.TotalNum) ?? works.length,
    totalPages: toInteger(result.TotalPages) ?? 1,
    requestId: answer.requestId,
  };
}

function portalMenu(value: unknown): PortalMenu | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const m = value as Record<string, unknown>;
  const menuId = text(m.menuId);
  if (!menuId) return undefined;
  return {
    menuId,
    name: text(m.menuName) ?? '',
    menuType: toInteger(m.menuType) ?? -1,
    uri: text(m.uri),
    showOnlyWithAccess: m.showOnlyWithAccess === true,
    // Absent means the docs' default reading: nothing says the user lacks it.
    hasPermission: m.dependentPermisson !== false,
    children: Array.isArray(m.children) ? m.children.flatMap((c) => portalMenu(c) ?? []) : [],
  };
}

/** ListPortalMenus answers a JSON *string* (documented); it is parsed here. */
export async function listPortalMenus(
  call: RpcCall,
  input: ListPortalMenusInput,
): Promise<{ menus: PortalMenu[]; requestId: string }> {
  const answer = await call('ListPortalMenus', EMBED_API_VERSION, {
    DataPortalId: input.dataPortalId,
    UserId: input.userId,
  });
  let raw: unknown = answer.result;
  if (typeof raw === 'string') {
    try {
      raw = JSON.parse(raw);
    } catch {
      throw unexpectedResult('ListPortalMenus', answer, 'a JSON menu tree', answer.result);
    }
  }
  if (!Array.isArray(raw))
    throw unexpectedResult('ListPortalMenus', answer, 'a menu array', answer.result);
  return { menus: raw.flatMap((m) => portalMenu(m) ?? []), requestId: answer.requestId };
}
