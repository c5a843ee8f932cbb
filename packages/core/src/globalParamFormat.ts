import type { GlobalParam, GlobalParamCondition, GlobalParamItem } from './globalParam.js';

// Apart from the parser (globalParamText.ts), which throws QuickBIEmbedError: the status view
// formats, and must not pull the error class into an app's first chunk (esbuild splitting).

/** One condition as people read it: `price > 0`, `product_type in 办公用品, 家具产品`. */
export function formatGlobalParamItem(item: GlobalParamItem): string {
  return item.conditionList
    .map(
      (c: GlobalParamCondition) =>
        `${item.paramKey} ${c.operate} ${Array.isArray(c.value) ? c.value.join(', ') : c.value}`,
    )
    .join(' and ');
}

/** Every item, joined with `; ` (conditions are ANDed; Quick BI has no OR). */
export function formatGlobalParam(param: GlobalParam | null | undefined): string {
  return (param ?? []).map(formatGlobalParamItem).join('; ');
}
