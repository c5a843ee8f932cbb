import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { QuickBIPolicy } from '@quickbi-embed/server';
import type { TicketCredential } from '@quickbi-embed/core';
import { call, setupEmulator, setupServedHandler, USERS } from './support/harness.js';

/**
 * `uses` on /ticket and /ticket/renew: a caller reserves the page loads it needs, gets
 * `min(requested, what is left)` (at least one, or a new ticket), and no ticket is ever handed out
 * for more loads than its budget.
 */
const emulator = setupEmulator({ resetEach: true });
const served = setupServedHandler(emulator);
let session = 0;
beforeEach(() => {
  // A subject per test: the handler's cache outlives the emulator's reset.
  session++;
  USERS.five = { subject: `app-user-five-${session}`, userId: 'user-carol-0003', ticketUses: 5 };
  USERS.alice5 = { ...(USERS.alice as QuickBIPolicy), subject: `app-user-alice-${session}` };
});
afterEach(() => {
  delete USERS.five;
  delete USERS.alice5;
});

const calls = (action: string) => emulator.stats().calls[action] ?? 0;

async function ticket(body: object, user = 'five'): Promise<TicketCredential> {
  const answer = await call(
    served.url,
    '/api/quickbi/ticket',
    { worksId: 'dash-sales-0001', ...body },
    { user },
  );
  expect(answer.status).toBe(200);
  return answer.json as TicketCredential;
}

async function renew(body: object, user = 'five'): Promise<TicketCredential> {
  const answer = await call(served.url, '/api/quickbi/ticket/renew', body, { user });
  expect(answer.status).toBe(200);
  return answer.json as TicketCredential;
}

/** Loads the report page `n` times, as `n` iframes would: each consumes a use upstream. */
async function load(credential: TicketCredential, n: number) {
  for (let i = 0; i < n; i++) expect((await fetch(credential.reportUrl)).status).toBe(200);
}

describe('use reservation', () => {
  it('without `uses`, each answer reserves one load (the old meaning)', async () => {
    const a = await ticket({});
    const b = await ticket({});
    expect(a.ticket).toBe(b.ticket);
    expect([a.reservedUses, a.usedUses, b.reservedUses, b.usedUses]).toEqual([1, 0, 1, 1]);
  });

  it('budget 5, reserve 3 then 3: the second caller gets the 2 left of the same ticket', async () => {
    const first = await ticket({ uses: 3 });
    const second = await ticket({ uses: 3 });
    expect(first).toMatchObject({ maxUses: 5, usedUses: 0, reservedUses: 3 });
    expect(second).toMatchObject({ ticket: first.ticket, usedUses: 3, reservedUses: 2 });
    expect(calls('CreateTicket')).toBe(1);
    // Nothing is left: the next caller gets a new ticket of its own.
    const third = await ticket({ uses: 1 });
    expect(third.ticket).not.toBe(first.ticket);
    expect(third).toMatchObject({ usedUses: 0, reservedUses: 1 });
    expect(calls('CreateTicket')).toBe(2);
    // Every granted load really opens: 5 on the first ticket, 1 on the new one.
    await load(first, 5);
    await load(third, 1);
    expect(emulator.stats().pageErrors).toBe(0);
  });

  it('asking for more than the policy budget grants the whole budget of a ticket', async () => {
    const answer = await ticket({ uses: 40 });
    expect(answer).toMatchObject({ maxUses: 5, usedUses: 0, reservedUses: 5 });
    const next = await ticket({ uses: 2 });
    expect(next.ticket).not.toBe(answer.ticket);
    expect(next.reservedUses).toBe(2);
    expect(calls('CreateTicket')).toBe(2);
  });

  it('concurrent callers never get more loads of one ticket than its budget', async () => {
    const answers = await Promise.all(Array.from({ length: 12 }, () => ticket({ uses: 2 })));
    const byTicket = new Map<string, number>();
    for (const a of answers) {
      expect(a.reservedUses).toBeGreaterThanOrEqual(1);
      expect(a.reservedUses).toBeLessThanOrEqual(2);
      byTicket.set(a.ticket, (byTicket.get(a.ticket) ?? 0) + a.reservedUses!);
    }
    for (const granted of byTicket.values()) expect(granted).toBeLessThanOrEqual(5);
    expect(calls('CreateTicket')).toBe(byTicket.size);
    for (const a of answers) await load(a, a.reservedUses!);
    expect(emulator.stats().pageErrors).toBe(0);
  });

  it('renewal reserves only when asked, after topping up where the policy allows', async () => {
    // alice's policy: budget 5, top-ups of 5.
    const first = await ticket({ uses: 5 }, 'alice5');
    expect(first.reservedUses).toBe(5);
    await load(first, 5);
    const plain = await renew({ ticket: first.ticket }, 'alice5');
    expect(plain).toMatchObject({ ticket: first.ticket, maxUses: 10, reservedUses: 0 });
    const more = await renew({ ticket: first.ticket, uses: 7 }, 'alice5');
    // 5 loaded, 5 topped up: the caller gets the 5 left, not the 7 it asked for.
    expect(more).toMatchObject({ ticket: first.ticket, usedUses: 5, reservedUses: 5 });
    expect(calls('UpdateTicketNum')).toBe(1);
    expect(calls('CreateTicket')).toBe(1);
  });

  it('renewal without top-ups grants nothing from a spent ticket (the caller asks /ticket)', async () => {
    const first = await ticket({ uses: 5 });
    const renewed = await renew({ ticket: first.ticket, uses: 1 });
    expect(renewed).toMatchObject({ ticket: first.ticket, reservedUses: 0 });
    const next = await ticket({ uses: 1 });
    expect(next.ticket).not.toBe(first.ticket);
    expect(next.reservedUses).toBe(1);
  });

  it('a renewal that must replace an expired ticket reserves what was asked', async () => {
    const policy = USERS.five as QuickBIPolicy;
    USERS.five = { ...policy, expireMinutes: 10 };
    const first = await ticket({ uses: 1 });
    emulator.advanceClock(11 * 60_000);
    const replaced = await renew({ ticket: first.ticket, uses: 3 });
    expect(replaced.ticket).not.toBe(first.ticket);
    expect(replaced).toMatchObject({ usedUses: 0, reservedUses: 3 });
  });
});
