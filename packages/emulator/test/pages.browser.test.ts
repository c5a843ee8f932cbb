/**
 * The embed pages in real Chromium, served by createPageHandler over loopback HTTP with a small
 * fake PageBackend (the real state layer is exercised in pages.emulator.test.ts).
 */
import { launchChromium } from '../../../test-support/chromium.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_ROWS } from '../src/pages/index.js';
import { FakePageBackend, sampleWorks } from './pages/fakeBackend.js';
import { startHostServer, startPageServer } from './pages/servers.js';
import type { TestServer } from './pages/servers.js';

const WAIT = { timeout: 10_000 };
const REFRESH_MS = 100;
const HOUR = 3_600_000;
const totalSales = (rows: readonly { sales: number }[]) =>
  Math.round(rows.reduce((sum, row) => sum + row.sales, 0) * 100) / 100;

let browser: Browser;
let backend: FakePageBackend;
let reports: TestServer;
/** The same pages with `postHeightOn: 'reports'` and `'all'`. */
let reportsSpeak: TestServer;
let allSpeak: TestServer;
let host: TestServer;
const pages: Page[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  backend = new FakePageBackend();
  backend.addWorks(sampleWorks({ worksId: 'dash-1' }));
  backend.addWorks(
    sampleWorks({ worksId: 'dash-xss', name: '<img src=x onerror="window.pwned=1">Q&A' }),
  );
  backend.addWorks(sampleWorks({ worksId: 'book-1', name: 'Finance book', worksType: 'workbook' }));
  backend.addWorks(
    sampleWorks({ worksId: 'screen-1', name: 'Live screen', worksType: 'dataScreen' }),
  );
  backend.addWorks(
    sampleWorks({ worksId: 'offline-1', name: 'Export', worksType: 'selfServiceDownload' }),
  );
  reports = await startPageServer(backend, REFRESH_MS);
  reportsSpeak = await startPageServer(backend, REFRESH_MS, 'reports');
  allSpeak = await startPageServer(backend, REFRESH_MS, 'all');
  host = await startHostServer();
});

afterEach(async () => {
  await Promise.all(pages.splice(0).map((page) => page.context().close()));
});

afterAll(async () => {
  await browser?.close();
  await reports?.close();
  await reportsSpeak?.close();
  await allSpeak?.close();
  await host?.close();
});

let ticketCounter = 0;
function ticket(options: Partial<Parameters<FakePageBackend['addTicket']>[0]> = {}): string {
  ticketCounter += 1;
  return backend.addTicket({
    ticket: `t-${ticketCounter}`,
    worksId: 'dash-1',
    expiresAt: backend.clock + HOUR,
    ...options,
  });
}

async function newPage(): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  pages.push(page);
  return page;
}

async function open(path: string): Promise<{ page: Page; status: number | undefined }> {
  const page = await newPage();
  const response = await page.goto(`${reports.url}${path}`);
  return { page, status: response?.status() };
}

const rowCount = (page: Page) => page.locator('[data-testid="row"]').count();
const kpiValue = async (page: Page) =>
  Number(await page.locator('[data-testid="kpi"][data-kpi="sales"]').getAttribute('data-value'));

describe('dashboard page', () => {
  it('renders every sample row, the total-sales KPI and a bar per region', async () => {
    const t = ticket();
    const { page, status } = await open(
      `/token3rd/dashboard/view/pc.htm?pageId=dash-1&accessTicket=${t}`,
    );
    expect(status).toBe(200);
    expect(await page.title()).toBe('Sales overview');
    expect(await rowCount(page)).toBe(SAMPLE_ROWS.length);
    expect(await kpiValue(page)).toBeCloseTo(totalSales(SAMPLE_ROWS), 2);
    const regions = await page
      .locator('[data-testid="bar"]')
      .evaluateAll((bars) => bars.map((bar) => bar.getAttribute('data-region')));
    expect(regions).toEqual(['华东', '华北', '华南', '西南', '东北']);
    expect(await page.locator('[data-testid="watermark"]').count()).toBe(0);
    expect(await page.locator('[data-testid="filters"]').count()).toBe(0);
  });

  it('filters rows and the KPI by the ticket GlobalParam and shows the active filters', async () => {
    const t = ticket({
      globalParam: [
        {
          paramKey: 'region',
          joinType: 'and',
          conditionList: [{ operate: 'in', value: ['华东', '华北'] }],
        },
        { paramKey: 'price', joinType: 'and', conditionList: [{ operate: '>', value: '300' }] },
      ],
    });
    const { page } = await open(`/token3rd/dashboard/view/pc.htm?pageId=dash-1&accessTicket=${t}`);
    const expected = SAMPLE_ROWS.filter(
      (row) => (row.region === '华东' || row.region === '华北') && row.price > 300,
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(await rowCount(page)).toBe(expected.length);
    expect(await kpiValue(page)).toBeCloseTo(totalSales(expected), 2);
    expect(await kpiValue(page)).toBeLessThan(totalSales(SAMPLE_ROWS));
    const regionCells = await page
      .locator('[data-testid="row"] td[data-field="region"]')
      .allTextContents();
    expect(new Set(regionCells)).toEqual(new Set(['华东', '华北']));
    expect(await page.locator('[data-testid="bar"]').count()).toBe(2);
    const caption = await page.locator('[data-testid="filters"]').textContent();
    expect(caption).toContain('region in [华东, 华北]');
    expect(caption).toContain('price > 300');
  });

  it('tiles the watermark text over the page without catching clicks', async () => {
    const t = ticket({ watermark: 'alice@example 机密' });
    const { page } = await open(`/token3rd/dashboard/view/pc.htm?pageId=dash-1&accessTicket=${t}`);
    const overlay = page.locator('[data-testid="watermark"]');
    expect(await overlay.getAttribute('data-watermark-text')).toBe('alice@example 机密');
    const tiles = await overlay.locator('.wm-tile').allTextContents();
    expect(tiles.length).toBeGreaterThan(10);
    expect(new Set(tiles)).toEqual(new Set(['alice@example 机密']));
    expect(await overlay.evaluate((el) => getComputedStyle(el).pointerEvents)).toBe('none');
    expect(await overlay.isVisible()).toBe(true);
    // The element under the first table row is the row itself, not the overlay.
    const hit = await page.evaluate(() => {
      const row = document.querySelector('[data-testid="row"] td') as HTMLElement;
      const box = row.getBoundingClientRect();
      const el = document.elementFromPoint(box.left + 2, box.top + 2);
      return el?.closest('[data-testid="watermark"]') ? 'watermark' : el?.tagName;
    });
    expect(hit).toBe('TD');
  });

  it('escapes works names, watermarks and GlobalParam values', async () => {
    const t = ticket({
      worksId: 'dash-xss',
      watermark: '</div><script>window.pwned=2</script>',
      globalParam: [
        {
          paramKey: 'region',
          joinType: 'and',
          conditionList: [{ operate: '=', value: '<b id="injected">x</b>' }],
        },
      ],
    });
    const { page } = await open(
      `/token3rd/dashboard/view/pc.htm?pageId=dash-xss&accessTicket=${t}`,
    );
    expect(await page.title()).toBe('<img src=x onerror="window.pwned=1">Q&A');
    expect(await page.locator('[data-testid="title"]').textContent()).toBe(
      '<img src=x onerror="window.pwned=1">Q&A',
    );
    expect(await page.evaluate(() => (window as { pwned?: number }).pwned)).toBeUndefined();
    expect(await page.locator('img, #injected').count()).toBe(0);
    expect(await page.locator('[data-testid="filters"]').textContent()).toContain(
      'region = <b id="injected">x</b>',
    );
    expect(await page.locator('.wm-tile').first().textContent()).toBe(
      '</div><script>window.pwned=2</script>',
    );
    expect(await rowCount(page)).toBe(0);
  });

  it('with cmptId shows only that component', async () => {
    const chart = ticket({ uses: 3 });
    const { page } = await open(
      `/token3rd/dashboard/view/pc.htm?pageId=dash-1&accessTicket=${chart}&cmptId=cmpt-sales-chart`,
    );
    expect(await page.locator('[data-testid="component"]').getAttribute('data-cmpt-id')).toBe(
      'cmpt-sales-chart',
    );
    expect(await page.locator('[data-testid="bar"]').count()).toBe(5);
    expect(await rowCount(page)).toBe(0);
    expect(await page.locator('[data-testid="kpi"]').count()).toBe(0);

    const { page: kpiPage } = await open(
      `/token3rd/dashboard/view/pc.htm?pageId=dash-1&accessTicket=${chart}&cmptId=cmpt-sales-kpi`,
    );
    expect(await kpiPage.locator('[data-testid="kpi"]').count()).toBe(1);
    expect(await kpiPage.locator('[data-testid="bar"]').count()).toBe(0);

    const { page: tablePage } = await open(
      `/dashboard/view/pc.htm?pageId=dash-1&accessTicket=${chart}&cmptId=cmpt-sales-table&dd_orientation=auto`,
    );
    expect(await rowCount(tablePage)).toBe(SAMPLE_ROWS.length);
    expect(await tablePage.locator('[data-testid="kpi"], [data-testid="bar"]').count()).toBe(0);
  });

  it('an unknown cmptId shows the mismatch text', async () => {
    const t = ticket();
    const { page, status } = await open(
      `/token3rd/dashboard/view/pc.htm?pageId=dash-1&accessTicket=${t}&cmptId=cmpt-nope`,
    );
    expect(status).toBe(200);
    const error = page.locator('[data-testid="error"]');
    expect(await error.getAttribute('data-error-code')).toBe(
      'Authorize3rdTicket.BindedWorks.Mismatch',
    );
    expect(await error.textContent()).toContain(
      'The report bound by ticket mismatch the actual report',
    );
  });

  it('a paramKey the report does not define shows Quick BI text', async () => {
    const t = ticket({
      globalParam: [
        { paramKey: 'quantity', joinType: 'and', conditionList: [{ operate: '=', value: '1' }] },
      ],
    });
    const { page } = await open(`/token3rd/dashboard/view/pc.htm?pageId=dash-1&accessTicket=${t}`);
    expect(await page.locator('[data-testid="error"]').textContent()).toContain(
      '全局参数配置在报表组件中不存在',
    );
    expect(await rowCount(page)).toBe(0);
  });
});

describe('other works types', () => {
  it('workbook: a spreadsheet grid, via id or pageId', async () => {
    const t = ticket({ worksId: 'book-1', uses: 2, watermark: 'wm-book' });
    const { page } = await open(
      `/token3rd/report/view.htm?id=book-1&accessTicket=${t}&qbi_version_param=1`,
    );
    expect(await page.title()).toBe('Finance book');
    expect(await page.locator('[data-testid="sheet"]').count()).toBe(1);
    expect(await rowCount(page)).toBe(SAMPLE_ROWS.length);
    expect(await page.locator('[data-testid="sheet"] thead th').allTextContents()).toEqual([
      '',
      'A',
      'B',
      'C',
      'D',
      'E',
      'F',
    ]);
    expect(
      await page.locator('[data-testid="watermark"]').getAttribute('data-watermark-text'),
    ).toBe('wm-book');
    const { page: second } = await open(`/report/view.htm?pageId=book-1&accessToken=${t}`);
    expect(await rowCount(second)).toBe(SAMPLE_ROWS.length);
  });

  it('data screen: dark KPIs and chart, and no watermark even when the ticket has one', async () => {
    const t = ticket({ worksId: 'screen-1', watermark: 'never shown' });
    const { page } = await open(`/token3rd/screen/view/pc.htm?pageId=screen-1&accessTicket=${t}`);
    expect(await page.title()).toBe('Live screen');
    expect(await page.locator('[data-testid="kpi"]').count()).toBe(3);
    expect(await page.locator('[data-testid="bar"]').count()).toBe(5);
    expect(await page.locator('[data-testid="watermark"]').count()).toBe(0);
    expect(await page.content()).not.toContain('never shown');
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(11, 26, 51)');
  });

  it('self-service download: a table and a disabled download button', async () => {
    const t = ticket({ worksId: 'offline-1' });
    const { page } = await open(`/token3rd/offline/view/pc.htm?pageId=offline-1&accessTicket=${t}`);
    expect(await rowCount(page)).toBe(SAMPLE_ROWS.length);
    const button = page.locator('[data-testid="download"]');
    expect(await button.textContent()).toBe('下载 / Download');
    expect(await button.isDisabled()).toBe(true);
  });
});

describe('failed access', () => {
  it('shows Quick BI text with HTTP 200 for unknown, exhausted and mismatched tickets', async () => {
    const unknown = await open(
      '/token3rd/dashboard/view/pc.htm?pageId=dash-1&accessTicket=nope-123',
    );
    expect(unknown.status).toBe(200);
    expect(
      await unknown.page.locator('[data-testid="error"]').getAttribute('data-error-code'),
    ).toBe('Authorize3rdTicket.NotExist');
    expect(await unknown.page.locator('[data-testid="error"]').textContent()).toContain(
      'Ticket[nope-123]not exist',
    );

    const once = ticket();
    const first = await open(`/token3rd/dashboard/view/pc.htm?pageId=dash-1&accessTicket=${once}`);
    expect(await rowCount(first.page)).toBe(SAMPLE_ROWS.length);
    const second = await open(`/token3rd/dashboard/view/pc.htm?pageId=dash-1&accessTicket=${once}`);
    expect(await second.page.locator('[data-testid="error"]').textContent()).toContain(
      'AE0130010026 There is no ticket number left, please generate new ticket',
    );

    const other = ticket();
    const mismatch = await open(
      `/token3rd/screen/view/pc.htm?pageId=screen-1&accessTicket=${other}`,
    );
    expect(
      await mismatch.page.locator('[data-testid="error"]').getAttribute('data-error-code'),
    ).toBe('Authorize3rdTicket.BindedWorks.Mismatch');
  });
});

describe('refresh and the height protocol', () => {
  it('refreshes while valid, then shows the expired text once the clock passes expiry', async () => {
    const t = ticket({ watermark: 'still here', expiresAt: backend.clock + HOUR });
    const { page } = await open(`/token3rd/dashboard/view/pc.htm?pageId=dash-1&accessTicket=${t}`);
    await page.waitForFunction(
      () => Number(document.querySelector('[data-testid="refresh-count"]')?.textContent) >= 2,
      undefined,
      WAIT,
    );
    expect(await rowCount(page)).toBe(SAMPLE_ROWS.length);
    backend.clock += 30 * 60_000;
    await page.waitForFunction(
      (expected) =>
        document.querySelector('[data-testid="last-refreshed"]')?.getAttribute('data-epoch-ms') ===
        expected,
      String(backend.clock),
      WAIT,
    );
    expect(await page.locator('[data-testid="last-refreshed"]').textContent()).toContain(
      new Date(backend.clock).toISOString().slice(0, 10),
    );

    backend.clock += HOUR;
    const error = page.locator('[data-testid="error"]');
    await error.waitFor(WAIT);
    expect(await error.getAttribute('data-error-code')).toBe('Authorize3rdTicket.Expired');
    expect(await error.textContent()).toContain(`Ticket[${t}]has expired`);
    expect(await rowCount(page)).toBe(0);
    expect(await page.locator('[data-testid="watermark"]').count()).toBe(0);
  });

  it('posts {height, pageId} to a cross-origin parent and answers getDashboardHeight', async () => {
    const t = ticket({ expiresAt: backend.clock + HOUR });
    const src = `${reports.url}/token3rd/dashboard/view/pc.htm?pageId=dash-1&accessTicket=${t}`;
    const page = await newPage();
    await page.goto(`${host.url}/?src=${encodeURIComponent(src)}`);
    type Received = { origin: string; data: { height: number; pageId: string } };
    const received = () =>
      page.evaluate(() => (window as unknown as { received: Received[] }).received.slice());

    await page.waitForFunction(
      () => (window as unknown as { received: unknown[] }).received.length > 0,
      undefined,
      WAIT,
    );
    const [first] = await received();
    expect(first?.origin).toBe(reports.url);
    expect(first?.data.pageId).toBe('dash-1');
    expect(first?.data.height).toBeGreaterThan(200);
    expect(Object.keys(first?.data ?? {}).sort()).toEqual(['height', 'pageId']);

    // Posted in order: were the unrelated message answered, its answer would arrive first.
    const before = (await received()).length;
    await page.evaluate(() => {
      const frame = (document.getElementById('report') as HTMLIFrameElement).contentWindow;
      frame?.postMessage({ hello: true }, '*');
      frame?.postMessage({ getDashboardHeight: true }, '*');
    });
    await page.waitForFunction(
      (count) => (window as unknown as { received: unknown[] }).received.length > count,
      before,
      WAIT,
    );
    const answers = (await received()).slice(before);
    expect(answers).toHaveLength(1);
    expect(answers[0]?.data).toEqual({ height: first?.data.height, pageId: 'dash-1' });

    // When the content shrinks (the expired error replaces the report) the parent hears the new height.
    backend.clock += 2 * HOUR;
    await page.waitForFunction(
      (full) =>
        (window as unknown as { received: Received[] }).received.some(
          (message) => message.data.height < full,
        ),
      first?.data.height ?? 0,
      WAIT,
    );
    const last = (await received()).at(-1);
    expect(last?.data.pageId).toBe('dash-1');
    expect(last?.data.height).toBeGreaterThan(0);
    expect(
      await page
        .frameLocator('#report')
        .locator('[data-testid="error"]')
        .getAttribute('data-error-code'),
    ).toBe('Authorize3rdTicket.Expired');
  });
});

/** What the host page (startHostServer) recorded: `frame` is the index of the posting iframe. */
interface Received {
  origin: string;
  data: { height: number; pageId: string };
  frame: number;
}

async function hostPage(...sources: string[]): Promise<Page> {
  const page = await newPage();
  const query = new URLSearchParams(sources.map((src) => ['src', src]));
  await page.goto(`${host.url}/?${query.toString()}`);
  return page;
}
const receivedOn = (page: Page) =>
  page.evaluate(() => (window as unknown as { received: Received[] }).received.slice());
const fromFrame = async (page: Page, frame: number) =>
  (await receivedOn(page)).filter((message) => message.frame === frame);
const waitLoaded = (page: Page, frame: number) =>
  page.waitForFunction(
    (index) => ((window as unknown as { loaded: number[] }).loaded[index] ?? 0) >= 1,
    frame,
    WAIT,
  );
const waitMessages = (page: Page, frame: number, count: number) =>
  page.waitForFunction(
    ([index, n]) =>
      (window as unknown as { received: Received[] }).received.filter((m) => m.frame === index)
        .length >= n,
    [frame, count] as const,
    WAIT,
  );
const askHeight = (page: Page, frame: number) =>
  page.evaluate((index) => {
    const target = document.querySelectorAll('iframe')[index]?.contentWindow;
    target?.postMessage({ getDashboardHeight: true }, '*');
  }, frame);
const dashboardSrc = (server: TestServer) =>
  `${server.url}/token3rd/dashboard/view/pc.htm?pageId=dash-1&accessTicket=${ticket()}`;

/**
 * Proves a frame said nothing without sleeping: once it loaded and was asked getDashboardHeight,
 * a dashboard added after it must load, post, and answer its own question; only then is the
 * silent frame's record read (messages from a frame asked first would have come first).
 */
async function expectSilent(page: Page, silent: number) {
  await waitLoaded(page, silent);
  await askHeight(page, silent);
  const sentinel = await page.evaluate(
    (src) => (window as unknown as { addFrame(src: string): number }).addFrame(src),
    dashboardSrc(reports),
  );
  await waitMessages(page, sentinel, 1);
  await askHeight(page, sentinel);
  await waitMessages(page, sentinel, 2);
  expect((await fromFrame(page, sentinel))[0]?.data.pageId).toBe('dash-1');
  expect(await fromFrame(page, silent)).toEqual([]);
  // Nothing unattributed either (a message whose source no longer matched a frame).
  expect((await receivedOn(page)).filter((message) => message.frame < 0)).toEqual([]);
}

/** A page that speaks: it posts on load and answers getDashboardHeight with the same. */
async function expectSpeaks(page: Page, frame: number, pageId: string) {
  await waitMessages(page, frame, 1);
  const [first] = await fromFrame(page, frame);
  expect(first?.data.pageId).toBe(pageId);
  expect(first?.data.height).toBeGreaterThan(0);
  expect(Object.keys(first?.data ?? {}).sort()).toEqual(['height', 'pageId']);
  const before = (await fromFrame(page, frame)).length;
  await askHeight(page, frame);
  await waitMessages(page, frame, before + 1);
  expect((await fromFrame(page, frame)).at(-1)?.data).toEqual({
    height: expect.any(Number),
    pageId,
  });
}

describe("postHeightOn: 'dashboards' (the default: only what Quick BI documents)", () => {
  const errorPages: Array<[string, () => Promise<string>]> = [
    [
      'an unknown ticket',
      async () => `/token3rd/dashboard/view/pc.htm?pageId=dash-1&accessTicket=nope-${Date.now()}`,
    ],
    [
      'an exhausted ticket',
      async () => {
        const path = `/token3rd/dashboard/view/pc.htm?pageId=dash-1&accessTicket=${ticket()}`;
        // Its one use spent by an earlier load.
        expect((await fetch(`${reports.url}${path}`)).status).toBe(200);
        return path;
      },
    ],
    [
      'an expired ticket',
      async () =>
        `/token3rd/dashboard/view/pc.htm?pageId=dash-1&accessTicket=${ticket({ expiresAt: backend.clock - 1 })}`,
    ],
    [
      'a ticket for another works type',
      async () => `/token3rd/screen/view/pc.htm?pageId=screen-1&accessTicket=${ticket()}`,
    ],
    [
      'a cmptId the dashboard does not have',
      async () =>
        `/token3rd/dashboard/view/pc.htm?pageId=dash-1&accessTicket=${ticket()}&cmptId=cmpt-nope`,
    ],
  ];

  it.each(errorPages)(
    "Quick BI's error page for %s posts nothing and answers no getDashboardHeight",
    async (_name, path) => {
      const page = await hostPage(`${reports.url}${await path()}`);
      await page.frameLocator('#report').locator('[data-testid="error"]').waitFor(WAIT);
      await expectSilent(page, 0);
    },
  );

  it.each([
    [
      'a workbook',
      () => `/token3rd/report/view.htm?id=book-1&accessTicket=${ticket({ worksId: 'book-1' })}`,
    ],
    [
      'a data screen',
      () =>
        `/token3rd/screen/view/pc.htm?pageId=screen-1&accessTicket=${ticket({ worksId: 'screen-1' })}`,
    ],
    [
      'a self-service download',
      () =>
        `/token3rd/offline/view/pc.htm?pageId=offline-1&accessTicket=${ticket({ worksId: 'offline-1' })}`,
    ],
  ])('%s report page posts nothing and answers no getDashboardHeight', async (_name, path) => {
    const page = await hostPage(`${reports.url}${path()}`);
    await page.frameLocator('#report').locator('[data-testid="title"]').waitFor(WAIT);
    await expectSilent(page, 0);
  });

  it('a dashboard speaks, a single component (cmptId) included', async () => {
    const page = await hostPage(
      dashboardSrc(reports),
      `${reports.url}/token3rd/dashboard/view/pc.htm?pageId=dash-1&accessTicket=${ticket()}&cmptId=cmpt-sales-kpi`,
    );
    await expectSpeaks(page, 0, 'dash-1');
    await expectSpeaks(page, 1, 'dash-1');
    expect((await fromFrame(page, 1))[0]!.data.height).toBeLessThan(
      (await fromFrame(page, 0))[0]!.data.height,
    );
  });

  it('a silent workbook still refreshes and shows its expiry in place', async () => {
    const t = ticket({ worksId: 'book-1' });
    const page = await hostPage(
      `${reports.url}/token3rd/report/view.htm?id=book-1&accessTicket=${t}`,
    );
    const report = page.frameLocator('#report');
    await expect
      .poll(
        async () => Number(await report.locator('[data-testid="refresh-count"]').textContent()),
        WAIT,
      )
      .toBeGreaterThanOrEqual(1);
    backend.clock += 2 * HOUR;
    await report.locator('[data-testid="error"]').waitFor(WAIT);
    expect(await report.locator('[data-testid="error"]').getAttribute('data-error-code')).toBe(
      'Authorize3rdTicket.Expired',
    );
    await expectSilent(page, 0);
  });
});

describe('postHeightOn: other values', () => {
  it("'reports': a workbook speaks too; error pages still post nothing", async () => {
    const book = ticket({ worksId: 'book-1' });
    const page = await hostPage(
      `${reportsSpeak.url}/token3rd/report/view.htm?id=book-1&accessTicket=${book}`,
      `${reportsSpeak.url}/token3rd/dashboard/view/pc.htm?pageId=dash-1&accessTicket=nope-reports`,
    );
    await expectSpeaks(page, 0, 'book-1');
    await expectSilent(page, 1);
  });

  it("'all': Quick BI's error pages speak too, where the default keeps the same page silent", async () => {
    const expired = ticket({ expiresAt: backend.clock - 1 });
    const unknown = '/token3rd/dashboard/view/pc.htm?pageId=dash-1&accessTicket=nope-all';
    const page = await hostPage(
      `${allSpeak.url}${unknown}`,
      `${allSpeak.url}/token3rd/dashboard/view/pc.htm?pageId=dash-1&accessTicket=${expired}`,
      `${allSpeak.url}/token3rd/report/view.htm?id=book-1&accessTicket=${ticket({ worksId: 'book-1' })}`,
      `${reports.url}${unknown}`,
    );
    await expectSpeaks(page, 0, 'dash-1');
    await expectSpeaks(page, 1, 'dash-1');
    await expectSpeaks(page, 2, 'book-1');
    await expectSilent(page, 3);
    expect(
      await page
        .frameLocator('#report')
        .locator('[data-testid="error"]')
        .getAttribute('data-error-code'),
    ).toBe('Authorize3rdTicket.NotExist');
  });
});
