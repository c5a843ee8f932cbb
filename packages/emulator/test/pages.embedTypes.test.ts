/**
 * The pages added for ad hoc analysis, data entry forms, Smart Q and data portals, in Chromium
 * against the real emulator: each renders its recognisable view, Smart Q answers from the sample
 * data, portal menu clicks swap the body without consuming a ticket use.
 */
import { describe, expect, it } from 'vitest';
import { SAMPLE_ROWS } from '../src/pages/index.js';
import { setupEmbedPages } from './support/pagesFixture.js';

const WAIT = { timeout: 10_000 };
// Portal tickets are UNCONFIRMED (CreateTicket does not list portals): opted into here.
const site = setupEmbedPages({ portalTickets: true });
const { open } = site;

async function ticket(action: string, params: Record<string, string>): Promise<string> {
  const { status, json } = await site.call(action, { TicketNum: '5', ...params });
  expect(status, JSON.stringify(json)).toBe(200);
  return String(json['Result']);
}

describe('new embed pages', () => {
  it('ad hoc analysis shows a query builder with its field list, shelves and result grid', async () => {
    const t = await ticket('CreateTicket', { WorksId: 'analysis-orders-0001' });
    const page = await open(
      `/token3rd/analysis/view/pc.htm?pageId=analysis-orders-0001&accessTicket=${t}`,
    );
    await page.getByTestId('query-builder').waitFor(WAIT);
    expect(await page.getByTestId('field').count()).toBe(6);
    expect(await page.locator('[data-shelf="rows"] .chip').allTextContents()).toEqual([
      'region',
      'product_type',
    ]);
    const groups = new Set(SAMPLE_ROWS.map((r) => `${r.region}/${r.product_type}`)).size;
    expect(await page.getByTestId('result-row').count()).toBe(groups);
  });

  it('a data entry form takes an entry; a refresh does not wipe the form', async () => {
    const t = await ticket('CreateTicket', { WorksId: 'form-orders-0001' });
    const page = await open(
      `/token3rd/dataForm/view/pc.htm?pageId=form-orders-0001&accessTicket=${t}`,
    );
    const form = page.getByTestId('entry-form');
    await form.waitFor(WAIT);
    expect(await page.getByTestId('row').count()).toBe(SAMPLE_ROWS.length);
    await form.locator('[name="price"]').fill('12.5');
    // Let at least one refresh (every 100 ms) run: what was typed must survive it.
    await page.waitForFunction(
      () => Number(document.querySelector('[data-testid="refresh-count"]')?.textContent) >= 2,
      undefined,
      WAIT,
    );
    expect(await form.locator('[name="price"]').inputValue()).toBe('12.5');
    await form.locator('[name="quantity"]').fill('4');
    await form.locator('[name="order_date"]').fill('2026-01-02');
    await page.getByTestId('submit-entry').click();
    await expect
      .poll(() => page.getByTestId('entry-status').textContent(), WAIT)
      .toContain('Submitted');
  });

  it('Smart Q answers a question from the sample data, consuming no ticket use', async () => {
    const t = await ticket('CreateTicket4Copilot', { CopilotId: 'copilot-sales-0001' });
    const page = await open(
      `/token3rd/copilot/view/pc.htm?copilotId=copilot-sales-0001&accessTicket=${t}`,
    );
    await page.getByTestId('copilot').waitFor(WAIT);
    await page.getByTestId('copilot-question').fill('华东的销售额是多少?');
    await page.getByTestId('copilot-ask').click();
    const answer = page.getByTestId('copilot-answer').first();
    await expect.poll(() => answer.getAttribute('data-value'), WAIT).not.toBeNull();
    const expected =
      Math.round(
        SAMPLE_ROWS.filter((r) => r.region === '华东').reduce((s, r) => s + r.sales, 0) * 100,
      ) / 100;
    expect(Number(await answer.getAttribute('data-value'))).toBeCloseTo(expected, 2);
    expect(site.emulator.stats().ticketUses[t]).toBe(1);
  });

  it('a report ticket does not open the Smart Q page', async () => {
    const t = await ticket('CreateTicket', { WorksId: 'dash-sales-0001' });
    const page = await open(
      `/token3rd/copilot/view/pc.htm?copilotId=dash-sales-0001&accessTicket=${t}`,
    );
    expect(await page.getByTestId('error').getAttribute('data-error-code', WAIT)).toBe(
      'Authorize3rdTicket.BindedWorks.Mismatch',
    );
  });

  it('a portal shows its menu for the ticket user and swaps works on click without a page load', async () => {
    const t = await ticket('CreateTicket', {
      WorksId: 'portal-sales-0001',
      UserId: 'user-bob-0002',
    });
    const page = await open(
      `/token3rd/product/view.htm?productId=portal-sales-0001&accessTicket=${t}`,
    );
    const nav = page.getByTestId('portal-nav');
    await nav.waitFor(WAIT);
    // Bob is not granted the finance workbook menu.
    expect(
      await page
        .getByTestId('portal-menu')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-menu-id'))),
    ).toEqual(['menu-sales', 'menu-export']);
    expect(await page.getByTestId('portal-body').getAttribute('data-linked-works-id')).toBe(
      'dash-sales-0001',
    );
    await page.locator('[data-menu-id="menu-export"]').click();
    await expect
      .poll(() => page.getByTestId('portal-body').getAttribute('data-linked-works-id'), WAIT)
      .toBe('offline-export-0001');
    await page.getByTestId('download').waitFor(WAIT);
    expect(site.emulator.stats().ticketUses[t]).toBe(1);
  });
});
