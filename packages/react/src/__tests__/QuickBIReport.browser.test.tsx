// Real Chromium, real emulator, real server handler (started by test/browserGlobalSetup.ts).
import { createHttpAdapter, type RenewalPolicy } from '@quickbi-embed/core';
import { QueryClient } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, expect, inject, it } from 'vitest';
import { QuickBIProvider, QuickBIReport, type QuickBIReportProps } from '../index.js';

const { apiBase, emulatorUrl, reportOrigin } = inject('quickbi');

interface Stats {
  pageLoads: number;
  pageErrors: number;
  refreshes: number;
  calls: Record<string, number>;
  ticketUses: Record<string, number>;
}

const control = async (path: string, body?: unknown): Promise<unknown> => {
  const response = await fetch(`${emulatorUrl}/__emulator/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`emulator control ${path}: ${response.status}`);
  return response.json();
};
const stats = () => control('stats') as Promise<Stats>;

// Renew 1.5 s after each credential arrives: the 1-minute tickets of the test policy would
// otherwise wait 30 s.
const fastRenewal: RenewalPolicy = { margin: (lifetime) => lifetime - 1500 };

let users = 0;
function mount(props: Partial<QuickBIReportProps> = {}) {
  const events = { loads: 0, renewals: 0 };
  const adapter = createHttpAdapter({
    baseUrl: apiBase,
    // A fresh end user per test: no cached credential is shared between tests.
    headers: { 'x-test-user': `browser-${Date.now()}-${++users}` },
  });
  const view = render(
    <QuickBIProvider
      adapter={adapter}
      queryClient={new QueryClient()}
      renewal={fastRenewal}
      reportOrigin={reportOrigin}
    >
      <QuickBIReport
        worksId="dash-sales-0001"
        title="Sales"
        onLoad={() => events.loads++}
        onRenew={() => events.renewals++}
        {...props}
      />
    </QuickBIProvider>,
  );
  return { events, view };
}

const frame = () => document.querySelector<HTMLIFrameElement>('iframe[title="Sales"]');
const ticketOf = (src: string) => new URL(src).searchParams.get('accessTicket')!;

afterEach(() => cleanup());

it('keeps one iframe load alive past the original expiry, renewing in place', async () => {
  const { events } = mount();
  await expect.poll(() => events.loads, { timeout: 10_000 }).toBe(1);
  const iframe = frame()!;
  const src = iframe.src;
  expect(new URL(src).origin).toBe(reportOrigin);
  const ticket = ticketOf(src);
  const before = await stats();
  expect(before.ticketUses[ticket]).toBe(1);

  // Three jumps of 25 s take the emulator 75 s past issue: the ticket's own minute is long gone,
  // and only in-place renewals keep the page's refreshes working.
  for (let jump = 0; jump < 3; jump++) {
    await control('clock', { advanceMs: 25_000 });
    const renewed = events.renewals;
    await expect.poll(() => events.renewals, { timeout: 10_000 }).toBeGreaterThan(renewed);
  }
  const after = await stats();
  expect(
    after.calls['DelayTicketExpireTime']! - (before.calls['DelayTicketExpireTime'] ?? 0),
  ).toBeGreaterThanOrEqual(3);
  // The page keeps refreshing its data (a page with a dead ticket stops after one failed refresh).
  await expect
    .poll(async () => (await stats()).refreshes, { timeout: 10_000 })
    .toBeGreaterThanOrEqual(after.refreshes + 4);
  const end = await stats();
  expect(end.pageErrors).toBe(before.pageErrors);
  expect(end.ticketUses[ticket]).toBe(1);
  expect(events.loads).toBe(1);
  expect(frame()).toBe(iframe);
  expect(iframe.src).toBe(src);
});

it('follows the height the dashboard posts', async () => {
  const full = mount();
  await expect.poll(() => full.events.loads, { timeout: 10_000 }).toBe(1);
  await expect.poll(() => frame()!.style.height, { timeout: 10_000 }).not.toBe('400px');
  const fullHeight = parseFloat(frame()!.style.height);
  expect(fullHeight).toBeGreaterThan(0);
  cleanup();

  // One KPI component is shorter than the whole dashboard.
  const kpi = mount({ cmptId: 'cmpt-sales-kpi' });
  await expect.poll(() => kpi.events.loads, { timeout: 10_000 }).toBe(1);
  await expect.poll(() => frame()!.style.height, { timeout: 10_000 }).not.toBe('400px');
  expect(parseFloat(frame()!.style.height)).toBeLessThan(fullHeight);
});

it('shows the error state when the upstream fails, and Retry recovers', async () => {
  await control('faults', { action: 'CreateTicket', status: 503, count: 1 });
  const { events } = mount();
  const alert = await screen.findByRole('alert', {}, { timeout: 10_000 });
  expect(alert).toHaveTextContent('UPSTREAM_UNAVAILABLE');
  // The words arrive with the error view's chunk, a moment later.
  await expect
    .poll(() => screen.getByRole('alert').textContent, { timeout: 10_000 })
    .toContain('Quick BI is unavailable right now.');
  expect(frame()).toBeNull();
  fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
  await expect.poll(() => events.loads, { timeout: 10_000 }).toBe(1);
  expect(screen.queryByRole('alert')).toBeNull();
});
