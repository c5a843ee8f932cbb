/**
 * An ad hoc analysis (即席分析) page: Quick BI's query builder — a field list, the row and value
 * shelves, and the result grid of the current query (sales and quantity by region and product type).
 */
import { escapeHtml } from '../escape.js';
import { roundCents } from '../sampleData.js';
import type { OrderRow } from '../sampleData.js';
import { formatAmount } from './format.js';

const DIMENSIONS = ['region', 'product_type', 'order_date'];
const MEASURES = ['sales', 'quantity', 'price'];

function fieldList(): string {
  const item = (field: string, kind: string) =>
    `<li data-testid="field" data-field="${field}" data-kind="${kind}">${field}</li>`;
  return (
    `<aside class="qb-fields" data-testid="field-list"><h2>字段 / Fields</h2>` +
    `<h3>维度 / Dimensions</h3><ul>${DIMENSIONS.map((f) => item(f, 'dimension')).join('')}</ul>` +
    `<h3>度量 / Measures</h3><ul>${MEASURES.map((f) => item(f, 'measure')).join('')}</ul></aside>`
  );
}

function shelf(name: string, label: string, fields: string[]): string {
  const chips = fields.map((f) => `<span class="chip" data-field="${f}">${f}</span>`).join('');
  return `<div class="qb-shelf" data-testid="shelf" data-shelf="${name}"><span>${label}</span>${chips}</div>`;
}

function resultGrid(rows: readonly OrderRow[]): string {
  const groups = new Map<
    string,
    { region: string; type: string; sales: number; quantity: number }
  >();
  for (const row of rows) {
    const key = `${row.region}\u0000${row.product_type}`;
    const group = groups.get(key) ?? {
      region: row.region,
      type: row.product_type,
      sales: 0,
      quantity: 0,
    };
    group.sales += row.sales;
    group.quantity += row.quantity;
    groups.set(key, group);
  }
  const body = [...groups.values()]
    .sort((a, b) => a.region.localeCompare(b.region) || a.type.localeCompare(b.type))
    .map(
      (g) =>
        `<tr data-testid="result-row"><td>${escapeHtml(g.region)}</td><td>${escapeHtml(g.type)}</td>` +
        `<td data-field="sales">${escapeHtml(formatAmount(roundCents(g.sales)))}</td>` +
        `<td data-field="quantity">${g.quantity}</td></tr>`,
    )
    .join('');
  return (
    `<table class="data-table" data-testid="query-result"><thead><tr><th>region</th><th>product_type</th>` +
    `<th>sales</th><th>quantity</th></tr></thead><tbody>${body}</tbody></table>`
  );
}

export function queryBuilder(rows: readonly OrderRow[]): string {
  return (
    `<div class="query-builder" data-testid="query-builder">${fieldList()}` +
    `<div class="qb-main">${shelf('rows', '行 / Rows', ['region', 'product_type'])}` +
    `${shelf('values', '值 / Values', ['sales', 'quantity'])}` +
    `<div class="toolbar"><span>查询结果 / Result · ${rows.length} source rows</span>` +
    `<button type="button" data-testid="run-query" disabled>查询 / Run query</button></div>` +
    `${resultGrid(rows)}</div></div>`
  );
}
