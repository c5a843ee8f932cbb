/** Quick BI's own error text inside the page; the code is kept in `data-error-code` for tests. */
import { escapeHtml } from '../escape.js';

export function errorView(code: string, message: string): string {
  return (
    `<div class="qbi-error" data-testid="error" data-error-code="${escapeHtml(code)}">` +
    `<div class="qbi-error-icon" aria-hidden="true">!</div>` +
    `<p class="qbi-error-text">${escapeHtml(message)}</p></div>`
  );
}
