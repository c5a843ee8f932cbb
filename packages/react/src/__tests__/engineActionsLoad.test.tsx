import { fireEvent, render, screen } from '@testing-library/react';
import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it, vi } from 'vitest';
import type { QuickBIClientAdapter, TicketCredential } from '@quickbi-embed/core';
import { QuickBIProvider, QuickBIReport } from '../index.js';

// The engine's actions load on demand (core's `engineActions.ts`); here that load fails (the page
// went offline, or a deploy replaced the chunk) until `back`.
const chunk = vi.hoisted(() => ({ back: false }));
vi.mock('../../../core/src/engineActions.js', async (importOriginal) => {
  if (!chunk.back) throw new TypeError('Failed to fetch dynamically imported module');
  return importOriginal();
});

const ORIGIN = 'https://bi.example.com';

describe('QuickBIReport when the engine’s actions cannot load', () => {
  it('shows a network error with a Retry (never “Loading report…” for ever), and the Retry shows the report', async () => {
    const now = Date.now();
    const createTicket = vi.fn(
      async (): Promise<TicketCredential> =>
        ({
          kind: 'ticket',
          ticket: 't-1',
          worksId: 'dash-sales-0001',
          worksType: 'dashboard',
          reportUrl: `${ORIGIN}/token3rd/dashboard/view/pc.htm?pageId=dash-sales-0001&accessTicket=t-1`,
          reportOrigin: ORIGIN,
          expiresAt: now + 3_600_000,
          serverNow: now,
          maxUses: 5,
          usedUses: 0,
          reservedUses: 1,
        }) as TicketCredential,
    );
    const client = new QueryClient({ defaultOptions: { queries: { gcTime: Infinity } } });
    render(
      <QuickBIProvider
        adapter={{ createTicket } as unknown as QuickBIClientAdapter}
        queryClient={client}
      >
        <QuickBIReport worksId="dash-sales-0001" title="Sales" />
      </QuickBIProvider>,
    );
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('NETWORK_ERROR');
    expect(createTicket).not.toHaveBeenCalled();
    chunk.back = true;
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByTitle('Sales')).toHaveAttribute(
      'src',
      expect.stringContaining('accessTicket=t-1'),
    );
    expect(screen.queryByRole('alert')).toBeNull();
    expect(createTicket).toHaveBeenCalledTimes(1);
  });
});
