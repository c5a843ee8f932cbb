import { renderHook } from '@testing-library/react';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { useTicket, useTicketInfo } from '../index.js';
import { createFakeAdapter } from './fakeAdapter.js';
import { flush } from './fakeTime.js';
import { makeWrapper } from './wrapper.js';

// Fake time: the ticket, then its info, arrive when the test lets them, not after a real wait.
beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

it('reads QueryTicketInfo for the current ticket, and stays idle without one', async () => {
  const fake = createFakeAdapter({ maxUses: 4 });
  const wrapper = makeWrapper(fake.adapter);
  const idle = renderHook(() => useTicketInfo(undefined), { wrapper });
  expect(idle.result.current.status).toBe('pending');
  expect(idle.result.current.isFetching).toBe(false);

  const { result } = renderHook(
    () => {
      const ticket = useTicket({ worksId: 'dash-sales-0001' });
      return { ticket, info: useTicketInfo(ticket.credential) };
    },
    { wrapper },
  );
  await flush();
  expect(result.current.ticket.status).toBe('success');
  await flush();
  expect(fake.calls.queryTicketInfo).toBe(1);
  expect(result.current.info.status).toBe('success');
  expect(result.current.info.info).toMatchObject({
    ticket: 't-1',
    maxUses: 4,
    watermark: 'alice@example',
  });
});
