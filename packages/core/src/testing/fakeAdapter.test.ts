import { describe, expect, it, vi } from 'vitest';
import { QuickBIEmbedError } from '../errors.js';
import { createFakeAdapter, FAKE_REPORT_ORIGIN } from './fakeAdapter.js';

describe('createFakeAdapter', () => {
  it('issues a ticket on the fake origin, with expiry on its clock and the requested uses', async () => {
    const adapter = createFakeAdapter({ now: () => 1_000, lifetimeMs: 60_000, maxUses: 5 });
    const t = await adapter.createTicket({ worksId: 'w1', cmptId: 'c1', uses: 2 });
    expect(new URL(t.reportUrl).origin).toBe(FAKE_REPORT_ORIGIN);
    expect(new URL(t.reportUrl).searchParams.get('cmptId')).toBe('c1');
    expect(t).toMatchObject({ kind: 'ticket', expiresAt: 61_000, serverNow: 1_000 });
    expect(t).toMatchObject({ maxUses: 5, usedUses: 0, reservedUses: 2 });
    expect(adapter.calls).toEqual([
      { method: 'createTicket', request: { worksId: 'w1', cmptId: 'c1', uses: 2 } },
    ]);
  });

  it('renews the same ticket in place and tops it up once spent', async () => {
    let now = 0;
    const adapter = createFakeAdapter({ now: () => now, lifetimeMs: 60_000, maxUses: 2 });
    const t = await adapter.createTicket({ worksId: 'w1', uses: 2 });
    now = 30_000;
    const renewed = await adapter.renewTicket({ ticket: t.ticket, uses: 1 });
    expect(renewed.ticket).toBe(t.ticket);
    expect(renewed.expiresAt).toBe(90_000);
    // Both uses were spent: the renewal topped the budget up by maxUses and granted one.
    expect(renewed).toMatchObject({ maxUses: 4, usedUses: 2, reservedUses: 1 });
    const info = await adapter.queryTicketInfo({ ticket: t.ticket });
    expect(info).toMatchObject({ maxUses: 4, usedUses: 3, expiresAt: 90_000, serverNow: 30_000 });
  });

  it('fails the next calls with the code asked for, then recovers', async () => {
    const adapter = createFakeAdapter();
    adapter.failNext('createTicket', 'UPSTREAM_UNAVAILABLE', 2);
    for (let i = 0; i < 2; i += 1) {
      const error = await adapter.createTicket({ worksId: 'w1' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(QuickBIEmbedError);
      expect(error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', status: 503 });
    }
    await expect(adapter.createTicket({ worksId: 'w1' })).resolves.toMatchObject({
      kind: 'ticket',
    });
    await expect(adapter.renewTicket({ ticket: 'never-issued' })).rejects.toMatchObject({
      code: 'TICKET_NOT_OWNED',
    });
  });

  it('holds calls until released, and answers after its latency on fake timers', async () => {
    vi.useFakeTimers();
    try {
      const adapter = createFakeAdapter({ latencyMs: 500 });
      adapter.hold();
      let settled = false;
      const pending = adapter.createEmbedToken({ worksId: 'w1' }).then((c) => {
        settled = true;
        return c;
      });
      await vi.advanceTimersByTimeAsync(1_000);
      expect(settled).toBe(false);
      adapter.release();
      await vi.advanceTimersByTimeAsync(499);
      expect(settled).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      const token = await pending;
      expect(token.kind).toBe('token');
      expect(new URL(token.reportUrl).searchParams.get('accessToken')).toBe(token.accessToken);
    } finally {
      vi.useRealTimers();
    }
  });
});
