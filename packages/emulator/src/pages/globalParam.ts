/**
 * The ticket's GlobalParam applied to the sample rows (spec §4.3): a JSON array of
 * `{paramKey, joinType: 'and', conditionList: [{operate, value}]}`. Every condition of every
 * parameter is ANDed (Quick BI supports no OR). Values are strings; `in`, `not-in` and `between`
 * take arrays of strings.
 */
import { PageError } from './pageError.js';
import { NUMERIC_FIELDS, ORDER_FIELDS } from './sampleData.js';
import type { OrderField, OrderRow } from './sampleData.js';

export const OPERATORS = [
  '=',
  '!=',
  '>',
  '>=',
  '<',
  '<=',
  'in',
  'not-in',
  'like',
  'contain',
  'start-with',
  'end-with',
  'between',
] as const;

export type Operator = (typeof OPERATORS)[number];

export interface GlobalParamCondition {
  paramKey: string;
  operate: Operator;
  /** A string, or an array of strings for `in`, `not-in` and `between`. */
  value: string | string[];
}

/** Quick BI's page-side text when a paramKey is not a global parameter of the report. */
export const UNKNOWN_PARAM_KEY_TEXT = '全局参数配置在报表组件中不存在';

/**
 * Not a documented Quick BI code: Quick BI shows only the text above. The emulator needs some code
 * for `data-error-code`, so it names the condition plainly.
 */
export const UNKNOWN_PARAM_KEY_CODE = 'GlobalParam.Config.NotExist';

export class GlobalParamError extends PageError {
  constructor(code: string, message: string) {
    super(code, message);
    this.name = 'GlobalParamError';
  }
}

const ARRAY_OPERATORS: ReadonlySet<Operator> = new Set<Operator>(['in', 'not-in', 'between']);

function invalid(detail: string): GlobalParamError {
  return new GlobalParamError('Invalid.Parameter.Error', `The parameter is invalid:${detail}`);
}

function isOperator(value: unknown): value is Operator {
  return typeof value === 'string' && (OPERATORS as readonly string[]).includes(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Validates the GlobalParam shape and flattens it into ANDed conditions. */
export function parseGlobalParam(globalParam: unknown): GlobalParamCondition[] {
  if (globalParam === null || globalParam === undefined) return [];
  if (!Array.isArray(globalParam)) throw invalid("exepct '['");
  const conditions: GlobalParamCondition[] = [];
  for (const param of globalParam) {
    if (!isRecord(param) || typeof param.paramKey !== 'string' || param.paramKey === '') {
      throw invalid('GlobalParam.paramKey');
    }
    const { paramKey, joinType, conditionList } = param;
    if (
      joinType !== undefined &&
      (typeof joinType !== 'string' || joinType.toLowerCase() !== 'and')
    ) {
      throw invalid(`GlobalParam.joinType ${String(joinType)}`);
    }
    if (!Array.isArray(conditionList)) throw invalid('GlobalParam.conditionList');
    for (const condition of conditionList) {
      if (!isRecord(condition) || !isOperator(condition.operate)) {
        throw invalid(
          `GlobalParam.operate ${String(isRecord(condition) ? condition.operate : '')}`,
        );
      }
      const { operate, value } = condition;
      if (ARRAY_OPERATORS.has(operate)) {
        if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
          throw invalid(`GlobalParam.value of ${operate} must be an array of strings`);
        }
        if (operate === 'between' && value.length !== 2) {
          throw invalid('GlobalParam.value of between must have two items');
        }
        conditions.push({ paramKey, operate, value: [...(value as string[])] });
      } else {
        if (typeof value !== 'string') {
          throw invalid(`GlobalParam.value of ${operate} must be a string`);
        }
        conditions.push({ paramKey, operate, value });
      }
    }
  }
  return conditions;
}

function isField(key: string): key is OrderField {
  return (ORDER_FIELDS as readonly string[]).includes(key);
}

function toNumber(paramKey: string, value: string): number {
  const number = value.trim() === '' ? Number.NaN : Number(value);
  if (!Number.isFinite(number)) throw invalid(`GlobalParam.value ${value} of ${paramKey}`);
  return number;
}

type Predicate = (row: OrderRow) => boolean;

function compile(condition: GlobalParamCondition, field: OrderField): Predicate {
  const { operate, value, paramKey } = condition;
  const numeric = NUMERIC_FIELDS.has(field);
  // Numbers compare as numbers; strings (dates included, being yyyy-MM-dd) compare by code unit.
  const operand = (raw: string): number | string => (numeric ? toNumber(paramKey, raw) : raw);
  const read = (row: OrderRow): number | string => row[field];
  const list = Array.isArray(value) ? value.map(operand) : [];
  const single = Array.isArray(value) ? '' : value;
  switch (operate) {
    case '=': {
      const v = operand(single);
      return (row) => read(row) === v;
    }
    case '!=': {
      const v = operand(single);
      return (row) => read(row) !== v;
    }
    case '>': {
      const v = operand(single);
      return (row) => read(row) > v;
    }
    case '>=': {
      const v = operand(single);
      return (row) => read(row) >= v;
    }
    case '<': {
      const v = operand(single);
      return (row) => read(row) < v;
    }
    case '<=': {
      const v = operand(single);
      return (row) => read(row) <= v;
    }
    case 'in':
      return (row) => list.includes(read(row));
    case 'not-in':
      return (row) => !list.includes(read(row));
    case 'between': {
      const [low, high] = list as [number | string, number | string];
      return (row) => read(row) >= low && read(row) <= high;
    }
    // Quick BI turns these into SQL LIKE patterns; on text that is a substring/prefix/suffix test.
    case 'like':
    case 'contain':
      return (row) => String(read(row)).includes(single);
    case 'start-with':
      return (row) => String(read(row)).startsWith(single);
    case 'end-with':
      return (row) => String(read(row)).endsWith(single);
  }
}

/**
 * Filters rows by a GlobalParam. `allowedKeys` are the report's global parameters
 * (`works.globalParamKeys`): any other paramKey fails with Quick BI's text. Without it, every
 * dataset field is allowed. A key the report defines but the sample dataset lacks filters nothing.
 */
export function applyGlobalParam(
  rows: readonly OrderRow[],
  globalParam: unknown,
  allowedKeys?: readonly string[],
): OrderRow[] {
  const conditions = parseGlobalParam(globalParam);
  const predicates: Predicate[] = [];
  for (const condition of conditions) {
    const allowed = allowedKeys
      ? allowedKeys.includes(condition.paramKey)
      : isField(condition.paramKey);
    if (!allowed) throw new GlobalParamError(UNKNOWN_PARAM_KEY_CODE, UNKNOWN_PARAM_KEY_TEXT);
    if (isField(condition.paramKey)) predicates.push(compile(condition, condition.paramKey));
  }
  return rows.filter((row) => predicates.every((matches) => matches(row)));
}

/** A short human-readable line per condition, for the page's filter caption. */
export function describeCondition(condition: GlobalParamCondition): string {
  const value = Array.isArray(condition.value)
    ? condition.operate === 'between'
      ? condition.value.join(' ~ ')
      : `[${condition.value.join(', ')}]`
    : condition.value;
  return `${condition.paramKey} ${condition.operate} ${value}`;
}
