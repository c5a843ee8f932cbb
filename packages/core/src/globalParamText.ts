import { QuickBIEmbedError } from './errors.js';
import type { GlobalParam, GlobalParamItem } from './globalParam.js';

const bad = (message: string) =>
  new QuickBIEmbedError({ code: 'BAD_REQUEST', status: 400, message });

const LIST_OPERATORS = new Set(['in', 'not-in', 'between']);

function parseReadable(text: string): GlobalParam {
  const items = new Map<string, GlobalParamItem>();
  for (const clause of text.split(/;|\n|\band\b/)) {
    const trimmed = clause.trim();
    if (!trimmed) continue;
    const match = /^([A-Za-z0-9_]+)\s+(\S+)\s+(.*)$/s.exec(trimmed);
    if (!match) throw bad(`Cannot read global parameter condition "${trimmed}"`);
    const [, paramKey = '', operate = '', raw = ''] = match;
    const value = LIST_OPERATORS.has(operate) ? raw.split(',').map((v) => v.trim()) : raw.trim();
    const item = items.get(paramKey) ?? { paramKey, joinType: 'and' as const, conditionList: [] };
    item.conditionList.push({ operate, value });
    items.set(paramKey, item);
  }
  return [...items.values()];
}

function checkWire(value: unknown): GlobalParam {
  // Quick BI rejects an object ("exepct '['") and expects string values (spec §4.3).
  if (!Array.isArray(value)) throw bad('GlobalParam must be a JSON array');
  for (const item of value as Partial<GlobalParamItem>[]) {
    if (
      typeof item?.paramKey !== 'string' ||
      !/^[A-Za-z0-9_]{1,50}$/.test(item.paramKey) ||
      !Array.isArray(item.conditionList) ||
      !item.conditionList.every(
        (c) =>
          typeof c?.operate === 'string' &&
          (typeof c.value === 'string' ||
            (Array.isArray(c.value) && c.value.every((v) => typeof v === 'string'))),
      )
    )
      throw bad('GlobalParam items need a paramKey (letters, digits, _) and string conditions');
    if (item.joinType !== undefined && item.joinType !== 'and')
      throw bad('GlobalParam supports only joinType "and"');
  }
  return (value as GlobalParamItem[]).map((item) => ({ ...item, joinType: 'and' }));
}

/**
 * Reads a global parameter: Quick BI's wire JSON (`[{"paramKey":…}]`), an already parsed array,
 * or the readable form `formatGlobalParam` writes. Throws a `BAD_REQUEST` QuickBIEmbedError.
 */
export function parseGlobalParam(input: string | unknown[]): GlobalParam {
  if (typeof input !== 'string') return checkWire(input);
  const text = input.trim();
  if (!text.startsWith('[')) return parseReadable(text);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw bad('GlobalParam is not valid JSON');
  }
  return checkWire(json);
}
