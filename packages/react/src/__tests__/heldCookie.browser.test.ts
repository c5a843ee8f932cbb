// Revalidation (issue 18 item 8) in real Chromium: a mounted report's page names it in the
// first-party cookie `quickbi-held` (document.cookie, path /), against the real handler and the
// emulator (test/browserGlobalSetup.ts); an engine that opts out writes nothing.
import { createHttpAdapter, EmbedEngine } from '@quickbi-embed/core';
import { heldId, heldIdsOf } from '@quickbi-embed/core/held';
import { mountQuickBIReport, type MountedQuickBIReport } from '@quickbi-embed/core/mount';
import { afterEach, expect, inject, it } from 'vitest';

const { reportOrigin } = inject('quickbi');
// The handler whose policy offers host-chosen filters.
const { apiBase } = inject('quickbiEmbedding');
// A report no other browser test shows (their engines share this origin's cookie): a choice of
// filters only this file makes.
const REPORT = {
  worksId: 'dash-sales-0001',
  filters: [{ paramKey: 'region', values: ['东北', '西南'] }],
};

const mounted: MountedQuickBIReport[] = [];
afterEach(() => {
  for (const m of mounted.splice(0)) m.unmount();
  document.body.replaceChildren();
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

function mount(engine: EmbedEngine, report: typeof REPORT) {
  const element = document.createElement('section');
  document.body.append(element);
  mounted.push(mountQuickBIReport(element, { engine, title: 'Sales', ...report }));
  return () => element.querySelector('iframe');
}

it('names the reports a page shows in document.cookie, and nothing when turned off', async () => {
  const off = mount(newEngine(false), REPORT);
  await expect.poll(() => off(), { timeout: 10_000 }).not.toBeNull();
  expect(heldIdsOf(document.cookie).has(heldId(REPORT))).toBe(false);

  const engine = newEngine();
  const shown = mount(engine, REPORT);
  await expect.poll(() => shown(), { timeout: 10_000 }).not.toBeNull();
  await expect
    .poll(() => heldIdsOf(document.cookie).has(heldId(REPORT)), { timeout: 10_000 })
    .toBe(true);
  expect(document.cookie).toMatch(/(^|; )quickbi-held=[0-9a-z.]+(;|$)/);
  // Signed out: the page holds nothing of the previous user's.
  for (const m of mounted.splice(0)) m.unmount();
  engine.clear();
  await expect
    .poll(() => heldIdsOf(document.cookie).has(heldId(REPORT)), { timeout: 10_000 })
    .toBe(false);
});
