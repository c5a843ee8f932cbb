/**
 * Smart Q and inventory actions (2022-01-01): CreateTicket4Copilot, QueryEmbeddedInfo,
 * GetWorksEmbedList, ListPortalMenus. Parameters and limits from their doc pages:
 * help.aliyun.com/zh/quick-bi/developer-reference/api-quickbi-public-2022-01-01-createticket4copilot,
 * …-getworksembedlist, api-listportalmenus-213486; QueryEmbeddedInfo from the SDK model (spec §1.7).
 */
import { embeddedInfo, portalMenus, worksEmbedList } from '../state/inventory.js';
import type { ActionDefinition } from './actionHelpers.js';
import { expireMinutes, TICKET_MAX, userSelector, V2022 } from './actionHelpers.js';
import { quickbi } from '../errors/apiError.js';

/** CreateTicket4Copilot's documented maximum ExpireTime, minutes. */
export const COPILOT_EXPIRE_MAX = 240;

export const EMBED_ACTIONS: Readonly<Record<string, ActionDefinition>> = {
  CreateTicket4Copilot: {
    versions: V2022,
    run(params, ctx) {
      const copilotId = params.requiredString('CopilotId');
      const ticketNum = params.optionalInt('TicketNum') ?? 1;
      if (ticketNum < 1 || ticketNum > TICKET_MAX) throw quickbi.ticketNumExceed(String(ticketNum));
      return ctx.state.createCopilotTicket({
        copilotId,
        ticketNum,
        // "单位分钟,最大 240(4 小时)。默认 240。": its own cap, not CreateTicket's option.
        expireMinutes: expireMinutes(params, 'ExpireTime', ctx, 1, COPILOT_EXPIRE_MAX),
        ...userSelector(params),
      }).ticket;
    },
  },
  QueryEmbeddedInfo: {
    versions: V2022,
    run: (_params, ctx) => embeddedInfo(ctx.state, ctx.options.maxEmbeddedCount),
  },
  GetWorksEmbedList: {
    versions: V2022,
    run: (params, ctx) =>
      worksEmbedList(ctx.state, {
        wsId: params.optionalString('WsId'),
        keyword: params.optionalString('Keyword'),
        worksType: params.optionalString('WorksType'),
        // "为空默认选 1" / "为空默认选 10".
        pageNo: params.optionalInt('PageNo') ?? 1,
        pageSize: params.optionalInt('PageSize') ?? 10,
      }),
  },
  ListPortalMenus: {
    versions: V2022,
    run: (params, ctx) =>
      portalMenus(
        ctx.state,
        params.requiredString('DataPortalId'),
        params.optionalString('UserId'),
      ),
  },
};
