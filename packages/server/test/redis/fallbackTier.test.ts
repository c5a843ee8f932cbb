/**
 * `memory-fallback` keeps a credential's whole record in one tier, and revocation reads every
 * tier. The outage: a ticket minted while Redis was down lived in the fallback; after recovery
 * its owner's renewal was refused 403 and `revoke` did not find it, so it stayed live upstream.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { TicketCredential } from '@quickbi-embed/core';
import { createRedisStore } from '@quickbi-embed/server/redis';
import type { RedisStoreEvent } from '@quickbi-embed/server/redis';
import { call, pageError, serveHandler, setupEmulator, testHandler } from '../support/harness.js';
import { setupRedisServer } from '../support/redisFixtures.js';
import { waitFor } from '../support/waitFor.js';

const emulator = setupEmulator({ resetEach: true });
const redis = setupRedisServer();
const stops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const stop of stops.splice(0)) await stop();
  await redis.start();
});

describe('memory-fallback: a credential minted during an outage', () => {
  it('stays renewable by its owner and revocable after Redis recovers', async () => {
    await redis.restart();
    const events: RedisStoreEvent[] = [];
    const store = createRedisStore({
      client: redis.url,
      onUnavailable: 'memory-fallback',
      onEvent: (event) => events.push(event),
    });
    stops.push(async () => store.close?.());
    const served = await serveHandler(emulator, { store });
    stops.push(() => served.stop());

    await redis.kill();
    const minted = await call(
      served.url,
      '/api/quickbi/ticket',
      { worksId: 'dash-sales-0001' },
      { user: 'bob' },
    );
    expect(minted.status, minted.text).toBe(200);
    const ticket = minted.json as TicketCredential;
    expect(events.map((e) => e.type)).toContain('store.unavailable');

    await redis.start();
    await waitFor(() => events.some((e) => e.type === 'store.recovered'), 10_000);

    const renewed = await call(
      served.url,
      '/api/quickbi/ticket/renew',
      { ticket: ticket.ticket },
      { user: 'bob' },
    );
    expect(renewed.status).toBe(200);
    expect(renewed.json.ticket).toBe(ticket.ticket);

    const handler = testHandler(emulator, { store });
    expect(await handler.revoke({ subject: 'app-user-bob' })).toMatchObject({
      tickets: 1,
      pending: 0,
    });
    expect(await pageError(ticket.reportUrl)).toBe('Authorize3rdTicket.NotExist');
  }, 30_000);
});
