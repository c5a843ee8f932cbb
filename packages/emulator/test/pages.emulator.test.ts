/**
 * The embed pages through the real emulator (startEmulator): tickets and tokens created with
 * signed OpenAPI calls, pages opened in Chromium, the emulator clock moved past expiry.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SAMPLE_ROWS } from '../src/pages/index.js';
import { setupEmbedPages } from './support/pagesFixture.js';

const WAIT = { timeout: 10_000 };
const MINUTE = 60_000;

const site = setupEmbedPages();
const { open } = site;

async function call(action: string, params: Record<string, string>): Promise<string> {
  const { status, json: body } = await site.call(action, params, { scheme: 'v1', method: 'GET' });
  expect(status, JSON.stringify(body)).toBe(200);
  return typeof body.Result === 'string'
    ? body.Result
    : String((body.Result as { AccessToken: string }).AccessToken);
}

const createTicket = (params: Record<string, string>) => call('CreateTicket', params);

const rows = (page: Page) => page.locator('[data-testid="row"]').count();

describe('embed pages on the emulator', () => {
  it('renders a ticket page filtered by GlobalParam with the watermark, then shows expiry', async () => {
    const ticket = await createTicket({
      WorksId: 'dash-sales-0001',
      TicketNum: '2',
      ExpireTime: '5',
      WatermarkParam: 'carol 内部资料',
      GlobalParam: JSON.stringify([
        { paramKey: 'region', joinType: 'and', conditionList: [{ operate: '=', value: '华南' }] },
      ]),
    });
    const page = await open(
      `/token3rd/dashboard/view/pc.htm?pageId=dash-sales-0001&accessTicket=${ticket}`,
    );
    expect(await page.title()).toBe(
      site.emulator.works.find((w) => w.worksId === 'dash-sales-0001')?.name,
    );
    const south = SAMPLE_ROWS.filter((row) => row.region === '华南');
    expect(await rows(page)).toBe(south.length);
    expect(
      new Set(await page.locator('[data-testid="row"] td[data-field="region"]').allTextContents()),
    ).toEqual(new Set(['华南']));
    expect(
      await page.locator('[data-testid="watermark"]').getAttribute('data-watermark-text'),
    ).toBe('carol 内部资料');
    expect(site.emulator.stats().usesConsumed).toBe(1);

    await page.waitForFunction(
      () => Number(document.querySelector('[data-testid="refresh-count"]')?.textContent) >= 1,
      undefined,
      WAIT,
    );
    site.emulator.advanceClock(6 * MINUTE);
    const error = page.locator('[data-testid="error"]');
    await error.waitFor(WAIT);
    expect(await error.getAttribute('data-error-code')).toBe('Authorize3rdTicket.Expired');
    expect(await error.textContent()).toContain(`Ticket[${ticket}]has expired`);
    // Refreshes consume nothing: only the load used a ticket use.
    expect(site.emulator.stats().usesConsumed).toBe(1);
  });

  it('a single-use ticket opens once, then shows the no-uses-left text', async () => {
    const ticket = await createTicket({ WorksId: 'dash-sales-0001', CmptId: 'cmpt-sales-kpi' });
    const path = `/token3rd/dashboard/view/pc.htm?pageId=dash-sales-0001&accessTicket=${ticket}&cmptId=cmpt-sales-kpi`;
    const first = await open(path);
    expect(await first.locator('[data-testid="kpi"]').count()).toBe(1);
    expect(await rows(first)).toBe(0);
    const second = await open(path);
    expect(await second.locator('[data-testid="error"]').textContent()).toContain(
      'AE0130010026 There is no ticket number left, please generate new ticket',
    );
  });

  it('data screens never show a watermark; tokens open pages without the token3rd prefix', async () => {
    const ticket = await createTicket({ WorksId: 'screen-live-0001', WatermarkParam: 'hidden' });
    const screen = await open(
      `/token3rd/screen/view/pc.htm?pageId=screen-live-0001&accessTicket=${ticket}`,
    );
    expect(await screen.locator('[data-testid="bar"]').count()).toBeGreaterThan(0);
    expect(await screen.locator('[data-testid="watermark"]').count()).toBe(0);

    const token = await call('CreateEmbedToken', { WorksId: 'book-finance-0001', ExpireMin: '60' });
    const book = await open(
      `/report/view.htm?id=book-finance-0001&accessToken=${token}&dd_orientation=auto`,
    );
    expect(await book.locator('[data-testid="sheet"]').count()).toBe(1);
    expect(await rows(book)).toBe(SAMPLE_ROWS.length);
  });

  it('an unknown ticket shows Quick BI text', async () => {
    const page = await open(
      '/token3rd/dashboard/view/pc.htm?pageId=dash-sales-0001&accessTicket=missing-1',
    );
    expect(await page.locator('[data-testid="error"]').getAttribute('data-error-code')).toBe(
      'Authorize3rdTicket.NotExist',
    );
    expect(await page.locator('[data-testid="error"]').textContent()).toContain(
      'Ticket[missing-1]not exist',
    );
  });
});
