import { act } from '@testing-library/react';
import { hydrateRoot } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { QuickBIProvider, QuickBIReport } from '../index.js';
import { createFakeAdapter } from './fakeAdapter.js';
import { testClient } from './wrapper.js';

// First paint from the server: the HTML carries the iframe, the browser adopts it without a
// second call, a second use, or an early renewal.
const MIN = 60_000;
beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(Date.UTC(2026, 10, 23, 9));
});
afterEach(() => vi.useRealTimers());

it('hydrates a server-prefetched ticket: same iframe, no call, one use, renewal on time', async () => {
  // One use, no top-up: a second load here would need another ticket.
  const fake = createFakeAdapter({ lifetimeMs: 10 * MIN, maxUses: 1, topUp: 0 });
  const prefetched = await fake.adapter.createTicket({ worksId: 'dash-sales-0001' });
  fake.calls.createTicket = 0;
  const app = (
    <QuickBIProvider adapter={fake.adapter} queryClient={testClient()}>
      <QuickBIReport worksId="dash-sales-0001" title="Sales" initialCredential={prefetched} />
    </QuickBIProvider>
  );
  const container = document.createElement('div');
  container.innerHTML = renderToString(app);
  document.body.append(container);
  const serverFrame = container.querySelector('iframe')!;
  const errors = vi.spyOn(console, 'error');
  await act(async () => void hydrateRoot(container, app));
  await act(() => vi.advanceTimersByTimeAsync(1));
  expect(errors).not.toHaveBeenCalled();
  expect(container.querySelector('iframe')).toBe(serverFrame);
  expect(serverFrame.getAttribute('src')).toBe(prefetched.reportUrl);
  expect(fake.calls).toMatchObject({ createTicket: 0, renewTicket: 0 });
  // Renewed at the usual margin before its expiry, not at once.
  await act(() => vi.advanceTimersByTimeAsync(9 * MIN - 2000));
  expect(fake.calls.renewTicket).toBe(0);
  await act(() => vi.advanceTimersByTimeAsync(2000));
  expect(fake.calls.renewTicket).toBe(1);
  expect(container.querySelector('iframe')!.getAttribute('src')).toBe(prefetched.reportUrl);
  container.remove();
});

it('hydrates a ticket prefetched with host-chosen filters for the report with those filters', async () => {
  const fake = createFakeAdapter({ lifetimeMs: 10 * MIN, maxUses: 1, topUp: 0 });
  const filters = [{ paramKey: 'region', values: ['华东'] }];
  const prefetched = await fake.adapter.createTicket({ worksId: 'dash-sales-0001', filters });
  fake.calls.createTicket = 0;
  const app = (
    <QuickBIProvider adapter={fake.adapter} queryClient={testClient()}>
      <QuickBIReport
        worksId="dash-sales-0001"
        title="Sales"
        filters={filters}
        initialCredential={prefetched}
      />
    </QuickBIProvider>
  );
  const container = document.createElement('div');
  container.innerHTML = renderToString(app);
  document.body.append(container);
  const serverFrame = container.querySelector('iframe')!;
  await act(async () => void hydrateRoot(container, app));
  await act(() => vi.advanceTimersByTimeAsync(1));
  expect(container.querySelector('iframe')).toBe(serverFrame);
  expect(serverFrame.getAttribute('src')).toBe(prefetched.reportUrl);
  expect(fake.calls).toMatchObject({ createTicket: 0, renewTicket: 0 });
  container.remove();
});
