import { describe, expect, it } from 'vitest';
import { grantOf, resolvePolicy } from './policy.js';
import type { QuickBIPolicy } from './policy.js';
import { createSingleFlight } from './singleFlight.js';
import { earliestExpiry } from './expiry.js';

describe('resolvePolicy', () => {
  it('fills defaults: tickets only, whole report only', () => {
    expect(resolvePolicy({ subject: 'app-42', userId: 'u1' })).toMatchObject({
      subject: 'app-42',
      kinds: ['ticket'],
      cmptIds: [],
      expireMinutes: 60,
      ticketUses: 1,
      maxRenewals: 24,
      topUpUses: 0,
    });
  });

  it('has no shared fallback owner: a policy without subject is a clear error', () => {
    // Before, these resolved to `u1`, `5:main:sub` and the shared `(report owner)`.
    for (const policy of [{ userId: 'u1' }, { accountName: 'main:sub', accountType: 5 }, {}])
      expect(() => resolvePolicy(policy as unknown as QuickBIPolicy)).toThrow(
        /without subject.*no shared default owner/,
      );
  });

  it.each<[string, unknown]>([
    ['watermark over 50 characters', { watermark: 'x'.repeat(51) }],
    ['expireMinutes 0', { expireMinutes: 0 }],
    ['expireMinutes 241', { expireMinutes: 241 }],
    ['fractional minutes', { expireMinutes: 1.5 }],
    ['ticketUses 0', { ticketUses: 0 }],
    ['ticketUses 100000', { ticketUses: 100_000 }],
    ['globalParam object', { globalParam: { paramKey: 'a' } }],
    [
      'globalParam bad key',
      { globalParam: [{ paramKey: 'a-b', conditionList: [{ operate: '=', value: '1' }] }] },
    ],
    [
      'globalParam number value',
      { globalParam: [{ paramKey: 'a', conditionList: [{ operate: '=', value: 1 }] }] },
    ],
    [
      'globalParam or-join',
      {
        globalParam: [
          { paramKey: 'a', joinType: 'or', conditionList: [{ operate: '=', value: '1' }] },
        ],
      },
    ],
    ['accountName without type', { accountName: 'bob' }],
    ['unknown account type', { accountName: 'bob', accountType: 2 }],
    ['userId and account together', { userId: 'u', accountName: 'bob', accountType: 1 }],
    ['a misspelt field', { userId: 'u', waterMark: 'x' }],
    ['an unknown credential kind', { kinds: ['cookie'] }],
    ['no credential kind at all', { kinds: [] }],
    ['an unknown works type', { worksType: 'page' }],
  ])('refuses %s', (_name, policy) => {
    expect(() => resolvePolicy({ subject: 's', ...(policy as object) } as QuickBIPolicy)).toThrow(
      /invalid policy/,
    );
  });

  it('hashes only what reaches Quick BI for the credential kind', () => {
    const a = resolvePolicy({ subject: 's', userId: 'u', watermark: 'w', ticketUses: 3 });
    const b = resolvePolicy({ subject: 's', userId: 'u', watermark: 'other', ticketUses: 3 });
    expect(grantOf(a, 'token')).toEqual(grantOf(b, 'token'));
    expect(grantOf(a, 'ticket')).not.toEqual(grantOf(b, 'ticket'));
  });
});

describe('createSingleFlight', () => {
  it('shares one run among concurrent callers and starts fresh afterwards', async () => {
    const flight = createSingleFlight();
    let runs = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const work = async () => {
      runs++;
      await gate;
      return runs;
    };
    const both = Promise.all([flight('k', work), flight('k', work), flight('other', work)]);
    release();
    expect(await both).toEqual([2, 2, 2]);
    expect(await flight('k', work)).toBe(3);
  });

  it('shares failures too, and forgets them', async () => {
    const flight = createSingleFlight();
    const failing = () => Promise.reject(new Error('boom'));
    await expect(Promise.all([flight('k', failing), flight('k', failing)])).rejects.toThrow('boom');
    await expect(flight('k', async () => 'ok')).resolves.toBe('ok');
  });
});

describe('earliestExpiry', () => {
  it('takes the earlier of our own reckoning and a plausible InvalidTime', () => {
    expect(earliestExpiry(1_000, 1, undefined)).toBe(61_000);
    expect(earliestExpiry(1_000, 1, 30_000)).toBe(30_000);
    expect(earliestExpiry(1_000, 1, 90_000)).toBe(61_000);
    // An InvalidTime before the call itself means the zone is misconfigured: ignored.
    expect(earliestExpiry(1_000, 1, 500)).toBe(61_000);
  });
});
