import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useEmbedToken, useTicket } from '../index.js';
import { createFakeAdapter } from './fakeAdapter.js';
import { makeWrapper } from './wrapper.js';
import { MIN, advance, flush } from './fakeTime.js';

// React Query notifies on a zero timeout, which fake timers run only once time moves: every
// step ends with 1 ms more.

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(Date.UTC(2026, 10, 23, 9));
});
afterEach(() => vi.useRealTimers());

describe('useTicket', () => {
  it('asks for the host-chosen filters it is given', async () => {
    const fake = createFakeAdapter();
    const filters = [{ paramKey: 'region', values: ['华东'] }];
    const { result } = renderHook(() => useTicket({ worksId: 'dash-sales-0001', filters }), {
      wrapper: makeWrapper(fake.adapter),
    });
    await flush();
    expect(result.current.status).toBe('success');
    expect(fake.bodies).toEqual([{ worksId: 'dash-sales-0001', filters }]);
  });

  it.each([
    ['5 minutes fast', -5 * MIN],
    ['5 minutes slow', 5 * MIN],
  ])('renews before expiry with the browser clock %s', async (_label, serverOffsetMs) => {
    const fake = createFakeAdapter({ lifetimeMs: 10 * MIN, serverOffsetMs });
    const start = Date.now();
    const { result } = renderHook(() => useTicket({ worksId: 'dash-sales-0001' }), {
      wrapper: makeWrapper(fake.adapter),
    });
    await flush();
    expect(result.current.status).toBe('success');
    const first = result.current.credential!;
    // Expiry on the browser's clock: 10 minutes from now whatever the skew.
    expect(result.current.expiresAt).toBe(start + 10 * MIN);

    // Margin: max(60 s, 10 % of 10 min) = 60 s before expiry.
    await advance(9 * MIN - 3);
    expect(fake.calls.renewTicket).toBe(0);
    await advance(1);
    await flush();
    expect(fake.calls.renewTicket).toBe(1);
    expect(fake.expiredRenewals).toEqual([]);
    expect(result.current.credential!.ticket).toBe(first.ticket);
    expect(result.current.credential!.expiresAt).toBeGreaterThan(first.expiresAt);
    expect(result.current.expiresAt).toBe(start + 19 * MIN);
    expect(fake.calls.createTicket).toBe(1);

    // And again, for the renewed credential.
    await advance(9 * MIN);
    expect(fake.calls.renewTicket).toBe(2);
    expect(fake.expiredRenewals).toEqual([]);
  });

  it('keeps the credential while renewing and through failures, then recovers', async () => {
    const fake = createFakeAdapter({ lifetimeMs: 10 * MIN });
    const { result } = renderHook(() => useTicket({ worksId: 'dash-sales-0001' }), {
      wrapper: makeWrapper(fake.adapter),
    });
    await flush();
    const first = result.current.credential!;
    fake.failNext(2);
    await advance(9 * MIN);
    await flush();
    expect(fake.calls.renewTicket).toBe(1);
    expect(result.current.status).toBe('success');
    expect(result.current.error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect(result.current.credential).toBe(first);

    // Backoff: 1 s (fails again), then 2 s (succeeds).
    await advance(1000);
    expect(fake.calls.renewTicket).toBe(2);
    expect(result.current.error).not.toBeNull();
    await advance(2000);
    expect(fake.calls.renewTicket).toBe(3);
    expect(result.current.error).toBeNull();
    expect(result.current.status).toBe('success');
    expect(result.current.credential!.ticket).toBe(first.ticket);
    expect(result.current.credential!.expiresAt).toBeGreaterThan(first.expiresAt);
  });

  it('shows isRenewing while a renewal is in flight', async () => {
    const fake = createFakeAdapter({ lifetimeMs: 10 * MIN });
    let release!: () => void;
    const renew = fake.adapter.renewTicket;
    fake.adapter.renewTicket = async (...args) => {
      await new Promise<void>((resolve) => (release = resolve));
      return renew(...args);
    };
    const { result } = renderHook(() => useTicket({ worksId: 'dash-sales-0001' }), {
      wrapper: makeWrapper(fake.adapter),
    });
    await flush();
    expect(result.current.isRenewing).toBe(false);
    await advance(9 * MIN);
    expect(result.current.isRenewing).toBe(true);
    expect(result.current.credential).toBeDefined();
    await act(async () => release());
    await flush();
    expect(result.current.isRenewing).toBe(false);
  });

  it('reports an error once the credential dies unrenewed, retries boundedly, refetch recovers', async () => {
    const fake = createFakeAdapter({ lifetimeMs: 10 * MIN });
    const { result } = renderHook(() => useTicket({ worksId: 'dash-sales-0001' }), {
      wrapper: makeWrapper(fake.adapter),
    });
    await flush();
    fake.failNext(1000);
    await advance(11 * MIN);
    expect(result.current.status).toBe('error');
    // It keeps trying on its own for a while (self-recovery), then stops: bounded.
    await advance(60 * MIN);
    const attempts = fake.calls.renewTicket + fake.calls.createTicket;
    await advance(60 * MIN);
    expect(fake.calls.renewTicket + fake.calls.createTicket).toBe(attempts);
    // The server is back; retry by hand: the old ticket cannot be extended, so a new one.
    fake.clearFailures();
    await act(() => result.current.refetch());
    await flush();
    expect(result.current.status).toBe('success');
    expect(result.current.credential!.ticket).toBe('t-2');
  });

  it('shares one query and one timer between hooks of one credential', async () => {
    const fake = createFakeAdapter({ lifetimeMs: 10 * MIN });
    const wrapper = makeWrapper(fake.adapter);
    const { result } = renderHook(
      () => [useTicket({ worksId: 'a' }), useTicket({ worksId: 'a' }), useTicket({ worksId: 'a' })],
      { wrapper },
    );
    await flush();
    expect(fake.calls.createTicket).toBe(1);
    expect(vi.getTimerCount()).toBe(1);
    expect(result.current[0]!.credential).toBe(result.current[2]!.credential);
    await advance(9 * MIN);
    expect(fake.calls.renewTicket).toBe(1);
  });
});

describe('useEmbedToken', () => {
  it('renews by asking again and keeps the same token', async () => {
    const fake = createFakeAdapter({ lifetimeMs: 10 * MIN });
    const { result } = renderHook(() => useEmbedToken({ worksId: 'dash-sales-0001' }), {
      wrapper: makeWrapper(fake.adapter),
    });
    await flush();
    expect(result.current.credential!.accessToken).toBe('tok-1');
    await advance(9 * MIN);
    expect(fake.calls.createEmbedToken).toBe(2);
    expect(result.current.credential!.accessToken).toBe('tok-1');
  });
});

describe('outside the provider', () => {
  it('throws a clear error', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(() => renderHook(() => useTicket({ worksId: 'a' }))).toThrow(/inside <QuickBIProvider>/);
  });
});
