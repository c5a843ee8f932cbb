import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRenewalScheduler } from '../renewalScheduler.js';
import type { Timers } from '../timers.js';

const MIN = 60_000;

describe('renewal scheduler', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(1_700_000_000_000);
  });
  afterEach(() => vi.useRealTimers());

  it('fires once, before expiry, on the skew-corrected clock', async () => {
    const renew = vi.fn();
    const scheduler = createRenewalScheduler(renew);
    const now = Date.now();
    // The server's clock is 5 minutes behind ours.
    scheduler.plan({ serverNow: now - 5 * MIN, expiresAt: now + 5 * MIN }, now);
    await vi.advanceTimersByTimeAsync(9 * MIN - 1);
    expect(renew).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(renew).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(60 * MIN);
    expect(renew).toHaveBeenCalledTimes(1);
  });

  it('retries with backoff while the credential lives, then one last time at expiry', async () => {
    const renew = vi.fn();
    const scheduler = createRenewalScheduler(renew);
    const now = Date.now();
    const credential = { serverNow: now, expiresAt: now + 10_000 };
    const fired: number[] = [];
    renew.mockImplementation(() => {
      fired.push(Date.now() - now);
      scheduler.plan(credential, now, true);
    });
    scheduler.plan(credential, now, true);
    await vi.advanceTimersByTimeAsync(60_000);
    // 1 s, +2 s, +4 s, then capped 1 s before expiry, then expiry itself; then nothing.
    expect(fired).toEqual([1000, 3000, 7000, 9000, 10_000]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('replans instead of stacking timers, and cancel leaves none', () => {
    const scheduler = createRenewalScheduler(() => {});
    const now = Date.now();
    scheduler.plan({ serverNow: now, expiresAt: now + MIN }, now);
    scheduler.plan({ serverNow: now, expiresAt: now + 2 * MIN }, now);
    expect(vi.getTimerCount()).toBe(1);
    scheduler.cancel();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('runs on injected timers', () => {
    const calls: number[] = [];
    const timers: Timers = {
      now: () => 0,
      setTimeout: (_cb, ms) => calls.push(ms),
      clearTimeout: () => {},
    };
    createRenewalScheduler(() => {}, { timers }).plan({ serverNow: 0, expiresAt: 10 * MIN }, 0);
    expect(calls).toEqual([9 * MIN]);
  });
});
