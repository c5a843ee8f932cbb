/** What every action shares: its context, version lists, limits and the user selector. */
import type { ApiVersion, ResolvedOptions } from '../options.js';
import type { EmulatorState, UserSelector } from '../state/emulatorState.js';
import { quickbi } from '../errors/apiError.js';
import type { Params } from './params.js';

export interface ActionContext {
  state: EmulatorState;
  options: ResolvedOptions;
}

export interface ActionDefinition {
  /** API versions that publish this action. */
  versions: readonly ApiVersion[];
  run(params: Params, ctx: ActionContext): unknown;
}

export const TICKET_MAX = 99_999;
export const UPDATE_TICKET_MAX = 99_998;
export const WATERMARK_MAX = 50;
// The older SDKs (python/java `v20210325`) also publish the ticket actions under 2021-03-25.
export const BOTH: readonly ApiVersion[] = ['2021-03-25', '2022-01-01'];
export const V2021: readonly ApiVersion[] = ['2021-03-25'];
export const V2022: readonly ApiVersion[] = ['2022-01-01'];

const ACCOUNT_TYPES = new Set([1, 3, 4, 5, 6, 9, 10]);

export function userSelector(params: Params): UserSelector {
  const userId = params.optionalString('UserId');
  const accountName = params.optionalString('AccountName');
  const accountType = params.optionalInt('AccountType');
  if (accountType !== undefined && !ACCOUNT_TYPES.has(accountType)) {
    throw quickbi.invalidParameter('AccountType');
  }
  // The seed page: "若accountName不为空,则accountType不能为空".
  if (userId === undefined && accountName !== undefined && accountType === undefined) {
    throw quickbi.invalidParameter('AccountType');
  }
  return { userId, accountName, accountType };
}

/** An expiry in minutes, default 240, within [min, max] (max: the `maxExpireMinutes` option). */
export function expireMinutes(
  params: Params,
  name: string,
  ctx: ActionContext,
  min = 1,
  max = ctx.options.maxExpireMinutes,
): number {
  const value = params.optionalInt(name) ?? 240;
  if (value < min || value > max) throw quickbi.invalidParameter(name);
  return value;
}
