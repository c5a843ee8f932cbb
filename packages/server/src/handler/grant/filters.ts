/**
 * Host-chosen filters. The browser may ask to NARROW what it sees by picking values of a global
 * parameter the policy names as choosable; it can never widen. Quick BI's only secure filter
 * channel is the ticket's GlobalParam (URL parameters cannot filter: help.aliyun.com
 * document_detail/706606), and it ANDs every condition (no OR: spec §4.3), so the merged ticket
 * carries the policy's own conditions plus the chosen ones. A request that names a parameter the
 * policy does not offer, a value outside what the policy allows, or anything malformed is refused
 * with FILTER_NOT_ALLOWED before any upstream call.
 */
import { ERROR_STATUS, QuickBIEmbedError } from '@quickbi-embed/core';
import type { GlobalParam, GlobalParamItem } from '@quickbi-embed/core';

/** What the browser may choose for one global parameter. */
export interface ChoosableFilter {
  /** The values the user may pick from; omitted = any value (the policy's own conditions still apply). */
  values?: readonly string[];
  /** At most this many values in one request. Default 100. */
  maxValues?: number;
}

/** `paramKey` → what may be chosen. Decided by the app's `authorize`, per user. */
export type ChoosableFilters = Readonly<Record<string, ChoosableFilter>>;

/** One filter as the browser sends it: a global parameter and the values to keep. */
export interface RequestedFilter {
  paramKey: string;
  values: string[];
}

const MAX_FILTERS = 20;
const MAX_VALUE_LENGTH = 256;
const DEFAULT_MAX_VALUES = 100;

function refuse(message: string): QuickBIEmbedError {
  return new QuickBIEmbedError({
    code: 'FILTER_NOT_ALLOWED',
    status: ERROR_STATUS.FILTER_NOT_ALLOWED,
    message,
  });
}

/** Untrusted JSON from the browser → well-formed filters, or FILTER_NOT_ALLOWED. */
export function parseRequestedFilters(input: unknown): RequestedFilter[] {
  if (input === undefined || input === null) return [];
  if (!Array.isArray(input) || input.length > MAX_FILTERS) {
    throw refuse(`filters must be an array of at most ${MAX_FILTERS} items`);
  }
  return input.map((item: unknown) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw refuse('each filter must be { paramKey, values }');
    }
    const { paramKey, values, ...rest } = item as Record<string, unknown>;
    if (Object.keys(rest).length > 0) throw refuse('each filter must be { paramKey, values }');
    if (typeof paramKey !== 'string' || !/^[A-Za-z0-9_]{1,50}$/.test(paramKey)) {
      throw refuse('paramKey must be 1-50 letters, digits or _');
    }
    if (
      !Array.isArray(values) ||
      values.length === 0 ||
      !values.every((v) => typeof v === 'string' && v.length > 0 && v.length <= MAX_VALUE_LENGTH)
    ) {
      throw refuse(`filter ${paramKey}: values must be 1 or more non-empty strings`);
    }
    return { paramKey, values: values as string[] };
  });
}

/** The values the policy's own conditions already confine a parameter to (`=` / `in`), if any. */
function policyConfines(
  globalParam: GlobalParam | undefined,
  paramKey: string,
): Set<string> | null {
  let allowed = null as Set<string> | null;
  for (const item of globalParam ?? []) {
    if (item.paramKey !== paramKey) continue;
    for (const condition of item.conditionList) {
      if (condition.operate !== '=' && condition.operate !== 'in') continue;
      const values = new Set(Array.isArray(condition.value) ? condition.value : [condition.value]);
      const previous: Set<string> | null = allowed;
      allowed = previous === null ? values : new Set([...previous].filter((v) => values.has(v)));
    }
  }
  return allowed;
}

/**
 * The GlobalParam to mint: the policy's conditions, then one `in` condition per chosen filter,
 * in a canonical order (same choice, same ticket grant). Throws FILTER_NOT_ALLOWED on any filter
 * the policy does not offer or any value that would reach past what the policy allows.
 */
export function mergeFilters(
  policyGlobalParam: GlobalParam | undefined,
  choosable: ChoosableFilters | undefined,
  requested: readonly RequestedFilter[],
): GlobalParam | undefined {
  if (requested.length === 0) return policyGlobalParam;
  const seen = new Set<string>();
  const chosen: GlobalParamItem[] = [];
  for (const filter of requested) {
    const rule =
      choosable && Object.hasOwn(choosable, filter.paramKey)
        ? choosable[filter.paramKey]
        : undefined;
    if (!rule) throw refuse(`filter ${filter.paramKey} is not one this user may choose`);
    if (seen.has(filter.paramKey)) throw refuse(`filter ${filter.paramKey} is given twice`);
    seen.add(filter.paramKey);
    const values = [...new Set(filter.values)].sort();
    if (values.length > (rule.maxValues ?? DEFAULT_MAX_VALUES)) {
      throw refuse(`filter ${filter.paramKey} has too many values`);
    }
    if (rule.values && !values.every((v) => rule.values?.includes(v))) {
      throw refuse(`filter ${filter.paramKey} asks for a value this user may not choose`);
    }
    const confined = policyConfines(policyGlobalParam, filter.paramKey);
    if (confined && !values.every((v) => confined.has(v))) {
      throw refuse(`filter ${filter.paramKey} would widen the policy's own condition`);
    }
    chosen.push({
      paramKey: filter.paramKey,
      joinType: 'and',
      conditionList: [{ operate: 'in', value: values }],
    });
  }
  chosen.sort((a, b) => (a.paramKey < b.paramKey ? -1 : a.paramKey > b.paramKey ? 1 : 0));
  return [...(policyGlobalParam ?? []), ...chosen];
}
