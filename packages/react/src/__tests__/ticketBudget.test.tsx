import { fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { QuickBIReport } from '../index.js';
import { createFakeAdapter } from './fakeAdapter.js';
import { makeWrapper } from './wrapper.js';
import { MIN, advance, flush } from './fakeTime.js';

/**
 * Ticket uses across several embeds of one report: each page load spends a use, the server grants
 * each answer a number of loads, and embeds keep the ticket they loaded with.
 */
const srcOf = (title: string) => screen.queryByTitle(title)?.getAttribute('src') ?? null;
const ticketOf = (title: string) => new URL(srcOf(title)!).searchParams.get('accessTicket');

function FourEmbeds() {
  return (
    <>
      {[1, 2, 3, 4].map((i) => (
        <QuickBIReport
          key={i}
          worksId="dash-sales-0001"
          title={`Sales ${i}`}
          error={(e, retry) => (
            <button type="button" onClick={retry}>
              {e.code}
            </button>
          )}
        />
      ))}
    </>
  );
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(Date.UTC(2026, 10, 23, 9));
});
afterEach(() => vi.useRealTimers());

describe('ticket uses across embeds', () => {
  it('budget 3, no top-up, no renewal: the fourth embed loads with a second ticket', async () => {
    const fake = createFakeAdapter({ maxUses: 3, topUp: 0, maxRenewals: 0 });
    render(<FourEmbeds />, { wrapper: makeWrapper(fake.adapter) });
    await flush();
    await flush();
    expect(['Sales 1', 'Sales 2', 'Sales 3', 'Sales 4'].map(ticketOf)).toEqual([
      't-1',
      't-1',
      't-1',
      't-2',
    ]);
    // Four loads asked for, three granted; the renewal cannot help (refused), so a new ticket.
    expect(fake.requests).toEqual([
      { action: 'createTicket', uses: 4 },
      { action: 'renewTicket', ticket: 't-1', uses: 1 },
      { action: 'createTicket' },
    ]);
    const before = ['Sales 1', 'Sales 2', 'Sales 3'].map(srcOf);
    // Nothing more happens until renewal time: no loop.
    await advance(5 * MIN);
    expect(fake.calls).toMatchObject({ createTicket: 2, renewTicket: 1 });
    expect(['Sales 1', 'Sales 2', 'Sales 3'].map(srcOf)).toEqual(before);
  });

  it('keeps the pinned old ticket renewed in place while the query moved on', async () => {
    const fake = createFakeAdapter({ lifetimeMs: 10 * MIN, maxUses: 3, topUp: 0 });
    const { unmount } = render(<FourEmbeds />, { wrapper: makeWrapper(fake.adapter) });
    await flush();
    await flush();
    expect(ticketOf('Sales 4')).toBe('t-2');
    const frames = ['Sales 1', 'Sales 2', 'Sales 3', 'Sales 4'].map((t) => screen.getByTitle(t));
    const srcs = frames.map((f) => f.getAttribute('src'));
    // One timer for the query's ticket (t-2), one for the pinned t-1 however many embeds show it.
    expect(vi.getTimerCount()).toBe(2);
    const renewalsBefore = fake.requests.length;
    for (let round = 0; round < 3; round++) await advance(9 * MIN);
    await advance(MIN);
    const renewed = fake.requests.slice(renewalsBefore);
    expect(renewed.filter((r) => r.action === 'createTicket')).toEqual([]);
    expect(renewed.filter((r) => r.ticket === 't-1')).toHaveLength(3);
    expect(renewed.filter((r) => r.ticket === 't-2')).toHaveLength(3);
    expect(fake.expiredRenewals).toEqual([]);
    // Past the original expiry, still the same iframes with the same src.
    for (const [i, title] of ['Sales 1', 'Sales 2', 'Sales 3', 'Sales 4'].entries()) {
      expect(screen.getByTitle(title)).toBe(frames[i]);
      expect(srcOf(title)).toBe(srcs[i]);
    }
    unmount();
    await flush();
    // Unheld: only its collection is pending; after the grace period, nothing.
    expect(vi.getTimerCount()).toBe(1);
    await advance(5 * MIN);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a server that never grants a use: TICKET_EXHAUSTED with retry after bounded calls', async () => {
    const fake = createFakeAdapter({ neverGrants: true });
    const onError = vi.fn();
    const { unmount } = render(
      <QuickBIReport
        worksId="dash-sales-0001"
        title="Sales"
        onError={onError}
        error={(e, retry) => (
          <button type="button" onClick={retry}>
            {e.code}
          </button>
        )}
      />,
      { wrapper: makeWrapper(fake.adapter) },
    );
    await flush();
    // Still trying (backing off), not yet an error.
    expect(screen.queryByRole('button')).toBeNull();
    await advance(1000);
    await advance(2000);
    const button = screen.getByRole('button', { name: 'TICKET_EXHAUSTED' });
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'TICKET_EXHAUSTED' }));
    // Three rounds: a create, then twice a renewal asking for the use and a create.
    expect(fake.calls).toMatchObject({ createTicket: 3, renewTicket: 2 });
    await advance(2 * MIN);
    expect(fake.calls).toMatchObject({ createTicket: 3, renewTicket: 2 });
    expect(screen.queryByTitle('Sales')).toBeNull();

    // Retry asks once more, and shows the error again when nothing changed.
    fireEvent.click(button);
    await flush();
    await advance(1000);
    await advance(2000);
    expect(fake.calls.createTicket + fake.calls.renewTicket).toBeLessThanOrEqual(11);
    expect(screen.getByRole('button', { name: 'TICKET_EXHAUSTED' })).toBeInTheDocument();
    unmount();
    await flush();
    // Unheld: only its collection is pending; after the grace period, nothing.
    expect(vi.getTimerCount()).toBe(1);
    await advance(5 * MIN);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('after a retry that finds a use, the waiting embed loads', async () => {
    const fake = createFakeAdapter({ neverGrants: true });
    render(<FourEmbeds />, { wrapper: makeWrapper(fake.adapter) });
    await advance(0);
    await advance(1000);
    await advance(2000);
    const buttons = screen.getAllByRole('button', { name: 'TICKET_EXHAUSTED' });
    expect(buttons).toHaveLength(4);
    fake.grantAgain();
    fireEvent.click(buttons[0]!);
    await flush();
    await flush();
    expect(screen.queryAllByRole('button')).toHaveLength(0);
    expect(['Sales 1', 'Sales 2', 'Sales 3', 'Sales 4'].map(ticketOf)).toEqual([
      't-1',
      't-1',
      't-1',
      't-1',
    ]);
    // The retry renewed the ticket the query kept and reserved four loads on it.
    expect(fake.requests.at(-1)).toEqual({ action: 'renewTicket', ticket: 't-1', uses: 4 });
  });
});

describe('an embed given another report', () => {
  it('loads the new report instead of keeping the old pinned ticket', async () => {
    const fake = createFakeAdapter();
    const wrapper = makeWrapper(fake.adapter);
    const view = render(<QuickBIReport worksId="dash-a" title="Report" />, { wrapper });
    await flush();
    expect(srcOf('Report')).toContain('pageId=dash-a');
    view.rerender(<QuickBIReport worksId="dash-b" title="Report" />);
    await flush();
    expect(srcOf('Report')).toContain('pageId=dash-b');
    expect(fake.requests).toEqual([{ action: 'createTicket' }, { action: 'createTicket' }]);
  });
});
