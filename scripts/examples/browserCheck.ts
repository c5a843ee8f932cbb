// The Chromium checks of one running example app: the report renders inside the iframe, stays
// rendered past its ticket's original expiry with one iframe load, and renders behind a proxy.
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { defaultRenewalMargin } from '@quickbi-embed/core';
import type { TicketInfo } from '@quickbi-embed/core';
import type { Emulator } from '@quickbi-embed/emulator';
import { until } from '../../test-support/until.js';

export interface App {
  /** http://127.0.0.1:PORT */
  url: string;
  /** The same app behind a Host-rewriting proxy. */
  proxyUrl: string;
  /** Extra same-origin routes to call from the page (the Next example's edge route). */
  extraTicketRoutes?: string[];
  /** The page is server-rendered with a prefetched ticket (the Next example's RSC page). */
  prefetched?: boolean;
  /** A link that revalidates the page's route (React Router): its loader runs, nothing minted. */
  revalidateLink?: string;
}

type Report = (label: string, ok: boolean, detail?: string) => void;

async function openSignedIn(context: BrowserContext, base: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${base}/login?user=alice`);
  return page;
}

/** The report iframe and its rows, once visible. */
async function renderedReport(page: Page) {
  const frameElement = page.locator('iframe').first();
  await frameElement.waitFor({ state: 'attached', timeout: 30_000 });
  const report = page.frameLocator('iframe').first();
  await report.getByTestId('row').first().waitFor({ state: 'visible', timeout: 30_000 });
  const rows = await report.getByTestId('row').allInnerTexts();
  const src = (await frameElement.getAttribute('src')) ?? '';
  return { report, rows, src };
}

async function ticketInfo(page: Page, base: string, ticket: string): Promise<TicketInfo> {
  const answer = await page.request.post(`${base}/api/quickbi/ticket/info`, {
    headers: { 'content-type': 'application/json', 'x-quickbi-embed-contract': '1' },
    data: { ticket },
  });
  if (answer.status() !== 200)
    throw new Error(`ticket/info: HTTP ${answer.status()} ${(await answer.text()).slice(0, 200)}`);
  return (await answer.json()) as TicketInfo;
}

export async function checkApp(
  browser: Browser,
  emulator: Emulator,
  app: App,
  report: Report,
): Promise<void> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1400 } });
  try {
    const page = await context.newPage();
    await page.clock.install();
    let reportLoads = 0;
    page.on('framenavigated', (frame: Frame) => {
      if (frame !== page.mainFrame() && frame.url().startsWith(emulator.reportOrigin))
        reportLoads += 1;
    });
    const apiCalls: string[] = [];
    const loaderCalls: string[] = [];
    page.on('request', (request) => {
      const { pathname } = new URL(request.url());
      if (pathname.startsWith('/api/quickbi/')) apiCalls.push(pathname);
      // React Router's single fetch: a loader re-run from the browser is a GET of `*.data`.
      if (pathname.endsWith('.data')) loaderCalls.push(pathname);
    });
    await page.goto(`${app.url}/login?user=alice`);
    const { report: frame, rows, src } = await renderedReport(page);
    const regionOk = rows.length > 0 && rows.every((row) => row.includes('华东'));
    report('report renders in the iframe (alice’s rows only)', regionOk, `${rows.length} rows`);

    if (app.prefetched) {
      // Hydrated from the server's ticket: no call from the browser, no second CreateTicket, no
      // renewal, and the one use the server reserved is the one the iframe spent.
      const calls = emulator.stats().calls;
      report(
        'server-prefetched ticket hydrates without a browser call, renewal or extra ticket',
        apiCalls.length === 0 && calls.CreateTicket === 1 && !calls.DelayTicketExpireTime,
        `browser API calls [${apiCalls.join(', ')}], CreateTicket ${calls.CreateTicket}, ` +
          `DelayTicketExpireTime ${calls.DelayTicketExpireTime ?? 0}`,
      );
    }

    if (app.revalidateLink) {
      const created = emulator.stats().calls.CreateTicket;
      const link = page.getByRole('link', { name: app.revalidateLink });
      // Each navigation runs the route's loader again, which prefetches the report the page shows.
      // More of them than the ticket has uses (5): had each reserved a use, the last would mint.
      for (let i = 0; i < 6; i++) {
        const loaded = page.waitForResponse((r) => new URL(r.url()).pathname.endsWith('.data'));
        await (i % 2 === 0 ? link.click() : page.goBack());
        await loaded;
        // The router fetches loader data before it commits the new URL.
        await page.waitForURL((url) => url.search.includes('tab=') === (i % 2 === 0));
      }
      const rowsNow = await frame.getByTestId('row').count();
      report(
        'revalidating navigations run the loader, which mints and reserves nothing for the report the page holds (quickbi-held)',
        loaderCalls.length >= 6 &&
          emulator.stats().calls.CreateTicket === created &&
          reportLoads === 1 &&
          rowsNow === rows.length,
        `loader fetches ${loaderCalls.length}, CreateTicket ${created} → ` +
          `${emulator.stats().calls.CreateTicket}, iframe loads ${reportLoads}, rows ${rowsNow}`,
      );
    }

    // Before any clock move: an edge route runs in its own sandbox, whose Date is not the one
    // clockFollow.mjs moves.
    for (const route of app.extraTicketRoutes ?? []) {
      const answer = await page.evaluate(async (path) => {
        const response = await fetch(path, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-quickbi-embed-contract': '1' },
          body: JSON.stringify({ worksId: 'dash-sales-0001' }),
        });
        const body = (await response.json()) as { reportUrl?: string; error?: { code: string } };
        return { status: response.status, reportUrl: body.reportUrl, code: body.error?.code };
      }, route);
      report(
        `${route} answers a ticket from the page`,
        answer.status === 200 && Boolean(answer.reportUrl?.startsWith(emulator.reportOrigin)),
        `HTTP ${answer.status}${answer.code ? ` ${answer.code}` : ''}`,
      );
    }

    const ticket = new URL(src).searchParams.get('accessTicket') ?? '';
    // An edge route has its own store (documented): it refuses a ticket the Node page minted,
    // with the code that says so, rather than renewing what it cannot vouch for.
    for (const route of app.extraTicketRoutes ?? []) {
      const answer = await page.request.post(`${app.url}${route}/renew`, {
        headers: { 'content-type': 'application/json', 'x-quickbi-embed-contract': '1' },
        data: { ticket },
      });
      const code = ((await answer.json().catch(() => ({}))) as { error?: { code?: string } }).error
        ?.code;
      report(
        `${route}/renew refuses the Node page's ticket (its own store)`,
        answer.status() === 403 && code === 'TICKET_NOT_OWNED',
        `HTTP ${answer.status()} ${code ?? ''}`,
      );
    }
    const original = await ticketInfo(page, app.url, ticket);
    const lifetime = original.expiresAt - original.serverNow;
    const advance = async (ms: number) => {
      const before = emulator.now();
      emulator.advanceClock(ms);
      // The app server's clock follows the emulator's (clockFollow.mjs): wait until it has (until
      // then its signatures are outside the emulator's time window and calls fail).
      await until(
        () => ticketInfo(page, app.url, ticket).catch(() => undefined),
        (info) => info !== undefined && info.serverNow >= before + ms - 1_000,
        'the app clock to follow the emulator',
      );
      await page.clock.fastForward(ms);
    };
    // The page's own renewal answer, not only the server's record of it: jumping the page's clock
    // while that answer is still on its way (a slow dev proxy) would time the request out (the
    // adapter's 30 s timeout runs on the page's clock) and make the page mint a new ticket.
    const pageRenewed = page.waitForResponse(
      (r) => new URL(r.url()).pathname.endsWith('/ticket/renew') && r.request().method() === 'POST',
    );
    await advance(lifetime - defaultRenewalMargin(lifetime) + 5_000);
    const renewed = await until(
      () => ticketInfo(page, app.url, ticket),
      (info) => info.expiresAt > original.expiresAt,
      'the page to renew its ticket',
    );
    await (await pageRenewed).finished();
    await advance(original.expiresAt - renewed.serverNow + 60_000);
    const refreshCount = () =>
      frame
        .getByTestId('refresh-count')
        .textContent()
        .then((t) => Number(/\d+/.exec(t ?? '')?.[0]));
    const before = await refreshCount();
    await until(refreshCount, (n) => n > before, 'the report to refresh after the original expiry');
    const errors = await frame.locator('[data-error-code]').count();
    const rowsAfter = await frame.getByTestId('row').count();
    const srcAfter = await page.locator('iframe').first().getAttribute('src');
    const uses = (emulator.stats().ticketUses as Record<string, number>)[ticket];
    report(
      'stays rendered past the ticket’s original expiry, one iframe load',
      renewed.ticket === ticket &&
        errors === 0 &&
        rowsAfter === rows.length &&
        srcAfter === src &&
        uses === 1 &&
        reportLoads === 1,
      `renewed in place ${renewed.ticket === ticket}, errors ${errors}, rows ${rowsAfter}/${rows.length}, ` +
        `src unchanged ${srcAfter === src}, uses ${uses}, iframe loads ${reportLoads}`,
    );
    if (app.prefetched) {
      // The server-rendered HTML (no JavaScript run) already has the iframe and its ticket URL.
      const html = await (await page.request.get(`${app.url}/`)).text();
      const iframe = /<iframe[^>]*\ssrc="([^"]+)"/.exec(html)?.[1]?.replaceAll('&amp;', '&');
      report(
        'the iframe src is in the server-rendered HTML',
        Boolean(iframe?.startsWith(emulator.reportOrigin) && iframe.includes('accessTicket=')),
        iframe ? 'found' : 'no <iframe src> in the HTML',
      );
    }
  } finally {
    await context.close();
  }

  // Behind a proxy that rewrites Host: the app trusts it (X-Forwarded-Host), so its own page works.
  const proxied = await browser.newContext();
  try {
    const page = await openSignedIn(proxied, app.proxyUrl);
    const { rows } = await renderedReport(page);
    report('report renders behind a Host-rewriting proxy', rows.length > 0, `${rows.length} rows`);
  } finally {
    await proxied.close();
  }
}
