/**
 * A data entry form (数据填报) page: the form itself (outside the refreshed report body, so a
 * refresh never wipes what the user typed) and the rows entered so far (the sample data).
 * Submitting adds the row to this page only: the emulator stores no entered data.
 */
import { escapeHtml } from '../escape.js';
import { REGIONS } from '../sampleData.js';
import type { OrderRow } from '../sampleData.js';
import { table } from './components.js';

const PRODUCT_TYPES = ['办公用品', '家具产品', '技术产品'];

const options = (values: readonly string[]) =>
  values.map((v) => `<option value="${escapeHtml(v)}">${escapeHtml(v)}</option>`).join('');

export function entryForm(): string {
  return (
    `<form class="card entry-form" data-testid="entry-form" novalidate>` +
    `<h2>填报 / New entry</h2>` +
    `<label>region <select name="region" required>${options(REGIONS)}</select></label>` +
    `<label>product_type <select name="product_type" required>${options(PRODUCT_TYPES)}</select></label>` +
    `<label>price <input name="price" type="number" min="0" step="0.01" required></label>` +
    `<label>quantity <input name="quantity" type="number" min="1" step="1" required></label>` +
    `<label>order_date <input name="order_date" type="date" required></label>` +
    `<button type="submit" data-testid="submit-entry">提交 / Submit</button>` +
    `<p class="entry-status" data-testid="entry-status" aria-live="polite"></p></form>`
  );
}

export function submittedRows(rows: readonly OrderRow[]): string {
  return `<section class="card"><h2>已填报 / Entered rows (${rows.length})</h2>${table(rows)}</section>`;
}
