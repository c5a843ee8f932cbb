/**
 * The ledger under random interleavings (property), across 3 handler instances sharing one real
 * redis-server: loads (mint and reserve), renewals, retirements (a renewal after the app changed
 * the user's policy), revocations and expiry (the clock moves), in concurrent batches. After every
 * run: no ticket handed out after its retirement or revocation, no use past a budget, and a
 * revocation reaches every ticket the subject was ever given (none is missing from its index).
 */
import fc from 'fast-check';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TicketCredential } from '@quickbi-embed/core';
import type { QuickBIPolicy, QuickBIServerHandler } from '@quickbi-embed/server';
import { createRedisStore } from '@quickbi-embed/server/redis';
import type { CredentialStore } from '@quickbi-embed/server/redis';
import { call, setupEmulator, testHandler } from '../support/harness.js';
import { type FleetMember, startRedisFleet } from '../support/redisFleet.js';
import { setupRedisServer } from '../support/redisFixtures.js';

const emulator = setupEmulator({ emulator: { rateLimitPerSecond: 0 } });
const redis = setupRedisServer();
let fleet: FleetMember[] = [];
let adminStore: CredentialStore | undefined;
/** An admin process of the same app (its own handler and Redis connection): it revokes. */
let admin: QuickBIServerHandler;
let run = 0;
const watermarks = new Map<string, string>();

const policyOf = (user: string): QuickBIPolicy => ({
  subject: user,
  userId: 'user-bob-0002',
  ticketUses: 3,
  expireMinutes: 30,
  watermark: watermarks.get(user) ?? 'w0',
  renew: { maxRenewals: 50, topUpUses: 2 },
});

beforeEach(async () => {
  fleet = await startRedisFleet(emulator, redis.url, 3, {
    handler: {
      authorize: ({ request }) => policyOf(request.headers.get('x-test-user') ?? ''),
      quota: false,
      renewWindowMs: 0,
    },
  });
  adminStore = createRedisStore({ client: redis.url });
  admin = testHandler(emulator, { store: adminStore, authorize: () => null });
});
afterEach(async () => {
  await Promise.all(fleet.map((m) => m.stop()));
  await adminStore?.close?.();
});
afterAll(() => undefined);

type Op =
  | { type: 'load'; user: number; member: number; uses: number }
  | { type: 'renew'; user: number; member: number; uses: number }
  | { type: 'policy'; user: number }
  | { type: 'revoke'; user: number }
  | { type: 'clock'; minutes: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      type: fc.constant('load' as const),
      user: fc.nat(1),
      member: fc.nat(2),
      uses: fc.integer({ min: 1, max: 2 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      type: fc.constant('renew' as const),
      user: fc.nat(1),
      member: fc.nat(2),
      uses: fc.nat(2),
    }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('policy' as const), user: fc.nat(1) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('revoke' as const), user: fc.nat(1) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('clock' as const),
      minutes: fc.integer({ min: 1, max: 20 }),
    }),
  },
);

describe('the ledger under random interleavings across a Redis fleet (property)', () => {
  it('never hands out a retired or revoked ticket, never past a budget, and revocation reaches every ticket', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(op, { minLength: 1, maxLength: 4 }), { minLength: 3, maxLength: 8 }),
        async (batches) => {
          run++;
          const name = (u: number) => `p${run}-u${u}`;
          /** Tickets per user, in hand-out order; retired/revoked ones with the step they ended. */
          const given = new Map<
            string,
            { user: string; reserved: number; max: number; url: string }
          >();
          const ended = new Map<string, number>(); // ticket -> batch index it was retired/revoked in
          const handedAt: { ticket: string; batch: number }[] = [];
          const note = (user: string, credential: TicketCredential, batch: number) => {
            const row = given.get(credential.ticket) ?? {
              user,
              reserved: 0,
              max: 0,
              url: credential.reportUrl,
            };
            row.reserved += credential.reservedUses ?? 0;
            row.max = Math.max(row.max, credential.maxUses);
            given.set(credential.ticket, row);
            handedAt.push({ ticket: credential.ticket, batch });
          };
          for (const [index, batch] of batches.entries()) {
            await Promise.all(
              batch.map(async (step) => {
                if (step.type === 'clock') return emulator.advanceClock(step.minutes * 60_000);
                const user = name(step.user);
                if (step.type === 'policy') return watermarks.set(user, `w${Math.random()}`);
                if (step.type === 'revoke') {
                  const mine = [...given].filter(([, row]) => row.user === user).map(([t]) => t);
                  await admin.revoke({ subject: user });
                  for (const t of mine) if (!ended.has(t)) ended.set(t, index);
                  return;
                }
                const base = fleet[step.member]!.url;
                if (step.type === 'load') {
                  const answer = await call(
                    base,
                    '/api/quickbi/ticket',
                    { worksId: 'dash-sales-0001', uses: step.uses },
                    { user },
                  );
                  if (answer.status === 200) note(user, answer.json as TicketCredential, index);
                  return;
                }
                const mine = [...given]
                  .filter(([t, row]) => row.user === user && !ended.has(t))
                  .map(([t]) => t);
                const ticket = mine.at(-1);
                if (!ticket) return;
                const answer = await call(
                  base,
                  '/api/quickbi/ticket/renew',
                  { ticket, uses: step.uses },
                  { user },
                );
                if (answer.status !== 200) return;
                const credential = answer.json as TicketCredential;
                note(user, credential, index);
                if (credential.ticket !== ticket && !ended.has(ticket)) ended.set(ticket, index); // retired
              }),
            );
          }
          // Never past a budget.
          for (const [, row] of given) expect(row.reserved).toBeLessThanOrEqual(row.max);
          // Nothing handed out in a batch after the one that retired or revoked it.
          for (const { ticket, batch } of handedAt) {
            const end = ended.get(ticket);
            if (end !== undefined) expect(batch).toBeLessThanOrEqual(end);
          }
          // A final revocation reaches every ticket each user was ever given.
          for (const u of [0, 1]) await admin.revoke({ subject: name(u) });
          for (const [ticket, row] of given) {
            const html = await (await fetch(row.url)).text();
            expect(/data-error-code="([^"]+)"/.exec(html)?.[1], ticket).toMatch(/NotExist|Expired/);
          }
        },
      ),
      { numRuns: 4 },
    );
  }, 120_000);
});
