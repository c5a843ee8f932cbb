/**
 * Test kit example 3: a Playwright test with `@quickbi-embed/emulator/playwright`. The fixture
 * starts one emulator per worker and hands each test a fresh one as `quickbi`: here a ticket is
 * issued the way your server would (the server package's client), its embed page opened in
 * Chromium, then the emulator's clock and faults drive what the page and the server see.
 */
import { test as base, expect } from 'playwright/test';
import {
  quickbiFixtures,
  type QuickBIFixtures,
  type QuickBIWorkerFixtures,
} from '@quickbi-embed/emulator/playwright';
import { buildReportUrl } from '@quickbi-embed/core';
import { createQuickBIClient } from '@quickbi-embed/server';

// Pages re-check their ticket every 200 ms, so an expiry shows at once.
const test = base.extend<QuickBIFixtures, QuickBIWorkerFixtures>(
  quickbiFixtures({ refreshIntervalMs: 200 }),
);

function clientFor(quickbi: QuickBIFixtures['quickbi']) {
  // The emulator's own test key (not a secret), and its clock, as your server would be configured.
  return createQuickBIClient({
    ...quickbi.accessKeys[0]!,
    endpoint: quickbi.endpoint,
    now: () => quickbi.now(),
  });
}

test('an embed page shows the report, then expires when the clock passes its ticket', async ({
  page,
  quickbi,
}) => {
  const client = clientFor(quickbi);
  const { ticket } = await client.createTicket({
    worksId: 'dash-sales-0001',
    userId: 'user-alice-0001',
    watermark: 'alice@e2e',
    expireMinutes: 5,
  });
  await page.goto(
    buildReportUrl({
      origin: quickbi.reportOrigin,
      worksId: 'dash-sales-0001',
      credential: { ticket },
    }),
  );
  await expect(page.getByText('Sales overview').first()).toBeVisible();
  await expect(page.getByText('alice@e2e').first()).toBeVisible();
  expect(quickbi.stats().ticketUses[ticket]).toBe(1);

  quickbi.advanceClock(6 * 60_000);
  await expect(page.getByText(/has expired/)).toBeVisible();
});

test('a fault makes Quick BI answer 503', async ({ quickbi }) => {
  quickbi.setFaults({ action: 'CreateTicket', status: 503, count: 5 });
  const client = clientFor(quickbi);
  await expect(client.createTicket({ worksId: 'dash-sales-0001' })).rejects.toMatchObject({
    code: expect.stringMatching(/ServiceUnavailable|UPSTREAM_UNAVAILABLE/),
  });
  expect(quickbi.stats().ticketsCreated).toBe(0);
});
