/**
 * The one-command demo, end to end: `pnpm start` (emulator + server adapter + demo page), opened
 * in Debian's Chromium. Checks the dashboard inside the report iframe, then moves time past the
 * credential's original expiry and checks the report lives on without reloading.
 *
 * Time moves for the whole demo world at once: the emulator's clock (which the demo server also
 * reads) through its control API, and the browser's through Playwright's clock. No sleeps: every
 * wait polls a condition with a bound.
 */
import { mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../test-support/chromium.js';
import { defaultRenewalMargin, type TicketInfo } from '@quickbi-embed/core';
import { freePort, startDemo, type DemoProcess } from './demoProcess.js';
import { until } from '../test-support/until.js';

const root = fileURLToPath(new URL('..', import.meta.url));
// expect.poll gives up after 1 s by default: too short for a browser on a loaded CI machine.
const POLL = { timeout: 15_000 };

let demo: DemoProcess;
let port: number;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  port = await freePort();
  demo = await startDemo(root, port);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

async function emulator<T>(path: string, body?: object): Promise<T> {
  const response = await fetch(new URL(`/__emulator/${path}`, demo.emulatorUrl), {
    method: body ? 'POST' : 'GET',
    ...(body
      ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }
      : {}),
  });
  expect(response.ok, `emulator ${path}: HTTP ${response.status}`).toBe(true);
  return (await response.json()) as T;
}

async function ticketInfo(ticket: string): Promise<TicketInfo> {
  const response = await fetch(new URL('/api/quickbi/ticket/info', demo.url), {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-quickbi-embed-contract': '1',
      'x-demo-user': 'alice',
    },
    body: JSON.stringify({ ticket }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as TicketInfo;
}

/** Moves the emulator's clock (and so the demo server's) and the browser's by the same amount. */
async function advanceTime(ms: number) {
  await emulator('clock', { advanceMs: ms });
  await page.clock.fastForward(ms);
}

test('the demo shows the dashboard in its iframe and keeps it alive past expiry', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1900 } });
  page = await context.newPage();
  await page.clock.install();

  const started = performance.now();
  const credentialMs = page
    .waitForResponse((r) => new URL(r.url()).pathname === '/api/quickbi/ticket')
    .then(() => performance.now() - started);
  await page.goto(demo.url);
  const report = page.frameLocator('[data-testid="dashboard"] iframe');
  await report.getByTestId('row').first().waitFor({ state: 'visible', timeout: 30_000 });
  const firstPaintMs = performance.now() - started;
  console.log(
    `e2e: time to first report paint, cold ${firstPaintMs.toFixed(0)} ms ` +
      `(credential from the server after ${(await credentialMs).toFixed(0)} ms)`,
  );

  // Alice's policy: only 华东 rows, her watermark.
  const rows = await report.getByTestId('row').allInnerTexts();
  expect(rows.length).toBeGreaterThan(0);
  for (const row of rows) expect(row).toContain('华东');
  await expect
    .poll(() => report.getByTestId('watermark').first().textContent(), POLL)
    .toContain('alice@demo');

  const src = await page.locator('[data-testid="dashboard"] iframe').getAttribute('src');
  const ticket = new URL(src!).searchParams.get('accessTicket')!;
  expect(ticket).toBeTruthy();
  const original = await ticketInfo(ticket);
  const lifetime = original.expiresAt - original.serverNow;

  // Just past the moment the page should renew: the library renews the ticket in place.
  // Wait for the page's own renewal answer too, not only the server's record of it: jumping the
  // page's clock while that answer is still on its way through the dev server's proxy would time
  // the request out (the adapter's timeout runs on the page's clock) and the page would mint anew.
  const pageRenewed = page.waitForResponse(
    (r) =>
      new URL(r.url()).pathname === '/api/quickbi/ticket/renew' && r.request().method() === 'POST',
  );
  await advanceTime(lifetime - defaultRenewalMargin(lifetime) + 5_000);
  const renewed = await until(
    () => ticketInfo(ticket),
    (info) => info.expiresAt > original.expiresAt,
    'the page to renew its ticket',
  );
  expect(renewed.ticket).toBe(ticket);
  await (await pageRenewed).finished();

  // Now past the original expiry: without that renewal the report would show Quick BI's error.
  await advanceTime(original.expiresAt - renewed.serverNow + 60_000);
  const refreshCount = () =>
    report
      .getByTestId('refresh-count')
      .textContent()
      .then((t) => Number(/\d+/.exec(t ?? '')?.[0]));
  const before = await refreshCount();
  await until(refreshCount, (n) => n > before, 'the report to refresh after the original expiry');
  expect(await report.locator('[data-error-code]').count()).toBe(0);
  expect(await report.getByTestId('row').count()).toBe(rows.length);

  // One iframe load in all that time: the page's own counter and the emulator's per-ticket uses.
  await expect.poll(() => page.getByTestId('report-loads').textContent(), POLL).toBe('1');
  // And Quick BI said once that it showed the report (onLoad).
  expect(await page.getByTestId('report-shown').textContent()).toBe('1');
  const stats = await emulator<{ ticketUses: Record<string, number> }>('stats');
  expect(stats.ticketUses[ticket]).toBe(1);
  expect(await page.locator('[data-testid="dashboard"] iframe').getAttribute('src')).toBe(src);

  // Beside the test results, not over the README's docs/demo.png (copy it there to refresh it):
  // running the tests leaves the working tree as it was.
  mkdirSync(`${root}/.vitest-results`, { recursive: true });
  await page.screenshot({ path: `${root}/.vitest-results/demo.png` });
  await context.close();
});

test("switching to bob shows bob's rows and watermark", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const bobPage = await context.newPage();
  const started = performance.now();
  await bobPage.goto(demo.url);
  // The dev server has compiled the page by now: this is the figure a returning user sees.
  await bobPage
    .frameLocator('[data-testid="dashboard"] iframe')
    .getByTestId('row')
    .first()
    .waitFor({ state: 'visible', timeout: 30_000 });
  console.log(
    `e2e: time to first report paint, warm ${(performance.now() - started).toFixed(0)} ms`,
  );
  await bobPage.getByRole('button', { name: 'bob' }).click();
  const report = bobPage.frameLocator('[data-testid="dashboard"] iframe');
  // Bob's policy: 华北 rows of office supplies and furniture only, his watermark.
  await report.getByTestId('row').first().waitFor({ state: 'visible', timeout: 30_000 });
  const rows = await report.getByTestId('row').allInnerTexts();
  expect(rows.length).toBeGreaterThan(0);
  for (const row of rows) {
    expect(row).toContain('华北');
    expect(row).toMatch(/办公用品|家具产品/);
    expect(row).not.toContain('技术产品');
  }
  await expect
    .poll(() => report.getByTestId('watermark').first().textContent(), POLL)
    .toContain('bob@demo');
  // The choice survives a reload (the demo's cookie).
  await bobPage.reload();
  await expect
    .poll(() => bobPage.getByRole('button', { name: 'bob' }).getAttribute('aria-pressed'), POLL)
    .toBe('true');
  await context.close();
});

test('a request with no demo user is refused before reaching Quick BI', async () => {
  const before = await emulator<{ totalCalls: number }>('stats');
  const response = await fetch(new URL('/api/quickbi/ticket', demo.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-quickbi-embed-contract': '1' },
    body: JSON.stringify({ worksId: 'dash-sales-0001' }),
  });
  expect(response.status).toBe(403);
  expect(((await response.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN');
  expect((await emulator<{ totalCalls: number }>('stats')).totalCalls).toBe(before.totalCalls);
});

test('the demo stops cleanly and frees its port', async () => {
  await demo.stop();
  const refused = await new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
  expect(refused).toBe(true);
});
