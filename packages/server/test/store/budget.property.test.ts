import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { TicketCredential } from '@quickbi-embed/core';
import type { AuthorizeArgs, QuickBIPolicy } from '@quickbi-embed/server';
import { writeCapturedLogs } from '../support/capturedLogs.js';
import { call, setupEmulator, setupServedHandler } from '../support/harness.js';

let run = 0;

/** `u<run>-<n>-b<budget>`: a fresh app user per property run, with the budget in its name. */
function authorize({ request }: AuthorizeArgs): QuickBIPolicy | null {
  const user = request.headers.get('x-test-user') ?? '';
  const budget = Number(/-b(\d+)$/.exec(user)?.[1]);
  if (!budget) return null;
  return { subject: user, userId: 'user-bob-0002', ticketUses: budget };
}

const emulator = setupEmulator({ emulator: { rateLimitPerSecond: 0 } });
// Budgets, not the per-user upstream quota, are under test here.
const served = setupServedHandler(emulator, { authorize, quota: false });
afterAll(() => writeCapturedLogs('store-budget-property'));

const request = fc.record({
  user: fc.integer({ min: 0, max: 1 }),
  worksId: fc.constantFrom('dash-sales-0001', 'dash-sales-0001', 'dash-ops-0002'),
  uses: fc.integer({ min: 1, max: 3 }),
});

describe('ticket budgets under random concurrent traffic (property)', () => {
  it('no ticket is handed out past its budget, every load gets a use, and no ticket is minted while the last one had uses left', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 3, maxLength: 3 }),
        fc.array(fc.array(request, { minLength: 20, maxLength: 60 }), {
          minLength: 1,
          maxLength: 4,
        }),
        async (budgets, waves) => {
          run++;
          const name = (u: number) => `u${run}-${u}-b${budgets[u]}`;
          const perTicket = new Map<string, { key: string; reserved: number; max: number }>();
          const order = new Map<string, string[]>(); // key → its tickets
          for (const wave of waves) {
            // Each wave is concurrent; waves follow each other.
            const answers = await Promise.all(
              wave.map((r) =>
                call(
                  served.url,
                  '/api/quickbi/ticket',
                  { worksId: r.worksId, uses: r.uses },
                  { user: name(r.user) },
                ).then((a) => ({ r, a })),
              ),
            );
            for (const { r, a } of answers) {
              expect(a.status).toBe(200);
              const c = a.json as TicketCredential;
              expect(c.reservedUses ?? 0).toBeGreaterThanOrEqual(1);
              expect(c.reservedUses ?? 0).toBeLessThanOrEqual(r.uses);
              const key = `${name(r.user)}|${r.worksId}`;
              const row = perTicket.get(c.ticket) ?? { key, reserved: 0, max: c.maxUses };
              expect(row.key).toBe(key); // a ticket never crosses users or reports
              row.reserved += c.reservedUses ?? 0;
              perTicket.set(c.ticket, row);
              const seen = order.get(key) ?? [];
              if (!seen.includes(c.ticket)) seen.push(c.ticket);
              order.set(key, seen);
            }
          }
          for (const row of perTicket.values()) expect(row.reserved).toBeLessThanOrEqual(row.max);
          // Minimal minting: at most one ticket per key (the current one) still has uses left.
          for (const tickets of order.values()) {
            const notUsedUp = tickets.filter((t) => {
              const row = perTicket.get(t)!;
              return row.reserved < row.max;
            });
            expect(notUsedUp.length).toBeLessThanOrEqual(1);
          }
        },
      ),
      { numRuns: 25 },
    );
  }, 120_000);
});
