import { describe, expect, it } from 'vitest';
import { QuickBIEmbedError } from '@quickbi-embed/core';
import { checkScheme, type SchemePolicy } from './scheme.js';

const base: SchemePolicy = { expireMinutes: 60, ticketUses: 1 };
const dashboard = { worksType: 'dashboard' as const };

function codeOf(run: () => void): string {
  try {
    run();
    return 'ok';
  } catch (error) {
    expect(error).toBeInstanceOf(QuickBIEmbedError);
    expect((error as QuickBIEmbedError).status).toBe(500);
    return (error as QuickBIEmbedError).code;
  }
}

describe('checkScheme: basic', () => {
  it('allows the owner-bound, unfiltered ticket the basic scheme documents', () => {
    expect(
      codeOf(() => checkScheme('basic', { expireMinutes: 240, ticketUses: 100_000 }, dashboard)),
    ).toBe('ok');
    expect(codeOf(() => checkScheme('basic', base, { worksType: 'workbook' }))).toBe('ok');
  });

  it.each([
    ['a bound user', { ...base, userId: 'u1' }, dashboard],
    ['a bound account', { ...base, accountName: 'bob' }, dashboard],
    ['a watermark', { ...base, watermark: 'acme' }, dashboard],
    [
      'global parameters',
      {
        ...base,
        globalParam: [
          {
            paramKey: 'region',
            joinType: 'and' as const,
            conditionList: [{ operate: '=', value: 'x' }],
          },
        ],
      },
      dashboard,
    ],
    ['a component embed', base, { worksType: 'dashboard' as const, cmptId: 'c1' }],
    ['more than 240 minutes', { ...base, expireMinutes: 241 }, dashboard],
    ['more than 100,000 uses', { ...base, ticketUses: 100_001 }, dashboard],
    ['a data screen', base, { worksType: 'dataScreen' as const }],
    ['an ad hoc analysis', base, { worksType: 'adHocAnalysis' as const }],
  ])('refuses %s with SCHEME_VIOLATION', (_what, policy, target) => {
    expect(codeOf(() => checkScheme('basic', policy, target))).toBe('SCHEME_VIOLATION');
  });

  it('names the setting, never the value', () => {
    try {
      checkScheme('basic', { ...base, userId: 'secret-user-42' }, dashboard);
    } catch (error) {
      expect((error as Error).message).toMatch(/bound user/);
      expect((error as Error).message).not.toContain('secret-user-42');
    }
    expect.assertions(2);
  });
});

describe('checkScheme: enhanced', () => {
  it('allows users, watermarks, filters, components and every works type', () => {
    const policy: SchemePolicy = {
      userId: 'u1',
      watermark: 'acme',
      globalParam: [
        { paramKey: 'region', joinType: 'and', conditionList: [{ operate: '=', value: 'x' }] },
      ],
      expireMinutes: 240,
      ticketUses: 99_999,
    };
    expect(
      codeOf(() => checkScheme('enhanced', policy, { worksType: 'dashboard', cmptId: 'c' })),
    ).toBe('ok');
    expect(
      codeOf(() =>
        checkScheme(
          'enhanced',
          { ...policy, watermark: undefined },
          { worksType: 'dataEntryForm' },
        ),
      ),
    ).toBe('ok');
  });

  it('refuses a watermark on a data screen (Quick BI draws none there) and over-limit values', () => {
    expect(
      codeOf(() =>
        checkScheme('enhanced', { ...base, watermark: 'w' }, { worksType: 'dataScreen' }),
      ),
    ).toBe('SCHEME_VIOLATION');
    expect(codeOf(() => checkScheme('enhanced', { ...base, ticketUses: 100_000 }, dashboard))).toBe(
      'SCHEME_VIOLATION',
    );
  });
});
