import { afterAll, describe, expect, it } from 'vitest';
import type { TicketCredential } from '@quickbi-embed/core';
import { call, setupEmulator, setupNoUnhandledRejections } from '../support/harness.js';
import { writeCapturedLogs } from '../support/capturedLogs.js';
import { startRedisFleet } from '../support/redisFleet.js';
import { setupRedisServer } from '../support/redisFixtures.js';
import { waitFor } from '../support/waitFor.js';

// Redis restarted while a fleet serves: answers are credentials or typed errors, nothing rejects
// unhandled, and once Redis is back the fleet again mints one ticket per key.

setupNoUnhandledRejections();
const emulator = setupEmulator();
const redis = setupRedisServer();
afterAll(() => writeCapturedLogs('hardening-redis-restart'));

const ask = (url: string, user = 'crowd', worksId = 'dash-sales-0001') =>
  call(url, '/api/quickbi/ticket', { worksId }, { user });

describe('Redis restarted mid-run', () => {
  it('fail-closed: typed errors during the outage, one ticket per key after it', async () => {
    emulator.reset();
    await redis.restart();
    const fleet = await startRedisFleet(emulator, redis.url, 2, { handler: { keyPrefix: 'fc:' } });
    try {
      const first = await ask(fleet[0]!.url);
      expect(first.status).toBe(200);
      const before = (first.json as TicketCredential).ticket;

      // Requests keep coming while Redis goes away and comes back.
      const during = Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          new Promise((resolve) => setTimeout(resolve, i)).then(() => ask(fleet[i % 2]!.url)),
        ),
      );
      await redis.restart();
      const answers = await during;
      for (const a of answers) {
        if (a.status === 200) continue;
        // Fail closed: a typed server error, never a credential from nowhere.
        expect(a.status).toBeGreaterThanOrEqual(500);
        expect(a.json).toEqual({ error: expect.objectContaining({ code: expect.any(String) }) });
      }

      // Wait (bounded) until both instances are back on Redis.
      await waitFor(async () => {
        const probes = await Promise.all(fleet.map((m) => ask(m.url, 'bob')));
        return probes.every((p) => p.status === 200);
      }, 10_000);

      // Back on Redis, a burst for a key nobody asked for yet mints once across the fleet.
      const mintedBefore = emulator.stats().ticketsCreated;
      const burst = await Promise.all(
        Array.from({ length: 40 }, (_, i) => ask(fleet[i % 2]!.url, 'crowd', 'dash-ops-0002')),
      );
      expect(burst.every((a) => a.status === 200)).toBe(true);
      expect(new Set(burst.map((a) => (a.json as TicketCredential).ticket)).size).toBe(1);
      expect(emulator.stats().ticketsCreated - mintedBefore).toBe(1);
      // The ticket minted before the restart is still known to neither Redis nor the fleet's
      // answers for the new report.
      expect(burst.some((a) => (a.json as TicketCredential).ticket === before)).toBe(false);
    } finally {
      await Promise.all(fleet.map((m) => m.stop()));
    }
  });

  it('memory-fallback: every request is served through the outage, with a warning event', async () => {
    emulator.reset();
    await redis.restart();
    const fleet = await startRedisFleet(emulator, redis.url, 2, {
      handler: { keyPrefix: 'mf:' },
      store: { onUnavailable: 'memory-fallback' },
    });
    try {
      expect((await ask(fleet[0]!.url)).status).toBe(200);
      await redis.kill();
      const during = await Promise.all(
        Array.from({ length: 20 }, (_, i) => ask(fleet[i % 2]!.url)),
      );
      expect(during.map((a) => a.status)).toEqual(during.map(() => 200));
      for (const a of during) expect(a.json.expiresAt).toBeGreaterThan(a.json.serverNow);
      expect(fleet.some((m) => m.storeEvents.some((e) => e.type === 'store.unavailable'))).toBe(
        true,
      );

      await redis.start();
      await waitFor(
        () => fleet.every((m) => m.storeEvents.at(-1)?.type !== 'store.unavailable'),
        10_000,
      );
      const after = await Promise.all(
        Array.from({ length: 20 }, (_, i) => ask(fleet[i % 2]!.url, 'bob')),
      );
      expect(after.every((a) => a.status === 200)).toBe(true);
      expect(new Set(after.map((a) => (a.json as TicketCredential).ticket)).size).toBe(4);
    } finally {
      await Promise.all(fleet.map((m) => m.stop()));
    }
  });
});
