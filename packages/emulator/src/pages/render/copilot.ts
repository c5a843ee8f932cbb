/** A Smart Q (智能小Q) page: the question box (outside the refreshed body) and its data range. */
import { escapeHtml } from '../escape.js';
import { ORDER_FIELDS } from '../sampleData.js';
import type { OrderRow } from '../sampleData.js';

export function copilotBox(): string {
  return (
    `<section class="card copilot" data-testid="copilot">` +
    `<h2>智能小Q / Smart Q</h2>` +
    `<ol class="copilot-log" data-testid="copilot-log"></ol>` +
    `<form data-testid="copilot-form"><input name="q" data-testid="copilot-question" ` +
    `placeholder="问一个问题,例如:华东的销售额是多少? / Ask, e.g. sales by region" autocomplete="off">` +
    `<button type="submit" data-testid="copilot-ask">提问 / Ask</button></form></section>`
  );
}

export function copilotRange(rows: readonly OrderRow[]): string {
  const fields = ORDER_FIELDS.map((f) => `<code>${escapeHtml(f)}</code>`).join(' ');
  return (
    `<section class="card" data-testid="copilot-range"><h2>数据范围 / Data range</h2>` +
    `<p>orders · ${rows.length} rows · ${fields}</p></section>`
  );
}
