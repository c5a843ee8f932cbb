// Revalidation (issue 18 item 8) in real Chromium: a mounted report's page names it in the
// first-party cookie `quickbi-held` (document.cookie, path /), against the real handler and the
// emulator (test/browserGlobalSetup.ts); an engine that opts out writes nothing.
import { createHttpAdapter, EmbedEngine } from '@quickbi-embed/core';
import { heldId, heldIdsOf } from '@quickbi-embed/core/held';
import { mountQuickBIReport, type MountedQuickBIReport } from '@quickbi-embed/core/mount';
import { afterEach, expect, inject, it } from 'vitest';

const { apiBase, reportOrigin } = inject('quickbi');
const SALES = { worksId: 'dash-sales-0001' };

const mounted: MountedQuickBIReport[] = [];
afterEach(() => {
  for (const m of mounted.splice(0)) m.unmount();
  document.body.replaceChildren();
  document.cookie = 'quickbi-held=; Path=/; Max-Age=0';
});

const newEngine = (heldCookie?: false) =>
  new EmbedEngine({
    adapter: createHttpAdapter({
      baseUrl: apiBase,
      headers: { 'x-test-user': `held-${Date.now()}-${Math.random()}` },
    }),
    reportOrigin,
    ...(heldCookie === false ? { heldCookie } : {}),
  });

function mount(engine: EmbedEngine, report: typeof SALES) {
  const element = document.createElement('section');
  document.body.append(element);
  mounted.push(mountQuickBIReport(element, { engine, title: 'Sales', ...report }));
  return () => element.querySelector('iframe');
}

it('names the reports a page shows in document.cookie, and nothing when turned off', async () => {
  const off = mount(newEngine(false), SALES);
  await expect.poll(() => off(), { timeout: 10_000 }).not.toBeNull();
  expect(document.cookie).not.toContain('quickbi-held');

  const engine = newEngine();
  const sales = mount(engine, SALES);
  await expect.poll(() => sales(), { timeout: 10_000 }).not.toBeNull();
  await expect
    .poll(() => heldIdsOf(document.cookie), { timeout: 10_000 })
    .toEqual(new Set([heldId(SALES)]));
  // Signed out: the page holds nothing of the previous user's.
  for (const m of mounted.splice(0)) m.unmount();
  engine.clear();
  await expect.poll(() => document.cookie, { timeout: 10_000 }).not.toContain('quickbi-held');
});
