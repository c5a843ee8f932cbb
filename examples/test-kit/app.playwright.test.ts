/**
 * Test kit example 4: app-level E2E. A real app server (appServer.ts: node:http and
 * `@quickbi-embed/server` with its memory store) embeds a report for the signed-in user, against
 * the emulator of `@quickbi-embed/emulator/playwright`. The emulator is reset before every test;
 * the app caches tickets (ten uses each), so without the `app` fixture's `resetStore()` the second
 * test would be handed test one's ticket, which the reset emulator no longer knows ("not exist").
 * The `app` fixture depends on `quickbi`, so Playwright resets the emulator first, then the store.
 */
import { test as base, expect, type Page } from 'playwright/test';
import {
  quickbiFixtures,
  type QuickBIFixtures,
  type QuickBIWorkerFixtures,
} from '@quickbi-embed/emulator/playwright';
import { startAppServer, type AppServer } from './appServer.js';

const test = base.extend<
  QuickBIFixtures & { app: AppServer },
  QuickBIWorkerFixtures & { appServer: AppServer }
>({
  ...quickbiFixtures(),
  appServer: [
    // (`provide` is what Playwright calls `use`.)
    async ({ quickbiEmulator }, provide) => {
      const app = await startAppServer(quickbiEmulator);
      await provide(app);
      await app.close();
    },
    { scope: 'worker' },
  ],
  // Reset after the emulator's reset (this fixture needs `quickbi`, which resets it).
  app: async ({ appServer, quickbi }, provide) => {
    void quickbi;
    appServer.resetStore();
    await provide(appServer);
  },
});

async function openReport(page: Page, app: AppServer, user: string) {
  await page.context().addCookies([{ name: 'user', value: user, url: app.url }]);
  await page.goto(app.url);
  const report = page.frameLocator('#report');
  await expect(report.getByText('Sales overview').first()).toBeVisible();
  return report;
}

for (const [n, user] of [
  [1, 'alice'],
  [2, 'alice'],
  [3, 'bob'],
] as const) {
  test(`test ${n}: ${user} sees the report (the emulator and the app's store start fresh)`, async ({
    page,
    app,
    quickbi,
  }) => {
    await openReport(page, app, user);
    // One ticket minted in this test, one page load: nothing left over from the tests before.
    expect(quickbi.stats().ticketsCreated).toBe(1);
    expect(Object.values(quickbi.stats().ticketUses)).toEqual([1]);
  });
}
