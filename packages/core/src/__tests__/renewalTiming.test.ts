import { describe, expect, it } from 'vitest';
import {
  defaultRenewalMargin,
  localExpiresAt,
  renewalDelay,
  retryDelay,
} from '../renewalTiming.js';

const MIN = 60_000;
const server = 1_700_000_000_000;
const credential = { serverNow: server, expiresAt: server + 60 * MIN };

describe('renewal timing', () => {
  it('renews 6 minutes before a 60-minute credential expires (10 % margin)', () => {
    expect(renewalDelay(credential, server, server)).toBe(54 * MIN);
  });

  it.each([
    ['5 minutes fast', 5 * MIN],
    ['5 minutes slow', -5 * MIN],
    ['on time', 0],
  ])('is skew-corrected with the browser clock %s', (_label, skew) => {
    const receivedAt = server + skew;
    expect(localExpiresAt(credential, receivedAt)).toBe(credential.expiresAt + skew);
    // Same delay whatever the skew: it is measured on one clock.
    expect(renewalDelay(credential, receivedAt, receivedAt)).toBe(54 * MIN);
    // Ten minutes later on the local clock, ten minutes less to wait.
    expect(renewalDelay(credential, receivedAt, receivedAt + 10 * MIN)).toBe(44 * MIN);
  });

  it('uses at least 60 s of margin, at most half the lifetime', () => {
    expect(defaultRenewalMargin(5 * MIN)).toBe(MIN);
    expect(defaultRenewalMargin(100 * MIN)).toBe(10 * MIN);
    expect(defaultRenewalMargin(30_000)).toBe(15_000);
    expect(renewalDelay({ serverNow: 0, expiresAt: 30_000 }, 0, 0)).toBe(15_000);
  });

  it('never schedules in the past, even for an already expired credential', () => {
    expect(renewalDelay(credential, server, server + 2 * 60 * MIN)).toBe(1000);
    expect(renewalDelay({ serverNow: 5, expiresAt: 5 }, 0, 0)).toBe(1000);
  });

  it('takes a custom margin', () => {
    expect(renewalDelay(credential, server, server, { margin: () => 0 })).toBe(60 * MIN);
  });

  it('backs off on failure, and stops once the credential is dead', () => {
    expect(retryDelay(1, credential, server, server)).toBe(1000);
    expect(retryDelay(2, credential, server, server)).toBe(2000);
    expect(retryDelay(3, credential, server, server)).toBe(4000);
    expect(retryDelay(20, credential, server, server)).toBe(30_000);
    // 5 s left: the last retry goes 1 s before expiry.
    expect(retryDelay(20, credential, server, credential.expiresAt - 5000)).toBe(4000);
    expect(retryDelay(1, credential, server, credential.expiresAt - 500)).toBeUndefined();
    expect(retryDelay(1, credential, server, credential.expiresAt + 1)).toBeUndefined();
  });
});
