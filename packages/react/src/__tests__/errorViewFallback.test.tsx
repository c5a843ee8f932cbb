import { fireEvent, render, screen } from '@testing-library/react';
import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it, vi } from 'vitest';
import { QuickBIProvider, QuickBIReport } from '../index.js';
import { createFakeAdapter } from './fakeAdapter.js';

// The error view's chunk does not load (offline, or a deploy replaced it) until `chunkBack`.
const chunk = vi.hoisted(() => ({ back: false }));
vi.mock('../ErrorView.js', async (importOriginal) => {
  if (!chunk.back) throw new TypeError('Failed to fetch dynamically imported module');
  return importOriginal();
});

describe('QuickBIReport when the error view cannot load', () => {
  it('shows the code and a Retry, and the Retry loads the view again', async () => {
    const fake = createFakeAdapter();
    fake.failNext(2, 'FORBIDDEN', 403);
    const client = new QueryClient({ defaultOptions: { queries: { gcTime: Infinity } } });
    render(
      <QuickBIProvider adapter={fake.adapter} queryClient={client}>
        <QuickBIReport worksId="dash-sales-0001" title="Sales" />
      </QuickBIProvider>,
    );
    // Never nothing: the bare view names the code, with a Retry.
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('FORBIDDEN');
    chunk.back = true;
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    // The report asked again (and was refused again); the view's chunk loaded this time.
    expect(
      await screen.findByText('You are not allowed to view this report. (FORBIDDEN)', {
        exact: false,
      }),
    ).toBeInTheDocument();
    expect(fake.calls.createTicket).toBe(2);
  });
});
