/**
 * The script inlined into every embed page. It speaks the one documented postMessage channel
 * (spec §5): `{height, pageId}` to the parent on load and whenever the height changes, and the same
 * message in answer to `{getDashboardHeight: true}`. No other messages: Quick BI documents none for
 * plain iframes. When configured it also polls the refresh endpoint so an expired credential shows.
 * Plain browser JavaScript in a string, so no build step can change it.
 */
export const PAGE_SCRIPT = `(function () {
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
