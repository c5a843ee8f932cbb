import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import {
  DEFAULT_ACCESS_KEY,
  startEmulator,
  type Emulator,
  type EmulatorOptions,
} from '../../src/index.js';
import { launchChromium } from '../../../../test-support/chromium.js';
import { createTestClient, type TestClient } from './signingClient.js';

/**
 * Embed pages in Chromium against the real emulator (real clock, pages refreshing fast): one
 * browser and one emulator per file; after each test its pages are closed and the emulator reset.
 * `open(path)` opens a page of the report origin in a fresh context and expects a 200; `call` is a
 * signed OpenAPI client with the emulator's default key.
 */
export function setupEmbedPages(options: EmulatorOptions = {}) {
  let browser: Browser | undefined;
  const pages: Page[] = [];
  const ctx = {} as { emulator: Emulator; call: TestClient };
  beforeAll(async () => {
    browser = await launchChromium();
    ctx.emulator = await startEmulator({ port: 0, refreshIntervalMs: 100, ...options });
    ctx.call = createTestClient(ctx.emulator.endpoint, {
      key: DEFAULT_ACCESS_KEY,
      now: () => ctx.emulator.now(),
    });
  });
  afterEach(async () => {
    await Promise.all(pages.splice(0).map((page) => page.context().close()));
    ctx.emulator.reset();
  });
  afterAll(async () => {
    await browser?.close();
    await ctx.emulator?.stop();
  });
  async function open(path: string): Promise<Page> {
    const page = await (await browser!.newContext()).newPage();
    pages.push(page);
    const response = await page.goto(`${ctx.emulator.reportOrigin}${path}`);
    expect(response?.status()).toBe(200);
    return page;
  }
  return Object.assign(ctx, { open });
}
