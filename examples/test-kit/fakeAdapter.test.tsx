/**
 * Test kit example 2: your component with the fake adapter from `@quickbi-embed/core/testing`.
 * No network, no emulator, no msw: made-up credentials, every call recorded, errors on demand.
 */
import { QueryClient } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import { expect, it } from 'vitest';
import { createFakeAdapter, FAKE_REPORT_ORIGIN } from '@quickbi-embed/core/testing';
import { QuickBIProvider } from '@quickbi-embed/react';
import { SalesReport } from './SalesReport.js';

function renderWith(adapter: ReturnType<typeof createFakeAdapter>) {
  return render(
    <QuickBIProvider
      adapter={adapter}
      queryClient={new QueryClient({ defaultOptions: { queries: { retry: false } } })}
    >
      <SalesReport region="East" />
    </QuickBIProvider>,
  );
}

it('shows loading, then the report', async () => {
  const adapter = createFakeAdapter();
  adapter.hold();
  renderWith(adapter);
  expect(await screen.findByRole('status', { name: 'Sales in East' })).toBeInTheDocument();
  adapter.release();
  const iframe = await screen.findByTitle('Sales in East');
  const src = new URL(iframe.getAttribute('src')!);
  expect(src.origin).toBe(FAKE_REPORT_ORIGIN);
  expect(src.searchParams.get('accessTicket')).toMatch(/^fake-ticket-/);
  expect(adapter.calls.map((c) => c.method)).toEqual(['createTicket']);
  expect(adapter.calls[0]!.request).toMatchObject({ worksId: 'dash-sales-0001' });
});

it('shows the error state with a retry that works', async () => {
  const adapter = createFakeAdapter();
  adapter.failNext('createTicket', 'FORBIDDEN');
  renderWith(adapter);
  // The default error view names the cause and its code. Its words load on demand, and a first
  // import in a cold test run can take longer than waitFor's 1 s default: give it time.
  await waitFor(
    () =>
      expect(screen.getByRole('alert')).toHaveTextContent(
        'You are not allowed to view this report. (FORBIDDEN)',
      ),
    { timeout: 10_000 },
  );
  expect(screen.queryByTitle('Sales in East')).toBeNull();
  (await screen.findByRole('button', { name: 'Retry' })).click();
  expect(await screen.findByTitle('Sales in East')).toBeInTheDocument();
  expect(screen.queryByRole('alert')).toBeNull();
});
