/**
 * Attack: one signed-in user spends the organisation's Quick BI quota (every distinct `cmptId`
 * costs an upstream call), so every other user gets 503. Each subject now has its own budget of
 * upstream calls per window, counted in the shared store, answered 429 before Quick BI is called.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { ERROR_STATUS } from '@quickbi-embed/core';
import { createMemoryStore } from '@quickbi-embed/server';
import type { QuickBIHandlerOptions, QuickBIPolicy } from '@quickbi-embed/server';
import { call, setupEmulator, setupServeInTest } from '../support/harness.js';

const COMPONENTS = ['cmpt-sales-table', 'cmpt-sales-chart', 'cmpt-sales-kpi'];
const emulator = setupEmulator({ resetEach: true });
const { serve, running: servers } = setupServeInTest(emulator);
let run = '';

beforeEach(() => {
  run = Math.random().toString(36).slice(2);
  // Fixed windows: start each test just after a window boundary on the (emulated) clock, so a slow
  // machine never splits one test's calls across two windows.
  emulator.advanceClock(60_000 - (emulator.now() % 60_000) + 1);
});

const policyOf = (user: string): QuickBIPolicy => ({
  subject: `${user}-${run}`,
  userId: 'user-alice-0001',
  cmptIds: COMPONENTS,
  ticketUses: 10,
});

async function fleet(count: number, extra: Partial<QuickBIHandlerOptions> = {}) {
  const store = createMemoryStore({ now: () => emulator.now() });
  for (let i = 0; i < count; i++)
    await serve({
      store,
      authorize: ({ request }) => policyOf(request.headers.get('x-test-user') ?? 'anon'),
      ...extra,
    });
  return servers.map((s) => s.url);
}

const ticket = (base: string, user: string, cmptId?: string) =>
  call(
    base,
    '/api/quickbi/ticket',
    { worksId: 'dash-sales-0001', ...(cmptId ? { cmptId } : {}) },
    { user },
  );

describe('per-subject upstream quota', () => {
  it('refuses the call past the limit with 429 and Retry-After, before Quick BI is asked', async () => {
    const [base] = await fleet(1, { quota: { limit: 3, windowMs: 60_000 } });
    for (const cmptId of [undefined, ...COMPONENTS.slice(0, 2)])
      expect((await ticket(base!, 'mallory', cmptId)).status).toBe(200);
    const before = emulator.stats().totalCalls;
    const refused = await ticket(base!, 'mallory', COMPONENTS[2]);
    expect(refused.status).toBe(429);
    expect(refused.status).toBe(ERROR_STATUS.QUOTA_EXCEEDED);
    expect(refused.json.error.code).toBe('QUOTA_EXCEEDED');
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(emulator.stats().totalCalls).toBe(before);

    // Cache hits cost nothing: the tickets already minted are still served.
    expect((await ticket(base!, 'mallory')).status).toBe(200);
    expect((await ticket(base!, 'mallory', COMPONENTS[0])).status).toBe(200);
    // Other users are unaffected.
    expect((await ticket(base!, 'alice', COMPONENTS[2])).status).toBe(200);
    // The next window opens the budget again.
    emulator.advanceClock(retryAfter * 1000);
    expect((await ticket(base!, 'mallory', COMPONENTS[2])).status).toBe(200);
  });

  it('holds across a fleet: the count lives in the shared store', async () => {
    const bases = await fleet(3, { quota: { limit: 2, windowMs: 60_000 } });
    const answers = [];
    for (const [i, cmptId] of [undefined, ...COMPONENTS].entries())
      answers.push(await ticket(bases[i % 3]!, 'mallory', cmptId));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 429, 429]);
    expect(emulator.stats().calls.CreateTicket).toBe(2);
  });

  it('a ticket renewal counts the calls it makes: a top-up it foresaw and Quick BI made unneeded is given back', async () => {
    const [base] = await fleet(1, {
      authorize: ({ request }) => ({
        ...policyOf(request.headers.get('x-test-user') ?? 'anon'),
        renew: { topUpUses: 10 },
      }),
      quota: { limit: 5, windowMs: 60_000 },
    });
    // Three uses handed out and none loaded: the record shows 7 left, under the top-up of 10, so
    // the renewal counts a top-up up front; Quick BI still has 10 left, so none is made.
    const minted = await call(
      base!,
      '/api/quickbi/ticket',
      { worksId: 'dash-sales-0001', uses: 3 },
      { user: 'mallory' },
    );
    expect(minted.status).toBe(200);
    const renewed = await call(
      base!,
      '/api/quickbi/ticket/renew',
      { ticket: minted.json.ticket },
      { user: 'mallory' },
    );
    expect(renewed.status).toBe(200);
    expect(emulator.stats().calls.UpdateTicketNum ?? 0).toBe(0);
    // 3 calls so far (CreateTicket, DelayTicketExpireTime, QueryTicketInfo): two more fit in 5.
    for (const cmptId of COMPONENTS.slice(0, 2))
      expect((await ticket(base!, 'mallory', cmptId)).status).toBe(200);
    expect((await ticket(base!, 'mallory', COMPONENTS[2])).status).toBe(429);
  });

  it('a misconfigured quota stops the handler at start-up', async () => {
    await expect(fleet(1, { quota: { limit: 0 } })).rejects.toThrow(/quota.limit/);
    await expect(fleet(1, { quota: { windowMs: 10 } })).rejects.toThrow(/quota.windowMs/);
  });

  it('has a sensible default (30 per minute)', async () => {
    const [base] = await fleet(1, {
      // One use per ticket: every page load needs a CreateTicket.
      authorize: () => ({ subject: `mallory-${run}`, userId: 'user-alice-0001' }),
    });
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await ticket(base!, 'mallory')).status);
    expect(statuses.slice(0, 30).every((s) => s === 200)).toBe(true);
    expect(statuses[30]).toBe(429);
    expect(emulator.stats().calls.CreateTicket).toBe(30);
  });
});
