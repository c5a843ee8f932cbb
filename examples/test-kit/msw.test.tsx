/**
 * Test kit example 1: your component against the emulator, in jsdom, through msw.
 *
 * msw answers two things in this test process: your app's own `/api/quickbi` (here the real
 * server handler with a tiny policy, as your server would run it) and Quick BI's OpenAPI (the
 * emulator at a `.test` origin that never resolves). Nothing leaves the process.
 */
import { QueryClient } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import { http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { createHttpAdapter } from '@quickbi-embed/core';
import { DEFAULT_ACCESS_KEY } from '@quickbi-embed/emulator';
import { createMswEmulator } from '@quickbi-embed/emulator/msw';
import { QuickBIProvider } from '@quickbi-embed/react';
import { createQuickBIClient, createQuickBIHandler } from '@quickbi-embed/server';
import { SalesReport } from './SalesReport.js';

// The emulator's own test key (DEFAULT_ACCESS_KEY): a fixture, not a secret.
const quickbi = createMswEmulator();
const handler = createQuickBIHandler({
  client: createQuickBIClient({ ...DEFAULT_ACCESS_KEY, endpoint: quickbi.origin }),
  reportOrigin: quickbi.origin,
  // Your policy: here every request is end user alice with a watermark.
  authorize: () => ({ subject: 'alice', userId: 'user-alice-0001', watermark: 'alice@test' }),
});
const server = setupServer(
  ...quickbi.handlers,
  http.all('*/api/quickbi/*', ({ request }) => handler(request)),
);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => quickbi.emulator.reset());
afterAll(() => server.close());

function renderWithQuickBI(ui: React.ReactNode) {
  return render(
    <QuickBIProvider
      adapter={createHttpAdapter()}
      queryClient={new QueryClient({ defaultOptions: { queries: { retry: false } } })}
    >
      {ui}
    </QuickBIProvider>,
  );
}

it('embeds the dashboard with a ticket the emulator issued', async () => {
  renderWithQuickBI(<SalesReport region="East" />);
  const iframe = await screen.findByTitle('Sales in East', {}, { timeout: 5_000 });
  const src = new URL(iframe.getAttribute('src')!);
  expect(src.origin).toBe(quickbi.origin);
  expect(src.searchParams.get('pageId')).toBe('dash-sales-0001');
  // The ticket is one the emulator really minted, bound to alice and her watermark.
  const stats = quickbi.emulator.stats();
  expect(stats.calls['CreateTicket']).toBe(1);
  const ticket = src.searchParams.get('accessTicket')!;
  const page = await fetch(src);
  expect(await page.text()).toContain('alice@test');
  expect(quickbi.emulator.stats().ticketUses[ticket]).toBe(1);
});

it('shows the error state when Quick BI is down', async () => {
  quickbi.emulator.setFaults({ action: 'CreateTicket', status: 503, count: 100 });
  renderWithQuickBI(<SalesReport region="East" />);
  await waitFor(() => expect(screen.getByRole('alert')).toBeInTheDocument(), { timeout: 10_000 });
  expect(screen.queryByTitle('Sales in East')).toBeNull();
});
