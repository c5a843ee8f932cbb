// The framework-free entry in real Chromium against the emulator and the real server handler
// (test/browserGlobalSetup.ts): no React anywhere in this file.
import { createHttpAdapter, EmbedEngine, type RenewalPolicy } from '@quickbi-embed/core';
import { mountQuickBIReport, type MountedQuickBIReport } from '@quickbi-embed/core/mount';
import { afterEach, expect, inject, it } from 'vitest';

const { apiBase, emulatorUrl, reportOrigin } = inject('quickbi');
const embedding = inject('quickbiEmbedding');

const control = async (path: string, body?: unknown): Promise<Record<string, unknown>> => {
  const response = await fetch(`${emulatorUrl}/__emulator/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`emulator control ${path}: ${response.status}`);
  return response.json() as Promise<Record<string, unknown>>;
};
const calls = async (action: string) =>
  ((await control('stats')).calls as Record<string, number>)[action] ?? 0;

// Renew 1.5 s after each credential arrives (the test policy's tickets live one minute).
const fastRenewal: RenewalPolicy = { margin: (lifetime) => lifetime - 1500 };
let users = 0;
const newEngine = () =>
  new EmbedEngine({
    adapter: createHttpAdapter({
      baseUrl: apiBase,
      headers: { 'x-test-user': `mount-${Date.now()}-${++users}` },
    }),
    renewal: fastRenewal,
    reportOrigin,
  });

const mounted: MountedQuickBIReport[] = [];
afterEach(() => {
  for (const m of mounted.splice(0)) m.unmount();
  document.body.replaceChildren();
});

function mount(engine: ReturnType<typeof newEngine>, title: string, extra = {}) {
  const element = document.createElement('section');
  document.body.append(element);
  const events = { loads: 0, frameLoads: 0, renewals: 0 };
  mounted.push(
    mountQuickBIReport(element, {
      engine,
      worksId: 'dash-sales-0001',
      title,
      onLoad: () => events.loads++,
      onFrameLoad: () => events.frameLoads++,
      onRenew: () => events.renewals++,
      ...extra,
    }),
  );
  return { element, events, frame: () => element.querySelector('iframe') };
}

it('two mounts on one engine share one ticket call, load, and follow the height', async () => {
  const engine = newEngine();
  const before = await calls('CreateTicket');
  const a = mount(engine, 'A');
  const b = mount(engine, 'B');
  expect(a.element.querySelector('[role="status"]')).not.toBeNull();
  await expect.poll(() => a.events.loads + b.events.loads, { timeout: 10_000 }).toBe(2);
  expect(await calls('CreateTicket')).toBe(before + 1);
  expect(new URL(a.frame()!.src).origin).toBe(reportOrigin);
  expect(a.frame()!.src).toBe(b.frame()!.src);
  await expect.poll(() => a.frame()!.style.height, { timeout: 10_000 }).not.toBe('400px');
});

it('renews in place past the original expiry without reloading', async () => {
  const { events, frame } = mount(newEngine(), 'Sales');
  await expect.poll(() => events.loads, { timeout: 10_000 }).toBe(1);
  const iframe = frame()!;
  const src = iframe.src;
  for (let jump = 0; jump < 3; jump++) {
    await control('clock', { advanceMs: 25_000 });
    const renewed = events.renewals;
    await expect.poll(() => events.renewals, { timeout: 10_000 }).toBeGreaterThan(renewed);
  }
  expect(frame()).toBe(iframe);
  expect(iframe.src).toBe(src);
  expect(events.frameLoads).toBe(1);
});

it('names the cause of an outage, and Retry recovers', async () => {
  await control('faults', { action: 'CreateTicket', status: 503, count: 1 });
  // No self-recovery here: the user's Retry brings it back.
  const { element, events } = mount(newEngine(), 'Sales', { recoveries: 0 });
  await expect
    .poll(() => element.querySelector('[role="alert"]'), { timeout: 10_000 })
    .not.toBeNull();
  expect(element.textContent).toContain('Quick BI is unavailable right now.');
  expect(element.querySelector('iframe')).toBeNull();
  element.querySelector('button')!.click();
  await expect.poll(() => events.loads, { timeout: 10_000 }).toBe(1);
  expect(element.querySelector('[role="alert"]')).toBeNull();
});

it('recovers on its own after an outage, without a click', async () => {
  await control('faults', { action: 'CreateTicket', status: 503, count: 2 });
  const { element, events } = mount(newEngine(), 'Sales', {
    renewal: { ...fastRenewal, retryBaseMs: 200 },
  });
  await expect
    .poll(() => element.querySelector('[role="alert"]'), { timeout: 10_000 })
    .not.toBeNull();
  await expect.poll(() => events.loads, { timeout: 10_000 }).toBe(1);
});

it("Quick BI's error page (a spent ticket): onFrameLoad once, onLoad never", async () => {
  const adapter = createHttpAdapter({
    baseUrl: apiBase,
    headers: { 'x-test-user': `mount-spent-${Date.now()}-${++users}` },
  });
  const spent = await adapter.createTicket({ worksId: 'dash-sales-0001' });
  // Spend every use of the ticket by loading its page from here, as another tab would.
  for (let use = spent.usedUses; use < spent.maxUses; use++)
    await fetch(spent.reportUrl, { mode: 'no-cors', cache: 'no-store' });
  const uses = async () =>
    ((await control('stats')).ticketUses as Record<string, number>)[spent.ticket];
  expect(await uses()).toBe(spent.maxUses);

  const silent = mount(new EmbedEngine({ adapter, reportOrigin }), 'Spent', {
    initialCredential: spent,
  });
  await expect.poll(() => silent.events.frameLoads, { timeout: 10_000 }).toBe(1);
  expect(silent.frame()!.getAttribute('src')).toBe(spent.reportUrl);
  // The sentinel: a healthy dashboard mounted after the silent one loaded (and was asked for its
  // height) reaches onLoad; by then a message from the error page would have come.
  const healthy = mount(newEngine(), 'Healthy');
  await expect.poll(() => healthy.events.loads, { timeout: 10_000 }).toBe(1);
  expect(silent.events).toMatchObject({ loads: 0, frameLoads: 1 });
  // It was Quick BI's error page: the load found no use left.
  expect(await uses()).toBe(spent.maxUses);
});

it('host-chosen filters narrow the ticket, as the React prop does', async () => {
  const adapter = createHttpAdapter({
    baseUrl: embedding.apiBase,
    headers: { 'x-test-user': `mount-filters-${Date.now()}-${++users}` },
  });
  const { frame, events } = mount(new EmbedEngine({ adapter, reportOrigin }), 'North', {
    filters: [{ paramKey: 'region', values: ['华北'] }],
  });
  await expect.poll(() => events.frameLoads, { timeout: 10_000 }).toBe(1);
  const ticket = new URL(frame()!.src).searchParams.get('accessTicket')!;
  const info = await adapter.queryTicketInfo({ ticket });
  expect(info.globalParam?.at(-1)).toEqual({
    paramKey: 'region',
    joinType: 'and',
    conditionList: [{ operate: 'in', value: ['华北'] }],
  });
});
