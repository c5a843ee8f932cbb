import { act, renderHook } from '@testing-library/react';
import { expect, it } from 'vitest';
import { useTicket, useTicketInfo } from '../index.js';
import { createFakeAdapter } from './fakeAdapter.js';
import { makeWrapper } from './wrapper.js';

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
  await act(async () => {
    await new Promise((resolve) => setTimeout(resolve, 20));
  });
  expect(fake.calls.queryTicketInfo).toBe(1);
  expect(result.current.info.status).toBe('success');
  expect(result.current.info.info).toMatchObject({
    ticket: 't-1',
    maxUses: 4,
    watermark: 'alice@example',
  });
});
