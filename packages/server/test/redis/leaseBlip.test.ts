/**
 * One failed lease heartbeat must not end the lease. The outage: a 2.5 s Redis blip (no data lost)
 * at the holder's first heartbeat, with a 16 s CreateTicket; the heartbeat gave up at its first
 * error, the lease lapsed at 15 s and another instance minted a second ticket for the same key.
 * The holder's Redis connection goes through a TCP proxy that loses every packet for 2.5 s (its
 * commands time out), then cuts the line; the waiters' connections do not.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { TicketCredential } from '@quickbi-embed/core';
import { Redis } from 'ioredis';
import { createRedisStore } from '@quickbi-embed/server/redis';
import { call, serveHandler, setupEmulator, testClient } from '../support/harness.js';
import type { Served } from '../support/harness.js';
import { startRedisFleet } from '../support/redisFleet.js';
import { setupRedisServer } from '../support/redisFixtures.js';
import { startTcpProxy } from '../support/tcpProxy.js';
import { waitFor } from '../support/waitFor.js';

const emulator = setupEmulator({ resetEach: true });
const redis = setupRedisServer();
const stops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const stop of stops.splice(0)) await stop();
});

describe('lease heartbeat through a Redis blip', () => {
  it('a 2.5 s drop at the first heartbeat with a 16 s CreateTicket: still one ticket', async () => {
    emulator.setFaults({ action: 'CreateTicket', latencyMs: 16_000, count: 1 });
    const proxy = await startTcpProxy(redis.port);
    stops.push(() => proxy.stop());
    let firstBeat = true;
    const client = testClient(emulator, { timeoutMs: 30_000 });
    // A client that never replays a timed-out command: a heartbeat that timed out is lost.
    const connection = new Redis(`redis://127.0.0.1:${proxy.port}`, {
      maxRetriesPerRequest: 0,
      commandTimeout: 500,
      retryStrategy: () => 50,
    });
    connection.on('error', () => {});
    const store = createRedisStore({ client: connection });
    stops.push(async () => {
      await store.close?.();
      connection.disconnect();
    });
    const holder: Served = await serveHandler(emulator, {
      store,
      client,
      lock: {
        // The blip starts exactly when the first heartbeat fires (default 15 s lease: at 5 s).
        setTimer: (run, ms) => {
          const timer = setTimeout(() => {
            if (firstBeat) {
              firstBeat = false;
              proxy.blackhole(2_500);
            }
            run();
          }, ms);
          return () => clearTimeout(timer);
        },
      },
    });
    stops.push(() => holder.stop());
    const waiters = await startRedisFleet(emulator, redis.url, 2, { handler: { client } });
    stops.push(async () => void (await Promise.all(waiters.map((w) => w.stop()))));

    const first = call(
      holder.url,
      '/api/quickbi/ticket',
      { worksId: 'dash-sales-0001' },
      {
        user: 'crowd',
      },
    );
    await waitFor(() => (emulator.stats().calls.CreateTicket ?? 0) === 1, 5_000);
    const others = Array.from({ length: 6 }, (_, i) =>
      call(
        waiters[i % 2]!.url,
        '/api/quickbi/ticket',
        { worksId: 'dash-sales-0001' },
        {
          user: 'crowd',
        },
      ),
    );
    const answers = await Promise.all([first, ...others]);
    expect(firstBeat).toBe(false); // the blip happened
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
    expect(emulator.stats().calls.CreateTicket).toBe(1);
    expect(new Set(answers.map((a) => (a.json as TicketCredential).ticket)).size).toBe(1);
  }, 40_000);
});
