import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { TicketCredential } from '@quickbi-embed/core';
import { createRedisStore } from '@quickbi-embed/server/redis';
import { call, setupEmulator, testClient, testHandler } from '../support/harness.js';
import { writeCapturedLogs } from '../support/capturedLogs.js';
import { type FleetMember, startRedisFleet } from '../support/redisFleet.js';
import { setupRedisServer } from '../support/redisFixtures.js';

const emulator = setupEmulator({ resetEach: true });
const redis = setupRedisServer();
beforeEach(async () => {
  await redis.restart();
});
afterAll(() => writeCapturedLogs('redis-fleet-lease'));

async function withFleet<T>(
  options: Parameters<typeof startRedisFleet>[3],
  run: (fleet: FleetMember[]) => Promise<T>,
): Promise<T> {
  const fleet = await startRedisFleet(emulator, redis.url, 3, options);
  try {
    return await run(fleet);
  } finally {
    await Promise.all(fleet.map((m) => m.stop()));
  }
}

describe('fleet lock leases (real Redis, 3 instances)', () => {
  it('a 12 s CreateTicket mints exactly one ticket: waiters never mint while the holder lives', async () => {
    // The outage: waiters gave up on the Redis lock after 10 s and minted their own, one per
    // instance. Here the lease is 3 s, so only its heartbeat keeps the lock for the 12 s call.
    emulator.setFaults({ action: 'CreateTicket', latencyMs: 12_000, count: 3 });
    await withFleet(
      {
        handler: {
          client: testClient(emulator, { timeoutMs: 30_000 }),
          lock: { ttlMs: 3_000, pollMs: 100, maxWaitMs: 30_000 },
        },
      },
      async (fleet) => {
        const answers = await Promise.all(
          Array.from({ length: 30 }, (_, i) =>
            call(
              fleet[i % 3]!.url,
              '/api/quickbi/ticket',
              { worksId: 'dash-sales-0001' },
              {
                user: 'crowd',
              },
            ),
          ),
        );
        expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
        expect(emulator.stats().calls.CreateTicket).toBe(1);
        expect(new Set(answers.map((a) => (a.json as TicketCredential).ticket)).size).toBe(1);
      },
    );
  }, 40_000);

  it('revoke on one instance forgets the subject’s tickets on every instance', async () => {
    await withFleet({}, async (fleet) => {
      const ticket = async (m: FleetMember, worksId: string) =>
        (await call(m.url, '/api/quickbi/ticket', { worksId }, { user: 'alice' }))
          .json as TicketCredential;
      const sales = await ticket(fleet[0]!, 'dash-sales-0001');
      const ops = await ticket(fleet[1]!, 'dash-ops-0002');
      const bob = (
        await call(
          fleet[1]!.url,
          '/api/quickbi/ticket',
          { worksId: 'dash-sales-0001' },
          {
            user: 'bob',
          },
        )
      ).json as TicketCredential;

      // An admin process of the same app: its own handler and Redis connection, same store.
      const store = createRedisStore({ client: redis.url });
      try {
        const admin = testHandler(emulator, { store });
        expect(await admin.revoke({ subject: 'app-user-alice' })).toEqual({
          tickets: 2,
          tokens: 0,
          pending: 0,
        });
      } finally {
        await store.close?.();
      }

      for (const [member, t] of [
        [fleet[2]!, sales.ticket],
        [fleet[0]!, ops.ticket],
      ] as const) {
        const renewed = await call(
          member.url,
          '/api/quickbi/ticket/renew',
          { ticket: t },
          {
            user: 'alice',
          },
        );
        expect(renewed.status).toBe(403);
      }
      const next = await ticket(fleet[2]!, 'dash-sales-0001');
      expect(next.ticket).not.toBe(sales.ticket);
      const bobRenewed = await call(
        fleet[2]!.url,
        '/api/quickbi/ticket/renew',
        { ticket: bob.ticket },
        {
          user: 'bob',
        },
      );
      expect(bobRenewed.status).toBe(200);
    });
  });
});
