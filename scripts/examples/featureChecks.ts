// The Chromium checks of the vite-express app's further claims: host-chosen filters (a picker
// re-embeds with a narrower ticket; a value the policy does not offer is FILTER_NOT_ALLOWED), the
// framework-free page (mountQuickBIReport, no React loaded) and sign-out revoking the user's tickets.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Emulator } from '@quickbi-embed/emulator';
import { until } from '../../test-support/until.js';

type Report = (label: string, ok: boolean, detail?: string) => void;

async function signIn(context: BrowserContext, base: string, user: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${base}/login?user=${user}`);
  return page;
}

/** The rows of the first report iframe once it shows some, and the ticket in its src. */
async function shownReport(page: Page) {
  const report = page.frameLocator('iframe').first();
  await report.getByTestId('row').first().waitFor({ state: 'visible', timeout: 20_000 });
  const src = (await page.locator('iframe').first().getAttribute('src')) ?? '';
  return {
    report,
    rows: await report.getByTestId('row').allInnerTexts(),
    src,
    ticket: new URL(src).searchParams.get('accessTicket') ?? '',
  };
}

/** Runs one check; a throw (a timeout) is that check's failure, not the end of the others. */
async function check(report: Report, label: string, run: () => Promise<[boolean, string]>) {
  try {
    const [ok, detail] = await run();
    report(label, ok, detail);
  } catch (error) {
    report(label, false, String(error).slice(0, 300));
  }
}

/** `base`: the app at 127.0.0.1 or behind the Host-rewriting proxy (run once for each). */
export async function checkFeatures(
  browser: Browser,
  emulator: Emulator,
  base: string,
  report: Report,
): Promise<void> {
  const alice = await browser.newContext();
  const bob = await browser.newContext();
  try {
    const page = await signIn(alice, base, 'alice');

    await check(report, 'product type picker re-embeds with a narrower ticket', async () => {
      const all = await shownReport(page);
      await page.getByLabel('Product type').selectOption('家具产品');
      // The iframe may be mid-navigation when read: wait for the new ticket's narrowed rows.
      const narrowed = await until(
        () =>
          shownReport(page)
            .then(({ rows, ticket }) => ({ rows, ticket }))
            .catch(() => undefined),
        (shown) =>
          shown !== undefined &&
          shown.ticket !== all.ticket &&
          shown.rows.every((row) => row.includes('家具产品')),
        'the report to re-embed with a new ticket and only 家具产品 rows',
      );
      const rows = narrowed!.rows;
      const ok =
        rows.length > 0 &&
        rows.length < all.rows.length &&
        rows.every((row) => row.includes('家具产品') && row.includes('华东'));
      return [ok, `rows ${all.rows.length} → ${rows.length}, new ticket`];
    });

    await check(
      report,
      'a product type the policy does not offer is FILTER_NOT_ALLOWED',
      async () => {
        await page.getByLabel('Product type').selectOption('技术产品');
        const alert = page.locator('[role="alert"][data-code]').first();
        await alert.waitFor({ state: 'visible', timeout: 20_000 });
        const code = await alert.getAttribute('data-code');
        return [code === 'FILTER_NOT_ALLOWED', `data-code ${code}`];
      },
    );

    await check(report, 'framework-free page (mountQuickBIReport) renders, no React', async () => {
      const plain = await alice.newPage();
      const scripts: Promise<string>[] = [];
      plain.on('response', (response) => {
        if (response.request().resourceType() === 'script') scripts.push(response.text());
      });
      await plain.goto(`${base}/plain.html`);
      const { rows } = await shownReport(plain);
      // React's element marker is in every React build; the plain page must not download it.
      const react = (await Promise.all(scripts)).some((code) =>
        code.includes('react.transitional.element'),
      );
      await plain.close();
      const ok = rows.length > 0 && rows.every((row) => row.includes('华东')) && !react;
      return [ok, `${rows.length} rows, ${scripts.length} scripts, React loaded ${react}`];
    });

    // Sign-out revokes: alice's ticket stops loading, bob's open report keeps refreshing.
    await page.getByLabel('Product type').selectOption('');
    const { ticket, src } = await shownReport(page);
    const bobPage = await signIn(bob, base, 'bob');
    const bobReport = await shownReport(bobPage);
    // The POST's answer comes once the revoke is done.
    await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/logout'),
      page.getByRole('button', { name: 'Sign out' }).click(),
    ]);

    await check(report, 'after sign-out the user’s ticket no longer loads', async () => {
      const stale = await alice.newPage();
      await stale.goto(src);
      const error = stale.locator('[data-error-code]').first();
      await error.waitFor({ state: 'visible', timeout: 10_000 });
      const code = await error.getAttribute('data-error-code');
      const rows = await stale.getByTestId('row').count();
      await stale.close();
      // Signed in again, the old ticket is no longer theirs to inspect or renew.
      await page.goto(`${base}/login?user=alice`);
      const info = await page.request.post(`${base}/api/quickbi/ticket/info`, {
        headers: { 'content-type': 'application/json', 'x-quickbi-embed-contract': '1' },
        data: { ticket },
      });
      const ok = code !== null && rows === 0 && info.status() === 403;
      return [ok, `Quick BI error ${code}, rows ${rows}, ticket/info HTTP ${info.status()}`];
    });

    await check(report, 'another user’s open report is untouched by the sign-out', async () => {
      const count = () =>
        bobReport.report
          .getByTestId('refresh-count')
          .textContent()
          .then((t) => Number(/\d+/.exec(t ?? '')?.[0] ?? 0));
      const before = await count();
      await until(count, (n) => n > before, 'bob’s report to refresh after the sign-out');
      const errors = await bobReport.report.locator('[data-error-code]').count();
      const rows = await bobReport.report.getByTestId('row').allInnerTexts();
      const uses = (emulator.stats().ticketUses as Record<string, number>)[bobReport.ticket];
      const ok = errors === 0 && rows.length > 0 && rows.every((row) => row.includes('华北'));
      return [ok, `errors ${errors}, ${rows.length} rows, ticket uses ${uses}`];
    });
  } finally {
    await alice.close();
    await bob.close();
  }
}
