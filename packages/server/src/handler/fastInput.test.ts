import fc from 'fast-check';
import { WORKS_TYPES } from '@quickbi-embed/core';
import { describe, expect, it } from 'vitest';
import { resolvePolicy } from './policy.js';
import type { QuickBIPolicy } from './policy.js';
import { acceptTicketRequest, ticketRequestSchema } from './requestSchemas.js';

const idLike = fc.oneof(
  fc.constantFrom('dash-1', 'a', 'A.b_c-d', 'x'.repeat(128), 'x'.repeat(129), '', '-x', 'a b', 'é'),
  fc.string({ maxLength: 12 }),
);
const field = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

describe('acceptTicketRequest (the /ticket quick check)', () => {
  it('never accepts a body the schema refuses, and answers what the schema answers', () => {
    const body = fc.record(
      {
        worksId: fc.oneof(idLike, fc.integer(), fc.constant(null)),
        worksType: field(fc.oneof(fc.constantFrom(...WORKS_TYPES), fc.string({ maxLength: 8 }))),
        cmptId: field(fc.oneof(idLike, fc.integer())),
        uses: field(fc.oneof(fc.integer({ min: -2, max: 100_001 }), fc.double(), fc.constant('3'))),
        filters: field(fc.array(fc.anything(), { maxLength: 2 })),
        extra: field(fc.anything()),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(body, (given) => {
        const quick = acceptTicketRequest(given);
        if (quick === undefined) return;
        const checked = ticketRequestSchema.safeParse(given);
        expect(checked.success).toBe(true);
        expect(quick).toEqual(checked.data);
      }),
      { numRuns: 3000 },
    );
  });

  it('takes the usual bodies without the schema', () => {
    expect(acceptTicketRequest({ worksId: 'dash-1' })).toEqual({ worksId: 'dash-1' });
    expect(
      acceptTicketRequest({ worksId: 'dash-1', worksType: 'dashboard', cmptId: 'c1', uses: 3 }),
    ).toEqual({ worksId: 'dash-1', worksType: 'dashboard', cmptId: 'c1', uses: 3 });
    // Left to the schema, which names the problem.
    expect(acceptTicketRequest({ worksId: 'w', worksType: 'workbook', cmptId: 'c1' })).toBe(
      undefined,
    );
    expect(acceptTicketRequest({ worksId: 'w', filters: [] })).toBe(undefined);
  });
});

describe('resolvePolicy remembered by content', () => {
  it('tells apart policies whose fields would read alike joined', () => {
    const a = resolvePolicy({ subject: 'a', userId: 'b' });
    const b = resolvePolicy({ subject: 'a\u0000s1:b', userId: undefined } as QuickBIPolicy);
    const c = resolvePolicy({ subject: 'as1:b' });
    expect([a.subject, a.userId]).toEqual(['a', 'b']);
    expect([b.subject, b.userId]).toEqual(['a\u0000s1:b', undefined]);
    expect([c.subject, c.userId]).toEqual(['as1:b', undefined]);
  });

  it('follows the policy object as the app changes it, and still refuses what the schema refuses', () => {
    const policy: QuickBIPolicy = { subject: 'u', ticketUses: 2, renew: { topUpUses: 1 } };
    expect(resolvePolicy(policy)).toMatchObject({ ticketUses: 2, topUpUses: 1 });
    policy.ticketUses = 3;
    policy.renew = { topUpUses: 2 };
    expect(resolvePolicy(policy)).toMatchObject({ ticketUses: 3, topUpUses: 2 });
    // The same content with an unknown field, a string where a number goes, a bad value.
    expect(() => resolvePolicy({ ...policy, extra: undefined } as QuickBIPolicy)).toThrow(
      /unknown field "extra"/,
    );
    expect(() => resolvePolicy({ ...policy, ticketUses: '3' } as unknown as QuickBIPolicy)).toThrow(
      /ticketUses/,
    );
    expect(() => resolvePolicy({ ...policy, ticketUses: 0 })).toThrow(/ticketUses/);
  });

  it('shares one frozen answer: a caller cannot change what the next request gets', () => {
    const first = resolvePolicy({ subject: 'frozen', kinds: ['ticket', 'token'] });
    expect(Object.isFrozen(first) && Object.isFrozen(first.kinds)).toBe(true);
    expect(resolvePolicy({ subject: 'frozen', kinds: ['ticket', 'token'] })).toEqual(first);
  });
});
