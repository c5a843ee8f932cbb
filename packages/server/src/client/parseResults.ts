import type {
  EmbedTokenInfo,
  EmbedTokenResult,
  QuickBITicketInfo,
  QuickBITime,
} from './clientTypes.js';
import { parseGlobalParam } from '@quickbi-embed/core';
import type { GlobalParam } from '@quickbi-embed/core';
import { tryParseInvalidTime } from './parseInvalidTime.js';
import { unexpectedResult } from './quickbiApiError.js';
import type { RpcResult } from './rpcTransport.js';

export function toBoolean(value: unknown): boolean {
  return value === true || value === 'true' || value === 1;
}

export function toInteger(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? Math.trunc(n) : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== ''
    ? value
    : typeof value === 'number'
      ? String(value)
      : undefined;
}

function time(value: unknown, timeZone: string): QuickBITime | undefined {
  const text = str(value);
  return text === undefined ? undefined : { text, epochMs: tryParseInvalidTime(text, timeZone) };
}

/** `answer.result` as an object, or a typed error naming the action. */
export function resultRecord(answer: RpcResult, action: string): Record<string, unknown> {
  const value = answer.result;
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw unexpectedResult(action, answer, 'a Result object', value);
  return value as Record<string, unknown>;
}

/** `answer.result` as a non-empty string (a ticket), or a typed error naming the action. */
export function resultString(answer: RpcResult, action: string, what: string): string {
  const value = answer.result;
  if (typeof value !== 'string' || value === '')
    throw unexpectedResult(action, answer, what, value);
  return value;
}

export function parseEmbedToken(answer: RpcResult, timeZone: string): EmbedTokenResult {
  const result = resultRecord(answer, 'CreateEmbedToken');
  const accessToken = str(result.AccessToken);
  if (!accessToken)
    throw unexpectedResult('CreateEmbedToken', answer, 'an AccessToken', result.AccessToken);
  return {
    accessToken,
    tokenType: toInteger(result.TokeType ?? result.TokenType),
    invalidTime: time(result.InvalidTime, timeZone),
    registerTime: time(result.RegisterTime, timeZone),
    requestId: answer.requestId,
  };
}

export function parseEmbedTokenInfo(
  answer: RpcResult,
  accessToken: string,
  timeZone: string,
): EmbedTokenInfo {
  const result = resultRecord(answer, 'QueryEmbedTokenInfo');
  return {
    accessToken: str(result.AccessToken) ?? accessToken,
    worksId: str(result.WorksId),
    userId: str(result.UserId),
    invalidTime: time(result.InvalidTime, timeZone),
    registerTime: time(result.RegisterTime, timeZone),
    raw: result,
    requestId: answer.requestId,
  };
}

function globalParamOrNull(value: unknown): GlobalParam | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  try {
    return parseGlobalParam(value);
  } catch {
    // Quick BI stored it, so it was valid there; an unreadable echo is shown as absent.
    return null;
  }
}

export function parseTicketInfo(
  answer: RpcResult,
  ticket: string,
  timeZone: string,
): QuickBITicketInfo {
  const result = resultRecord(answer, 'QueryTicketInfo');
  return {
    ticket: str(result.AccessTicket) ?? ticket,
    worksId: str(result.WorksId),
    cmptId: str(result.CmptId),
    userId: str(result.UserId),
    organizationId: str(result.OrganizationId),
    maxUses: toInteger(result.MaxTicketNum) ?? 0,
    usedUses: toInteger(result.UsedTicketNum) ?? 0,
    watermark: str(result.WatermarkParam) ?? null,
    globalParam: globalParamOrNull(result.GlobalParam),
    invalidTime: time(result.InvalidTime, timeZone),
    registerTime: time(result.RegisterTime, timeZone),
    requestId: answer.requestId,
  };
}
