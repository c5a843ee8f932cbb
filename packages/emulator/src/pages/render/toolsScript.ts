/**
 * The script for the interactive pages: the data entry form appends the entered row to this page,
 * Smart Q sends a question to the ask endpoint and shows the answer, portal menu clicks swap the
 * body through the view endpoint (no page load, so no ticket use). It tells the refresh script which
 * menu is current through `window.__qbiMenuId`. Plain browser JavaScript, like the page scripts (pageScript.ts).
 */
export const TOOLS_SCRIPT = `(function () {
  'use strict';
  var config = JSON.parse(document.getElementById('qbi-page-config').textContent);
  var report = document.getElementById('qbi-report');

  var form = document.querySelector('[data-testid="entry-form"]');
  if (form) form.addEventListener('submit', function (event) {
    event.preventDefault();
    var status = form.querySelector('[data-testid="entry-status"]');
    if (!form.checkValidity()) { status.textContent = '请填写完整 / Fill in every field'; return; }
    var data = new FormData(form);
    var row = document.createElement('tr');
    row.setAttribute('data-testid', 'row');
    row.setAttribute('data-entered', 'true');
    ['region', 'product_type', 'price', 'quantity', 'order_date'].forEach(function (name) {
      var cell = document.createElement('td');
      cell.setAttribute('data-field', name);
      cell.textContent = String(data.get(name));
      row.appendChild(cell);
    });
    var sales = document.createElement('td');
    sales.setAttribute('data-field', 'sales');
    sales.textContent = (Number(data.get('price')) * Number(data.get('quantity'))).toFixed(2);
    row.appendChild(sales);
    var body = report.querySelector('tbody');
    if (body) body.insertBefore(row, body.firstChild);
    status.textContent = '已提交 / Submitted';
    form.reset();
  });

  var ask = document.querySelector('[data-testid="copilot-form"]');
  if (ask && config.askUrl) ask.addEventListener('submit', function (event) {
    event.preventDefault();
    var input = ask.querySelector('[data-testid="copilot-question"]');
    var question = input.value.trim();
    if (!question) return;
    var log = document.querySelector('[data-testid="copilot-log"]');
    var item = document.createElement('li');
    item.setAttribute('data-testid', 'copilot-turn');
    var q = document.createElement('div');
    q.className = 'copilot-q';
    q.textContent = question;
    var a = document.createElement('div');
    a.setAttribute('data-testid', 'copilot-answer');
    a.textContent = '…';
    item.appendChild(q);
    item.appendChild(a);
    log.appendChild(item);
    input.value = '';
    fetch(config.askUrl + '&q=' + encodeURIComponent(question), { cache: 'no-store' })
      .then(function (response) { return response.json(); })
      .then(function (body) {
        if (!body.ok) { a.setAttribute('data-error-code', body.code); a.textContent = body.message; return; }
        a.textContent = body.answer.text;
        a.setAttribute('data-measure', body.answer.measure);
        a.setAttribute('data-value', String(body.answer.rows[0] ? body.answer.rows[0].value : ''));
      }, function () { a.textContent = 'Network error'; });
  });

  var nav = document.querySelector('[data-testid="portal-nav"]');
  var current = nav && nav.querySelector('[aria-current]');
  if (current) window.__qbiMenuId = current.getAttribute('data-menu-id');
  if (nav && config.viewUrl) nav.addEventListener('click', function (event) {
    var link = event.target.closest('[data-menu-id]');
    if (!link) return;
    event.preventDefault();
    var menuId = link.getAttribute('data-menu-id');
    fetch(config.viewUrl + '&menuId=' + encodeURIComponent(menuId), { cache: 'no-store' })
      .then(function (response) { return response.json(); })
      .then(function (body) {
        if (!body.ok) { report.innerHTML = body.html; return; }
        report.innerHTML = body.html;
        window.__qbiMenuId = menuId;
        nav.querySelectorAll('[aria-current]').forEach(function (el) { el.removeAttribute('aria-current'); });
        link.setAttribute('aria-current', 'page');
      });
  });
})();`;
