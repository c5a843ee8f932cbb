/**
 * The scripts inlined into the embed pages, in two independent parts. Plain browser JavaScript in
 * strings, so no build step can change them; both read the page's `#qbi-page-config`.
 *
 * - HEIGHT_SCRIPT speaks the one documented postMessage channel (spec §5): `{height, pageId}` to
 *   the parent on load and whenever the height changes, and the same message in answer to
 *   `{getDashboardHeight: true}`. No other messages: Quick BI documents none for plain iframes.
 *   Which pages carry it is the `postHeightOn` option (see `speaksHeight`): by default only a
 *   dashboard's report page, the one page Quick BI documents the message for.
 * - REFRESH_SCRIPT polls the refresh endpoint (when configured) so an expired credential shows.
 *   Every report page carries it, whatever `postHeightOn` says.
 */

import type { EmulatorWorksType } from '../../model/organization.js';

import type { PostHeightOn } from '../../model/unconfirmed.js';

export { POST_HEIGHT_ON, type PostHeightOn } from '../../model/unconfirmed.js';

/**
 * Whether a page speaks the height channel: `'dashboards'` (Quick BI's documented behaviour) only a
 * dashboard's report page (a single `cmptId` component included); `'reports'` every works type's
 * report page; `'all'` Quick BI's error pages too. A page is an error page (`null`) when it loaded
 * with an error; a report page whose credential expires while open keeps the script it loaded with.
 */
export function speaksHeight(postHeightOn: PostHeightOn, worksType: EmulatorWorksType | null) {
  if (worksType === null) return postHeightOn === 'all';
  return postHeightOn !== 'dashboards' || worksType === 'dashboard';
}

export const HEIGHT_SCRIPT = `(function () {
  'use strict';
  var config = JSON.parse(document.getElementById('qbi-page-config').textContent);
  var root = document.getElementById('qbi-root');
  var lastHeight = -1;

  function height() {
    return Math.ceil(root.getBoundingClientRect().height);
  }
  function postHeight() {
    if (window.parent === window) return;
    lastHeight = height();
    window.parent.postMessage({ height: lastHeight, pageId: config.pageId }, '*');
  }
  function postIfChanged() {
    if (height() !== lastHeight) postHeight();
  }

  window.addEventListener('message', function (event) {
    var data = event.data;
    if (data && typeof data === 'object' && data.getDashboardHeight === true) postHeight();
  });
  if (typeof ResizeObserver === 'function') new ResizeObserver(postIfChanged).observe(root);
  if (document.readyState === 'complete') postHeight();
  else window.addEventListener('load', postHeight);
})();`;

export const REFRESH_SCRIPT = `(function () {
  'use strict';
  var config = JSON.parse(document.getElementById('qbi-page-config').textContent);
  var root = document.getElementById('qbi-root');

  if (!config.viewId || !(config.refreshIntervalMs > 0)) return;
  var refreshes = 0;
  function showError(html) {
    root.innerHTML = html;
    root.setAttribute('data-page-state', 'error');
    var watermark = document.querySelector('[data-testid="watermark"]');
    if (watermark) watermark.remove();
  }
  function refresh() {
    var url = config.refreshUrl + (window.__qbiMenuId ? '&menuId=' + encodeURIComponent(window.__qbiMenuId) : '');
    fetch(url, { cache: 'no-store', credentials: 'same-origin' })
      .then(function (response) { return response.json(); })
      .then(function (body) {
        if (!body.ok) return showError(body.html);
        document.getElementById('qbi-report').innerHTML = body.html;
        refreshes += 1;
        document.querySelector('[data-testid="refresh-count"]').textContent = String(refreshes);
        var at = document.querySelector('[data-testid="last-refreshed"]');
        at.textContent = body.refreshedAt;
        at.setAttribute('data-epoch-ms', String(body.refreshedAtMs));
        schedule();
      }, schedule);
  }
  function schedule() {
    setTimeout(refresh, config.refreshIntervalMs);
  }
  schedule();
})();`;
