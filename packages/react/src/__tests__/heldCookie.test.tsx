import { act, render } from '@testing-library/react';
import { heldId, heldIdsOf } from '@quickbi-embed/core/held';
import type { TicketCredential } from '@quickbi-embed/core';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { QuickBIProvider, QuickBIReport } from '../index.js';
import { createFakeAdapter } from './fakeAdapter.js';
import { testClient } from './wrapper.js';

// Revalidation (issue 18 item 8): QuickBIReport's page names the reports it holds in the
// first-party cookie `quickbi-held` (the engine's renewal planner writes it, after the first
// paint), so a loader run again prefetches them without reserving a use; and it never shows a
// handed-in ticket that reserved it no load.
const SALES = 'dash-sales-0001';
const EAST = [{ paramKey: 'region', values: ['华东'] }];
const NORTH = [{ paramKey: 'region', values: ['华北'] }];
const flush = () => act(() => vi.advanceTimersByTimeAsync(1));

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(Date.UTC(2026, 10, 23, 9));
});
afterEach(() => {
  vi.useRealTimers();
  document.cookie = 'quickbi-held=; Path=/; Max-Age=0';
});

it('writes the reports the page holds into document.cookie as they mount and switch', async () => {
  const fake = createFakeAdapter();
  const client = testClient();
  const page = (filters: typeof EAST) => (
    <QuickBIProvider adapter={fake.adapter} queryClient={client}>
      <QuickBIReport worksId={SALES} title="Sales" filters={filters} />
    </QuickBIProvider>
  );
  expect(heldIdsOf(document.cookie).size).toBe(0);
  const view = render(page(EAST));
  await flush();
  expect(view.container.querySelector('iframe')).not.toBeNull();
  expect(heldIdsOf(document.cookie)).toEqual(new Set([heldId({ worksId: SALES, filters: EAST })]));
  // Another choice: both are held (the first one's live ticket is kept for a switch back).
  view.rerender(page(NORTH));
  await flush();
  expect(heldIdsOf(document.cookie)).toEqual(
    new Set([
      heldId({ worksId: SALES, filters: EAST }),
      heldId({ worksId: SALES, filters: NORTH }),
    ]),
  );
  view.unmount();
});

it('never shows a prefetched ticket with no load reserved: it asks for its own', async () => {
  const fake = createFakeAdapter();
  // A prefetch whose page (another tab's cookie) was said to hold the report: no use reserved.
  const held: TicketCredential = {
    ...((await fake.adapter.createTicket({ worksId: SALES })) as TicketCredential),
    reservedUses: 0,
  };
  fake.calls.createTicket = 0;
  const view = render(
    <QuickBIProvider adapter={fake.adapter} queryClient={testClient()}>
      <QuickBIReport worksId={SALES} title="Sales" initialCredential={held} />
    </QuickBIProvider>,
  );
  // Not even for the first render.
  expect(view.container.querySelector('iframe')).toBeNull();
  await flush();
  // Shown once its own use was reserved (the fake server shares the ticket: the same URL).
  expect(fake.calls.createTicket).toBe(1);
  expect(view.container.querySelector('iframe')?.getAttribute('src')).toBe(held.reportUrl);
  view.unmount();
});
