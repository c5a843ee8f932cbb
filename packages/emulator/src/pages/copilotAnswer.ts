/**
 * The emulator's Smart Q (智能小Q): answers a question about the sample orders by picking the
 * measure, the filters and the grouping the question names. Good enough to show an answer from
 * the data; it is not Quick BI's language model.
 */
import { totalsOf } from './render/aggregate.js';
import { REGIONS, roundCents, SAMPLE_ROWS } from './sampleData.js';
import type { OrderRow } from './sampleData.js';

export interface CopilotAnswer {
  question: string;
  measure: 'sales' | 'orders' | 'quantity';
  filters: string[];
  groupBy: 'region' | 'product_type' | null;
  /** One row per group, or one row `{ label: 'total' }`. */
  rows: Array<{ label: string; value: number }>;
  text: string;
}

const PRODUCT_TYPES = ['办公用品', '家具产品', '技术产品'];

function measureOf(q: string): CopilotAnswer['measure'] {
  if (/订单数|多少单|orders?\b|how many orders/i.test(q)) return 'orders';
  if (/数量|quantity|units/i.test(q)) return 'quantity';
  return 'sales';
}

function groupOf(q: string): CopilotAnswer['groupBy'] {
  if (/各区域|每个区域|按区域|by region|per region|each region/i.test(q)) return 'region';
  if (/各产品|按产品|by product|per product/i.test(q)) return 'product_type';
  return null;
}

function value(rows: readonly OrderRow[], measure: CopilotAnswer['measure']): number {
  const totals = totalsOf(rows);
  return measure === 'orders'
    ? totals.orders
    : measure === 'quantity'
      ? totals.quantity
      : totals.sales;
}

const LABELS = { sales: '销售额 / sales', orders: '订单数 / orders', quantity: '数量 / quantity' };

export function answerQuestion(
  question: string,
  data: readonly OrderRow[] = SAMPLE_ROWS,
): CopilotAnswer {
  const q = question.trim();
  const regions = REGIONS.filter((r) => q.includes(r));
  const types = PRODUCT_TYPES.filter((t) => q.includes(t));
  const rows = data.filter(
    (r) =>
      (regions.length === 0 || regions.includes(r.region as (typeof REGIONS)[number])) &&
      (types.length === 0 || types.includes(r.product_type)),
  );
  const measure = measureOf(q);
  const groupBy = groupOf(q);
  const filters = [...regions, ...types];
  let result: CopilotAnswer['rows'];
  if (groupBy === null) {
    result = [{ label: 'total', value: value(rows, measure) }];
  } else {
    const keys = [...new Set(rows.map((r) => r[groupBy]))];
    result = keys.map((key) => ({
      label: key,
      value: roundCents(
        value(
          rows.filter((r) => r[groupBy] === key),
          measure,
        ),
      ),
    }));
  }
  const scope = filters.length ? filters.join(' · ') : '全部 / all';
  const text =
    groupBy === null
      ? `${scope} ${LABELS[measure]}: ${result[0]?.value ?? 0}`
      : `${scope} ${LABELS[measure]} by ${groupBy}: ` +
        result.map((r) => `${r.label} ${r.value}`).join(', ');
  return { question: q, measure, filters, groupBy, rows: result, text };
}
