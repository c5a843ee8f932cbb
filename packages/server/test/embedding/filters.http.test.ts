/**
 * Host-chosen filters over real HTTP (handler on node:http, emulator on loopback). Attack: a
 * browser asking for a region its user may not see, or a filter the policy never offered, must be
 * refused before Quick BI is called; a chosen filter can only narrow the policy's own conditions.
 */
import { describe, expect, it } from 'vitest';
import type { QuickBIPolicy } from '@quickbi-embed/server';
import { call, DANA, setupEmulator, setupServedHandler } from '../support/harness.js';

/** Eve's policy offers no filter at all. */
const EVE: QuickBIPolicy = {
  subject: 'app-user-eve',
  userId: 'user-carol-0003',
  kinds: ['ticket', 'token'],
};

const emulator = setupEmulator({ resetEach: true });
// A fresh handler (and credential cache) per test, as the emulator forgets its tickets per test.
const served = setupServedHandler(
  emulator,
  {
    authorize: ({ request }) =>
      ({ dana: DANA, eve: EVE })[request.headers.get('x-test-user') ?? ''] ?? null,
  },
  'test',
);

const ticket = (user: string, body: Record<string, unknown>) =>
  call(served.url, '/api/quickbi/ticket', { worksId: 'dash-sales-0001', ...body }, { user });

/** The regions the embed page actually shows for a credential's URL. */
async function regionsShown(reportUrl: string): Promise<string[]> {
  const html = await (await fetch(reportUrl)).text();
  const cells = [...html.matchAll(/<td data-field="region">([^<]*)<\/td>/g)].map((m) => m[1] ?? '');
  return [...new Set(cells)].sort();
}

describe('host-chosen filters', () => {
  it('narrow: the chosen region is ANDed to the policy, and the page shows only it', async () => {
    const answer = await ticket('dana', { filters: [{ paramKey: 'region', values: ['华东'] }] });
    expect(answer.status).toBe(200);
    expect(answer.json.globalParam).toEqual([
      DANA.globalParam?.[0],
      { paramKey: 'region', joinType: 'and', conditionList: [{ operate: 'in', value: ['华东'] }] },
    ]);
    expect(await regionsShown(answer.json.reportUrl)).toEqual(['华东']);
    // Without a choice, the policy alone applies.
    const plain = await ticket('dana', {});
    expect(await regionsShown(plain.json.reportUrl)).toEqual(['华北', '华东'].sort());
  });

  it.each([
    [
      'a region past the policy (widening)',
      { filters: [{ paramKey: 'region', values: ['西南'] }] },
      'dana',
      403,
      'FILTER_NOT_ALLOWED',
    ],
    [
      'one allowed and one widening value',
      { filters: [{ paramKey: 'region', values: ['华东', '西南'] }] },
      'dana',
      403,
      'FILTER_NOT_ALLOWED',
    ],
    [
      'a parameter the policy does not offer',
      { filters: [{ paramKey: 'price', values: ['1'] }] },
      'dana',
      403,
      'FILTER_NOT_ALLOWED',
    ],
    [
      'a filter under a policy offering none',
      { filters: [{ paramKey: 'region', values: ['华东'] }] },
      'eve',
      403,
      'FILTER_NOT_ALLOWED',
    ],
    [
      'an operator smuggled in',
      { filters: [{ paramKey: 'region', values: ['华东'], operate: '!=' }] },
      'dana',
      403,
      'FILTER_NOT_ALLOWED',
    ],
    ['filters that are not a list', { filters: { region: ['华东'] } }, 'dana', 400, 'BAD_REQUEST'],
  ])('refuses %s, before any upstream call', async (_what, body, user, status, code) => {
    const answer = await ticket(user, body);
    expect([answer.status, answer.json.error.code]).toEqual([status, code]);
    expect(emulator.stats().totalCalls).toBe(0);
  });

  it('refuses filters on a token (a token carries none)', async () => {
    const answer = await call(
      served.url,
      '/api/quickbi/token',
      { worksId: 'dash-sales-0001', filters: [{ paramKey: 'region', values: ['华东'] }] },
      { user: 'eve' },
    );
    expect(answer.status).toBe(400);
    expect(emulator.stats().totalCalls).toBe(0);
  });

  it('re-embeds on change: each choice is its own ticket, the same choice reuses it', async () => {
    const east = await ticket('dana', { filters: [{ paramKey: 'region', values: ['华东'] }] });
    const again = await ticket('dana', { filters: [{ paramKey: 'region', values: ['华东'] }] });
    const north = await ticket('dana', { filters: [{ paramKey: 'region', values: ['华北'] }] });
    expect(again.json.ticket).toBe(east.json.ticket);
    expect(north.json.ticket).not.toBe(east.json.ticket);
    expect(emulator.stats().ticketsCreated).toBe(2);
    expect(await regionsShown(north.json.reportUrl)).toEqual(['华北']);
  });

  it('renews a filtered ticket in place when the renewal names the same filters', async () => {
    const filters = [{ paramKey: 'region', values: ['华东'] }];
    const issued = await ticket('dana', { filters });
    const renewed = await call(
      served.url,
      '/api/quickbi/ticket/renew',
      { ticket: issued.json.ticket, filters },
      { user: 'dana' },
    );
    expect(renewed.status).toBe(200);
    expect(renewed.json.ticket).toBe(issued.json.ticket);
    expect(renewed.json.globalParam).toEqual(issued.json.globalParam);
    const widened = await call(
      served.url,
      '/api/quickbi/ticket/renew',
      { ticket: issued.json.ticket, filters: [{ paramKey: 'region', values: ['西南'] }] },
      { user: 'dana' },
    );
    expect([widened.status, widened.json.error.code]).toEqual([403, 'FILTER_NOT_ALLOWED']);
  });
});
