import { afterAll, describe, expect, it } from 'vitest';
import type { TicketCredential } from '@quickbi-embed/core';
import { createMemoryStore } from '@quickbi-embed/server';
import type { AuthorizeArgs, QuickBIPolicy } from '@quickbi-embed/server';
import { writeCapturedLogs } from '../support/capturedLogs.js';
import { USERS, call, serveHandler, setupEmulator } from '../support/harness.js';

// No rate limit: the churn is other users' legitimate traffic, not an upstream throttle test.
const emulator = setupEmulator({ resetEach: true, emulator: { rateLimitPerSecond: 0 } });
afterAll(() => writeCapturedLogs('store-live-tickets'));

/** alice as in the harness; `other-N` are distinct app users (bound to bob's Quick BI account). */
function authorize({ request }: AuthorizeArgs): QuickBIPolicy | null {
  const user = request.headers.get('x-test-user') ?? '';
  if (user === 'alice') return USERS.alice!;
  if (user.startsWith('other-'))
    return { subject: `app-${user}`, userId: 'user-bob-0002', ticketUses: 5 };
  return null;
}

const ticketFor = (url: string, user: string) =>
  call(url, '/api/quickbi/ticket', { worksId: 'dash-sales-0001' }, { user });

/** alice's renewal still answers, with her same ticket. */
async function expectAliceRenews(url: string, ticket: string) {
  const renewed = await call(url, '/api/quickbi/ticket/renew', { ticket }, { user: 'alice' });
  expect(renewed.status).toBe(200);
  expect(renewed.json.ticket).toBe(ticket);
}

/** Sums the uses handed out per ticket, to check no ticket is ever handed out past its budget. */
function budgetLedger() {
  const handed = new Map<string, { reserved: number; max: number }>();
  return {
    record(credential: TicketCredential) {
      const row = handed.get(credential.ticket) ?? { reserved: 0, max: credential.maxUses };
      row.reserved += credential.reservedUses ?? 0;
      row.max = Math.max(row.max, credential.maxUses);
      handed.set(credential.ticket, row);
    },
    overBudget: () => [...handed].filter(([, row]) => row.reserved > row.max),
  };
}

describe('live tickets survive other users’ traffic (memory store)', () => {
  it('a churn of 1,000 other users through a 50-entry cache: alice’s ticket stays renewable and never over budget', async () => {
    // The attack: other users' mints push alice's ownership record and use counter out of a
    // shared LRU, so her renewal gets 403 and her spent ticket comes back with a fresh budget.
    const served = await serveHandler(emulator, {
      authorize,
      store: createMemoryStore({ maxEntries: 50, now: () => emulator.now() }),
    });
    try {
      const ledger = budgetLedger();
      const first = await ticketFor(served.url, 'alice');
      expect(first.status).toBe(200);
      ledger.record(first.json);
      const aliceTicket = (first.json as TicketCredential).ticket;

      for (let batch = 0; batch < 20; batch++) {
        const others = await Promise.all(
          Array.from({ length: 50 }, (_, i) => ticketFor(served.url, `other-${batch * 50 + i}`)),
        );
        expect(others.every((o) => o.status === 200)).toBe(true);
        const again = await ticketFor(served.url, 'alice');
        expect(again.status).toBe(200);
        ledger.record(again.json);
      }

      expect(ledger.overBudget()).toEqual([]);
      await expectAliceRenews(served.url, aliceTicket);
      const info = await call(
        served.url,
        '/api/quickbi/ticket/info',
        { ticket: aliceTicket },
        { user: 'alice' },
      );
      expect(info.status).toBe(200);
    } finally {
      await served.stop();
    }
  });

  it('at the protected-record cap, new mints are refused with 503 STORE_UNAVAILABLE (no orphan ticket upstream); alice keeps renewing', async () => {
    const store = createMemoryStore({ maxRecords: 40, now: () => emulator.now() });
    const served = await serveHandler(emulator, { authorize, store });
    try {
      const first = await ticketFor(served.url, 'alice');
      const aliceTicket = (first.json as TicketCredential).ticket;
      const statuses: number[] = [];
      for (let i = 0; i < 30; i++) {
        const other = await ticketFor(served.url, `other-${i}`);
        statuses.push(other.status);
        if (other.status !== 200) {
          expect(other.status).toBe(503);
          expect(other.json.error.code).toBe('STORE_UNAVAILABLE');
          expect(other.headers.get('retry-after')).toBeTruthy();
        }
      }
      const refused = statuses.filter((s) => s === 503).length;
      expect(refused).toBeGreaterThan(0);
      expect(store.records()).toBeLessThanOrEqual(40);
      // Every ticket minted for a refused request was deleted again: none lives on unowned. (A
      // request may also be refused before any mint, when even its quota counter finds no room.)
      const calls = emulator.stats().calls;
      const served200 = statuses.filter((s) => s === 200).length;
      expect((calls.CreateTicket ?? 0) - (calls.DeleteTicket ?? 0)).toBe(served200 + 1);

      await expectAliceRenews(served.url, aliceTicket);
    } finally {
      await served.stop();
    }
  });
});
