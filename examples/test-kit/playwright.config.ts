/**
 * Test kit examples 3 and 4: Playwright Test with the emulator fixture
 * (emulator.playwright.test.ts), and app-level E2E against a real app server
 * (app.playwright.test.ts, with appServer.ts). Run from the repository root:
 *   node --conditions=@quickbi-embed/source node_modules/playwright/cli.js test -c examples/test-kit/playwright.config.ts
 * (in your app: `npx playwright test`). Chromium is Debian's here (test-support/chromium.ts).
 */
import { defineConfig } from 'playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../test-support/chromium.js';

export default defineConfig({
  testDir: '.',
  testMatch: '*.playwright.test.ts',
  workers: 1,
  reporter: 'list',
  outputDir: '../../.vitest-results/playwright-test-kit',
  use: { launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS } },
});
