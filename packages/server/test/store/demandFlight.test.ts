import { afterAll, describe, expect, it } from 'vitest';
import type { TicketCredential } from '@quickbi-embed/core';
import type { AuthorizeArgs, QuickBIPolicy } from '@quickbi-embed/server';
import { writeCapturedLogs } from '../support/capturedLogs.js';
import { call, setupEmulator, setupServedHandler } from '../support/harness.js';

let budget = 5;

/** One user whose ticket budget each test sets. */
function authorize({ request }: AuthorizeArgs): QuickBIPolicy | null {
  if (request.headers.get('x-test-user') !== 'bob') return null;
  return { subject: 'app-user-bob', userId: 'user-bob-0002', ticketUses: budget };
}

const emulator = setupEmulator({ resetEach: true });
const served = setupServedHandler(emulator, { authorize });
afterAll(() => writeCapturedLogs('store-demand-flight'));

const load = (worksId: string, uses?: number) =>
  call(
    served.url,
    '/api/quickbi/ticket',
    { worksId, ...(uses === undefined ? {} : { uses }) },
    { user: 'bob' },
  );

/** Every answer 200, and per ticket: uses handed out == its budget at most, no use twice. */
function checkHandOut(answers: Awaited<ReturnType<typeof load>>[]) {
  expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
  const perTicket = new Map<string, { reserved: number; max: number; starts: number[] }>();
  for (const { json } of answers) {
    const c = json as TicketCredential;
    const row = perTicket.get(c.ticket) ?? { reserved: 0, max: c.maxUses, starts: [] };
    row.reserved += c.reservedUses ?? 0;
    row.starts.push(c.usedUses);
    perTicket.set(c.ticket, row);
  }
  for (const row of perTicket.values()) {
    expect(row.reserved).toBeLessThanOrEqual(row.max);
    expect(new Set(row.starts).size).toBe(row.starts.length);
  }
  return perTicket;
}

describe('demand-aware single flight: ⌈N/B⌉ CreateTicket calls', () => {
  it('50 concurrent page loads on a 5-use budget make exactly 10 CreateTicket calls', async () => {
    // The over-minting: requests that lost three races for a use each minted a ticket of their
    // own (38 creates where 10 suffice).
    budget = 5;
    const answers = await Promise.all(Array.from({ length: 50 }, () => load('dash-sales-0001')));
    const perTicket = checkHandOut(answers);
    expect(emulator.stats().calls.CreateTicket).toBe(10);
    expect(perTicket.size).toBe(10);
    for (const row of perTicket.values()) expect(row.reserved).toBe(5);
  });

  it('callers reserving several uses each still cost ⌈total/B⌉ creates', async () => {
    budget = 6;
    // 30 callers × 2 uses = 60 uses on a 6-use budget: 10 tickets.
    const answers = await Promise.all(Array.from({ length: 30 }, () => load('dash-ops-0002', 2)));
    checkHandOut(answers);
    expect(answers.every((a) => a.json.reservedUses === 2)).toBe(true);
    expect(emulator.stats().calls.CreateTicket).toBe(10);
  });

  it('a failed CreateTicket fails the callers waiting on it, and the next load mints afresh', async () => {
    budget = 7; // a grant no earlier test cached
    emulator.setFaults({ action: 'CreateTicket', status: 503, count: 100 });
    const failed = await Promise.all(Array.from({ length: 5 }, () => load('dash-sales-0001')));
    expect(failed.every((a) => a.status >= 500)).toBe(true);
    emulator.clearFaults();
    const ok = await load('dash-sales-0001');
    expect(ok.status).toBe(200);
  });
});
