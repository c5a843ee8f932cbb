// The devtools panel in real Chromium over a real engine, server handler and emulator.
import { createHttpAdapter, type RenewalPolicy } from '@quickbi-embed/core';
import { QueryClient } from '@tanstack/react-query';
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, expect, inject, it } from 'vitest';
import { QuickBIDevtools } from '../devtools/index.js';
import { QuickBIProvider, QuickBIReport } from '../index.js';

const { apiBase, emulatorUrl, reportOrigin } = inject('quickbi');
const fastRenewal: RenewalPolicy = { margin: (lifetime) => lifetime - 1500 };

afterEach(() => cleanup());

it('lists the page’s credential, masked, with uses, countdowns and events with codes', async () => {
  // The first renewal fails upstream: the panel logs its code while the report keeps showing.
  await fetch(`${emulatorUrl}/__emulator/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ action: 'DelayTicketExpireTime', status: 503, count: 1 }),
  });
  let loads = 0;
  render(
    <QuickBIProvider
      adapter={createHttpAdapter({
        baseUrl: apiBase,
        headers: { 'x-test-user': `devtools-${Date.now()}` },
      })}
      queryClient={new QueryClient()}
      renewal={fastRenewal}
      reportOrigin={reportOrigin}
    >
      <QuickBIReport worksId="dash-sales-0001" title="Sales" onLoad={() => loads++} />
      <QuickBIDevtools initialOpen renewal={fastRenewal} />
    </QuickBIProvider>,
  );
  await expect.poll(() => loads, { timeout: 10_000 }).toBe(1);
  const panel = await screen.findByRole(
    'region',
    { name: 'Quick BI devtools' },
    { timeout: 10_000 },
  );
  const row = panel.querySelector<HTMLTableRowElement>('tr[data-credential="ticket"]')!;
  const cells = Array.from(row.cells, (c) => c.textContent);
  const ticket = new URL(document.querySelector('iframe')!.src).searchParams.get('accessTicket')!;
  expect(cells[0]).toBe('ticket');
  expect(cells[1]).toBe('dash-sales-0001');
  expect(cells[2]).toContain('…');
  expect(panel.textContent).not.toContain(ticket);
  // Granted and started here: one load.
  expect(cells.slice(3, 5)).toEqual(['1', '1']);
  expect(cells[6]).toMatch(/^\d+:\d\d$/);
  const events = within(panel).getByRole('list', { name: 'Events' });
  await expect.poll(() => events.textContent, { timeout: 10_000 }).toContain('new ticket');
  await expect
    .poll(() => events.textContent, { timeout: 10_000 })
    .toMatch(/UPSTREAM_UNAVAILABLE|UPSTREAM_ERROR/);
});
