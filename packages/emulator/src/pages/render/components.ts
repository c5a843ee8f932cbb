/** The sample report's building blocks: KPI, table, bar chart, spreadsheet grid, filter caption. */
import { escapeHtml } from '../escape.js';
import { describeCondition } from '../globalParam.js';
import type { GlobalParamCondition } from '../globalParam.js';
import { ORDER_FIELDS } from '../sampleData.js';
import type { OrderField, OrderRow } from '../sampleData.js';
import { salesByRegion } from './aggregate.js';
import { formatAmount } from './format.js';

const FIELD_LABELS: Record<OrderField, string> = {
  region: '区域',
  product_type: '产品类型',
  price: '单价',
  quantity: '数量',
  order_date: '订单日期',
  sales: '销售额',
};

function cellText(row: OrderRow, field: OrderField): string {
  const value = row[field];
  return typeof value === 'number' && field !== 'quantity' ? formatAmount(value) : String(value);
}

export function kpi(name: string, label: string, value: number, decimals = 2): string {
  return (
    `<div class="kpi" data-testid="kpi" data-kpi="${escapeHtml(name)}" data-value="${value}">` +
    `<div class="kpi-label">${escapeHtml(label)}</div>` +
    `<div class="kpi-value">${escapeHtml(formatAmount(value, decimals))}</div></div>`
  );
}

const EMPTY_ROW = (columns: number) =>
  `<tr class="empty"><td colspan="${columns}">无数据 / No data</td></tr>`;

export function table(rows: readonly OrderRow[]): string {
  const head = ORDER_FIELDS.map(
    (field) =>
      `<th data-field="${field}">${escapeHtml(FIELD_LABELS[field])}<small>${field}</small></th>`,
  ).join('');
  const body = rows.length
    ? rows
        .map(
          (row) =>
            `<tr data-testid="row">${ORDER_FIELDS.map(
              (field) => `<td data-field="${field}">${escapeHtml(cellText(row, field))}</td>`,
            ).join('')}</tr>`,
        )
        .join('')
    : EMPTY_ROW(ORDER_FIELDS.length);
  return `<table class="data-table" data-testid="table"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

/** Column letters like a spreadsheet: A, B, ... */
function columnName(index: number): string {
  return String.fromCharCode('A'.charCodeAt(0) + index);
}

export function spreadsheet(rows: readonly OrderRow[]): string {
  const letters = ORDER_FIELDS.map((_, index) => `<th>${columnName(index)}</th>`).join('');
  const header = ORDER_FIELDS.map((field) => `<td class="header-cell">${field}</td>`).join('');
  const body = rows
    .map(
      (row, index) =>
        `<tr data-testid="row"><th>${index + 2}</th>${ORDER_FIELDS.map(
          (field) => `<td data-field="${field}">${escapeHtml(cellText(row, field))}</td>`,
        ).join('')}</tr>`,
    )
    .join('');
  return (
    `<table class="sheet" data-testid="sheet"><thead><tr><th></th>${letters}</tr></thead>` +
    `<tbody><tr><th>1</th>${header}</tr>${body || EMPTY_ROW(ORDER_FIELDS.length + 1)}</tbody></table>`
  );
}

const CHART = { width: 520, height: 240, top: 24, bottom: 32, left: 16, right: 16 };

export function barChart(rows: readonly OrderRow[]): string {
  const data = salesByRegion(rows);
  const max = Math.max(1, ...data.map((item) => item.sales));
  const plotHeight = CHART.height - CHART.top - CHART.bottom;
  const slot = (CHART.width - CHART.left - CHART.right) / Math.max(1, data.length);
  const barWidth = Math.min(64, slot * 0.6);
  const bars = data
    .map((item, index) => {
      const height = Math.round((item.sales / max) * plotHeight);
      const x = Math.round(CHART.left + slot * index + (slot - barWidth) / 2);
      const y = CHART.top + plotHeight - height;
      const centre = Math.round(x + barWidth / 2);
      const region = escapeHtml(item.region);
      return (
        `<rect class="bar" data-testid="bar" data-region="${region}" data-value="${item.sales}" ` +
        `x="${x}" y="${y}" width="${Math.round(barWidth)}" height="${height}"><title>${region} ${escapeHtml(formatAmount(item.sales))}</title></rect>` +
        `<text class="bar-value" x="${centre}" y="${y - 6}" text-anchor="middle">${escapeHtml(formatAmount(item.sales, 0))}</text>` +
        `<text class="bar-label" x="${centre}" y="${CHART.height - 10}" text-anchor="middle">${region}</text>`
      );
    })
    .join('');
  return (
    `<svg class="chart" data-testid="chart" role="img" aria-label="销售额 by region" ` +
    `viewBox="0 0 ${CHART.width} ${CHART.height}" width="${CHART.width}" height="${CHART.height}">` +
    `<line class="axis" x1="${CHART.left}" x2="${CHART.width - CHART.right}" y1="${CHART.top + plotHeight}" y2="${CHART.top + plotHeight}"/>` +
    `${bars}</svg>`
  );
}

export function filterCaption(conditions: readonly GlobalParamCondition[]): string {
  if (conditions.length === 0) return '';
  const items = conditions
    .map((condition) => `<li>${escapeHtml(describeCondition(condition))}</li>`)
    .join('');
  return `<div class="filters" data-testid="filters"><span>全局参数 / Filters:</span><ul>${items}</ul></div>`;
}

export function section(title: string, body: string, attributes = ''): string {
  return `<section class="card"${attributes}><h2>${escapeHtml(title)}</h2>${body}</section>`;
}
