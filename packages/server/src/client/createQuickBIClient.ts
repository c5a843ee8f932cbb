import type { QuickBIRegion } from '@quickbi-embed/core';
import type { QuickBILogger } from '../logger.js';
import type {
  CreateEmbedTokenInput,
  CreateTicketInput,
  CreateTicketResult,
  DelayEmbedTokenInput,
  DelayTicketExpireTimeInput,
  EmbedTokenInfo,
  EmbedTokenRef,
  EmbedTokenResult,
  QuickBITicketInfo,
  TicketRef,
  UpdateEmbeddedStatusInput,
  UpdateTicketNumInput,
  WorksRef,
} from './clientTypes.js';
import * as embed from './embedActions.js';
import type {
  CreateCopilotTicketInput,
  EmbeddedInfo,
  ListPortalMenusInput,
  PortalMenu,
  WorksEmbedListInput,
  WorksEmbedListPage,
} from './embedActionTypes.js';
import type { AccessKeyCredentials, CredentialsProvider } from './credentials.js';
import { resolveEndpoint } from './endpoint.js';
import { parseTimeZoneOffset, DEFAULT_QUICKBI_TIME_ZONE } from './parseInvalidTime.js';
import {
  parseEmbedToken,
  parseEmbedTokenInfo,
  parseTicketInfo,
  resultString,
  toBoolean,
  toInteger,
} from './parseResults.js';
import { resolveRetry } from './retry.js';
import type { RetryOptions } from './retry.js';
import { createRpcTransport, DEFAULT_MAX_QUERY_BYTES } from './rpcTransport.js';
import type { RpcResult } from './rpcTransport.js';
import type { SignatureVersion } from './signRequest.js';

/** API versions per action family (spec §1): tokens are 2021-03-25, tickets 2022-01-01. */
export const TOKEN_API_VERSION = '2021-03-25';
export const TICKET_API_VERSION = '2022-01-01';

export interface QuickBIClientOptions {
  accessKeyId?: string;
  accessKeySecret?: string;
  securityToken?: string;
  /** Instead of the three above: fixed credentials, or a provider called before each call. */
  credentials?: AccessKeyCredentials | CredentialsProvider;
  /** A region from the site table (core's `QUICKBI_SITES`). */
  region?: QuickBIRegion;
  /** A host (`quickbi-public.aliyuncs.com`, https assumed) or a full URL (`http://127.0.0.1:9100`). */
  endpoint?: string;
  /**
   * Origin of the embed pages (`https://bi.aliyun.com`). Default: the region's documented one;
   * required for regions without one (Tokyo, Virginia, Riyadh, finance cloud) and custom endpoints.
   */
  reportOrigin?: string;
  fetch?: typeof globalThis.fetch;
  /** Per attempt. Default 10 000 ms (Quick BI's own default timeout). */
  timeoutMs?: number;
  /** Backoff on throttling, 5xx and network errors; `false` disables. */
  retry?: RetryOptions | false;
  /** Default `'v3'` (ACS3-HMAC-SHA256); `'v1'` is RPC HMAC-SHA1. */
  signatureVersion?: SignatureVersion;
  /**
   * A call whose encoded parameters exceed this many bytes sends them in an
   * `application/x-www-form-urlencoded` body instead of the query (both signature versions), so
   * a row filter listing thousands of values is not refused as an over-long URL. Default 4096
   * (see `DEFAULT_MAX_QUERY_BYTES`); 0 sends every call's parameters in the body.
   */
  maxQueryBytes?: number;
  /**
   * Zone in which Quick BI's zone-less times (`InvalidTime`, `RegisterTime`) are read. Default
   * `+08:00`. Quick BI does not document it: treat parsed times as informational.
   */
  timeZone?: string;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  logger?: QuickBILogger;
}

export interface QuickBIClient {
  /** Origin of the OpenAPI endpoint. */
  readonly endpoint: string;
  readonly region: QuickBIRegion | undefined;
  /** The site's report origin when known from the region table. */
  readonly reportOrigin: string | undefined;
  readonly timeZone: string;
  /** Any RPC action, signed and retried; params use Quick BI's wire names. */
  call(
    action: string,
    version: string,
    params?: Record<string, string | number | boolean | undefined>,
  ): Promise<RpcResult>;
  createEmbedToken(input: CreateEmbedTokenInput): Promise<EmbedTokenResult>;
  delayEmbedToken(input: DelayEmbedTokenInput): Promise<boolean>;
  queryEmbedTokenInfo(input: EmbedTokenRef): Promise<EmbedTokenInfo>;
  deleteEmbedToken(input: EmbedTokenRef): Promise<boolean>;
  createTicket(input: CreateTicketInput): Promise<CreateTicketResult>;
  queryTicketInfo(input: TicketRef): Promise<QuickBITicketInfo>;
  updateTicketNum(input: UpdateTicketNumInput): Promise<boolean>;
  delayTicketExpireTime(input: DelayTicketExpireTimeInput): Promise<boolean>;
  deleteTicket(input: TicketRef): Promise<boolean>;
  queryEmbeddedStatus(input: WorksRef): Promise<boolean>;
  updateEmbeddedStatus(input: UpdateEmbeddedStatusInput): Promise<number>;
  /** CreateTicket4Copilot: a Smart Q embed ticket. */
  createCopilotTicket(input: CreateCopilotTicketInput): Promise<CreateTicketResult>;
  /** QueryEmbeddedInfo: the embedding quota and its use. */
  queryEmbeddedInfo(): Promise<EmbeddedInfo>;
  /** GetWorksEmbedList: one page of the organisation's embedded works. */
  getWorksEmbedList(input?: WorksEmbedListInput): Promise<WorksEmbedListPage>;
  /** ListPortalMenus: a data portal's menu tree (for one user when `userId` is given). */
  listPortalMenus(input: ListPortalMenusInput): Promise<{ menus: PortalMenu[]; requestId: string }>;
}

function credentialsSource(options: QuickBIClientOptions): CredentialsProvider {
  const given = options.credentials;
  if (typeof given === 'function') return given;
  const fixed = given ?? {
    accessKeyId: options.accessKeyId as string,
    accessKeySecret: options.accessKeySecret as string,
    ...(options.securityToken ? { securityToken: options.securityToken } : {}),
  };
  // Checked per call by the transport (lazily): creating the client never throws for a missing key.
  return () => fixed;
}

function checkedMaxQueryBytes(value: number | undefined): number {
  if (value === undefined) return DEFAULT_MAX_QUERY_BYTES;
  if (!(Number.isInteger(value) && value >= 0))
    throw new TypeError(`maxQueryBytes must be an integer >= 0, got ${JSON.stringify(value)}`);
  return value;
}

/**
 * A signed Quick BI OpenAPI client on Web Crypto and fetch (Node, edge runtimes). The secret lives
 * only in a closure: it is not a property, so `JSON.stringify`, `toString` and `util.inspect` of the
 * client cannot reveal it.
 */
export function createQuickBIClient(options: QuickBIClientOptions): QuickBIClient {
  const site = resolveEndpoint(options.region, options.endpoint, options.reportOrigin);
  const timeZone = options.timeZone ?? DEFAULT_QUICKBI_TIME_ZONE;
  parseTimeZoneOffset(timeZone);
  const transport = createRpcTransport({
    origin: site.origin,
    credentials: credentialsSource(options),
    fetch: options.fetch ?? ((...args) => globalThis.fetch(...args)),
    timeoutMs: options.timeoutMs ?? 10_000,
    retry: resolveRetry(options.retry),
    signatureVersion: options.signatureVersion ?? 'v3',
    maxQueryBytes: checkedMaxQueryBytes(options.maxQueryBytes),
    now: options.now ?? Date.now,
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const token = (action: string, params: Record<string, string | number | boolean | undefined>) =>
    transport(action, TOKEN_API_VERSION, params);
  const ticket = (action: string, params: Record<string, string | number | boolean | undefined>) =>
    transport(action, TICKET_API_VERSION, params);

  const client: QuickBIClient = {
    endpoint: site.origin,
    region: site.region,
    reportOrigin: site.reportOrigin,
    timeZone,
    call: (action, version, params = {}) => transport(action, version, params),

    async createEmbedToken(input) {
      const answer = await token('CreateEmbedToken', {
        WorksId: input.worksId,
        UserId: input.userId,
        AccountName: input.accountName,
        AccountType: input.accountType,
        ExpireMin: input.expireMinutes,
      });
      return parseEmbedToken(answer, timeZone);
    },
    async delayEmbedToken(input) {
      const answer = await token('DelayEmbedToken', {
        Token: input.accessToken,
        ExpireMin: input.expireMinutes,
      });
      return toBoolean(answer.result);
    },
    async queryEmbedTokenInfo(input) {
      const answer = await token('QueryEmbedTokenInfo', { Token: input.accessToken });
      return parseEmbedTokenInfo(answer, input.accessToken, timeZone);
    },
    async deleteEmbedToken(input) {
      return toBoolean((await token('DeleteEmbedToken', { Token: input.accessToken })).result);
    },

    async createTicket(input) {
      const answer = await ticket('CreateTicket', {
        WorksId: input.worksId,
        CmptId: input.cmptId,
        TicketNum: input.ticketNum,
        UserId: input.userId,
        AccountName: input.accountName,
        AccountType: input.accountType,
        ExpireTime: input.expireMinutes,
        WatermarkParam: input.watermark,
        GlobalParam: input.globalParam
          ? // Compact JSON: Quick BI mishandles spaces in GlobalParam (spec §4.3, §8).
            JSON.stringify(input.globalParam)
          : undefined,
      });
      return {
        ticket: resultString(answer, 'CreateTicket', 'a ticket'),
        requestId: answer.requestId,
      };
    },
    async queryTicketInfo(input) {
      const answer = await ticket('QueryTicketInfo', { Ticket: input.ticket });
      return parseTicketInfo(answer, input.ticket, timeZone);
    },
    async updateTicketNum(input) {
      const answer = await ticket('UpdateTicketNum', {
        Ticket: input.ticket,
        TicketNum: input.ticketNum,
      });
      return toBoolean(answer.result);
    },
    async delayTicketExpireTime(input) {
      const answer = await ticket('DelayTicketExpireTime', {
        Ticket: input.ticket,
        ExpireTime: input.expireMinutes,
      });
      return toBoolean(answer.result);
    },
    async deleteTicket(input) {
      return toBoolean((await ticket('DeleteTicket', { Ticket: input.ticket })).result);
    },
    async queryEmbeddedStatus(input) {
      return toBoolean((await ticket('QueryEmbeddedStatus', { WorksId: input.worksId })).result);
    },
    async updateEmbeddedStatus(input) {
      const answer = await ticket('UpdateEmbeddedStatus', {
        WorksId: Array.isArray(input.worksId) ? input.worksId.join(',') : input.worksId,
        ThirdPartAuthFlag: input.enabled,
      });
      return toInteger(answer.result) ?? 0;
    },
    createCopilotTicket: (input) => embed.createCopilotTicket(transport, input),
    queryEmbeddedInfo: () => embed.queryEmbeddedInfo(transport),
    getWorksEmbedList: (input) => embed.getWorksEmbedList(transport, input),
    listPortalMenus: (input) => embed.listPortalMenus(transport, input),
  };
  const description = `QuickBIClient(${site.origin})`;
  Object.defineProperties(client, {
    toString: { value: () => description },
    toJSON: { value: () => ({ endpoint: site.origin, region: site.region }) },
    [Symbol.for('nodejs.util.inspect.custom')]: { value: () => description },
  });
  return Object.freeze(client);
}
