import type { ApiVersion } from '../options.js';
import type { TicketRecord, TokenRecord } from '../state/records.js';
import {
  BOTH,
  UPDATE_TICKET_MAX,
  WATERMARK_MAX,
  expireMinutes,
  TICKET_MAX,
  userSelector,
  V2021,
  V2022,
  type ActionContext,
  type ActionDefinition,
} from './actionHelpers.js';
import { quickbi } from '../errors/apiError.js';
import { EMBED_ACTIONS } from './embedActions.js';
import type { Params } from './params.js';

export type { ActionContext, ActionDefinition } from './actionHelpers.js';

function globalParam(params: Params): string | undefined {
  const raw = params.optionalString('GlobalParam');
  if (raw === undefined) return undefined;
  if (!raw.trimStart().startsWith('[')) throw quickbi.globalParamNotArray();
  try {
    if (!Array.isArray(JSON.parse(raw))) throw new Error('not an array');
  } catch {
    throw quickbi.invalidParameter('GlobalParam');
  }
  return raw;
}

function ticketInfo(t: TicketRecord, ctx: ActionContext) {
  return {
    AccessTicket: t.ticket,
    CmptId: t.cmptId ?? '',
    GlobalParam: t.globalParam ?? '',
    InvalidTime: ctx.state.format(t.expiresAt),
    MaxTicketNum: t.maxTicketNum,
    OrganizationId: t.organizationId,
    RegisterTime: ctx.state.format(t.registeredAt),
    UsedTicketNum: t.usedTicketNum,
    UserId: t.userId,
    WatermarkParam: t.watermark ?? '',
    WorksId: t.worksId,
  };
}

function tokenInfo(t: TokenRecord, ctx: ActionContext) {
  return {
    AccessToken: t.token,
    // `TokeType` (sic) is the documented field name; always 4.
    TokeType: 4,
    InvalidTime: ctx.state.format(t.expiresAt),
    RegisterTime: ctx.state.format(t.registeredAt),
  };
}

export const ACTIONS: Readonly<Record<string, ActionDefinition>> = {
  CreateTicket: {
    versions: BOTH,
    run(params, ctx) {
      const worksId = params.requiredString('WorksId');
      const ticketNum = params.optionalInt('TicketNum') ?? 1;
      if (ticketNum < 1 || ticketNum > TICKET_MAX) throw quickbi.ticketNumExceed(String(ticketNum));
      const watermark = params.optionalString('WatermarkParam');
      if (watermark !== undefined && [...watermark].length > WATERMARK_MAX) {
        throw quickbi.invalidParameter('WatermarkParam');
      }
      const record = ctx.state.createTicket({
        worksId,
        cmptId: params.optionalString('CmptId'),
        ticketNum,
        expireMinutes: expireMinutes(params, 'ExpireTime', ctx),
        watermark,
        globalParam: globalParam(params),
        ...userSelector(params),
      });
      return record.ticket;
    },
  },
  QueryTicketInfo: {
    versions: BOTH,
    run: (params, ctx) => ticketInfo(ctx.state.ticket(params.requiredString('Ticket')), ctx),
  },
  UpdateTicketNum: {
    versions: BOTH,
    run(params, ctx) {
      const ticket = params.requiredString('Ticket');
      const ticketNum = params.requiredInt('TicketNum');
      if (ticketNum < 1 || ticketNum > UPDATE_TICKET_MAX) {
        throw quickbi.ticketNumExceed(String(ticketNum));
      }
      ctx.state.updateTicketNum(ticket, ticketNum);
      return true;
    },
  },
  DelayTicketExpireTime: {
    versions: BOTH,
    run(params, ctx) {
      const ticket = params.requiredString('Ticket');
      const minutes = params.requiredInt('ExpireTime');
      if (minutes < 0 || minutes > ctx.options.maxExpireMinutes) {
        throw quickbi.invalidParameter('ExpireTime');
      }
      ctx.state.delayTicket(ticket, minutes);
      return true;
    },
  },
  DeleteTicket: {
    versions: BOTH,
    run(params, ctx) {
      ctx.state.deleteTicket(params.requiredString('Ticket'));
      return true;
    },
  },
  QueryEmbeddedStatus: {
    versions: V2022,
    run: (params, ctx) => ctx.state.embeddedStatus(params.requiredString('WorksId')),
  },
  UpdateEmbeddedStatus: {
    versions: V2022,
    run(params, ctx) {
      const ids = params
        .requiredString('WorksId')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      return ctx.state.setEmbeddedStatus(ids, params.requiredBoolean('ThirdPartAuthFlag'));
    },
  },
  CreateEmbedToken: {
    versions: V2021,
    run(params, ctx) {
      const record = ctx.state.createToken({
        worksId: params.requiredString('WorksId'),
        expireMinutes: expireMinutes(params, 'ExpireMin', ctx),
        ...userSelector(params),
      });
      return tokenInfo(record, ctx);
    },
  },
  DelayEmbedToken: {
    versions: V2021,
    run(params, ctx) {
      const token = params.requiredString('Token');
      ctx.state.delayToken(token, expireMinutes(params, 'ExpireMin', ctx));
      return true;
    },
  },
  QueryEmbedTokenInfo: {
    versions: V2021,
    run: (params, ctx) =>
      tokenInfo(ctx.state.requireLiveToken(params.requiredString('Token')), ctx),
  },
  DeleteEmbedToken: {
    versions: V2021,
    run(params, ctx) {
      ctx.state.deleteToken(params.requiredString('Token'));
      return true;
    },
  },
  ...EMBED_ACTIONS,
};

export const API_VERSIONS: readonly ApiVersion[] = ['2021-03-25', '2022-01-01'];
