/**
 * `memory-fallback` keeps a credential's whole record in one tier and revocation reads every tier,
 * for embed tokens and Smart Q tickets as for report tickets (fallbackTier.test.ts). Written before
 * tokens and Smart Q moved onto the store's one-step `lookup`/`commit`, to hold what that move must
 * keep: a token minted while Redis was down is, after recovery, still served and renewed as one
 * record (never a second record of it in Redis), and `revoke` finds both kinds in the fallback and
 * deletes them upstream.
 */
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import type { CopilotCredential, EmbedTokenCredential } from '@quickbi-embed/core';
import type { QuickBIPolicy } from '@quickbi-embed/server';
import { createMemoryStore } from '@quickbi-embed/server';
import { createRedisStore } from '@quickbi-embed/server/redis';
import type { RedisStoreEvent } from '@quickbi-embed/server/redis';
import { call, serveHandler, setupEmulator, testHandler } from '../support/harness.js';
import { setupRedisServer } from '../support/redisFixtures.js';
import { waitFor } from '../support/waitFor.js';

const emulator = setupEmulator({ resetEach: true });
const redis = setupRedisServer();
const stops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const stop of stops.splice(0)) await stop();
  await redis.start();
});

const ASKER: QuickBIPolicy = {
  subject: 'app-user-asker',
  userId: 'user-bob-0002',
  kinds: ['ticket', 'token', 'copilot'],
  ticketUses: 3,
  expireMinutes: 60,
};

/** A handler on a `memory-fallback` Redis store whose fallback tier the test can read. */
async function fallbackHandler() {
  await redis.restart();
  const events: RedisStoreEvent[] = [];
  const fallback = createMemoryStore();
  const store = createRedisStore({
    client: redis.url,
    keyPrefix: 'fb:',
    onUnavailable: 'memory-fallback',
    fallback,
    onEvent: (event) => events.push(event),
  });
  stops.push(async () => store.close?.());
  const options = { store, authorize: () => ASKER, authorizeCopilot: () => ASKER };
  const served = await serveHandler(emulator, options);
  stops.push(() => served.stop());
  const raw = new Redis(redis.url);
  raw.on('error', () => {}); // it lives through the outage
  stops.push(async () => void raw.disconnect());
  const recovered = async () => {
    await redis.start();
    await waitFor(() => events.some((e) => e.type === 'store.recovered'), 10_000);
  };
  return { served, fallback, raw, recovered, admin: testHandler(emulator, options) };
}

const token = async (url: string, body: Record<string, unknown> = {}) => {
  const answer = await call(url, '/api/quickbi/token', { worksId: 'dash-ops-0002', ...body }, {});
  expect(answer.status, answer.text).toBe(200);
  return answer.json as EmbedTokenCredential;
};

describe('memory-fallback: tokens and Smart Q tickets minted during an outage', () => {
  it('a token stays one record in the fallback after recovery: served, renewed, revoked', async () => {
    const { served, fallback, raw, recovered, admin } = await fallbackHandler();
    await redis.kill();
    const first = await token(served.url);
    await recovered();

    // Served again after recovery: the same token, its record still whole in the fallback and
    // never a second record of it in Redis.
    const again = await token(served.url);
    expect(again.accessToken).toBe(first.accessToken);
    const recordKey = `qbi:r:${first.accessToken}`;
    expect(await fallback.get(recordKey)).toBeDefined();
    expect(await raw.keys(`fb:d:${recordKey}`)).toEqual([]);
    // And cached again: a further ask is answered without Quick BI.
    const creates = emulator.stats().calls.CreateEmbedToken;
    expect((await token(served.url)).accessToken).toBe(first.accessToken);
    expect(emulator.stats().calls.CreateEmbedToken).toBe(creates);

    // Renewed near expiry: the one record is extended (same token, later expiry).
    emulator.advanceClock(50 * 60_000);
    const renewed = await token(served.url, { renew: true });
    expect(renewed.accessToken).toBe(first.accessToken);
    expect(renewed.expiresAt).toBeGreaterThan(first.expiresAt);
    expect(await raw.keys(`fb:d:${recordKey}`)).toEqual([]);

    // Revocation reads every tier: the fallback's token is found and deleted upstream.
    expect(await admin.revoke({ subject: ASKER.subject })).toEqual({
      tickets: 0,
      tokens: 1,
      pending: 0,
    });
    expect(emulator.stats().calls.DeleteEmbedToken).toBe(1);
    // Never handed out again: the next ask gets a new token.
    expect((await token(served.url)).accessToken).not.toBe(first.accessToken);
  }, 30_000);

  it('a Smart Q ticket minted during the outage is revoked after recovery: its page no longer opens', async () => {
    const { served, recovered, admin } = await fallbackHandler();
    await redis.kill();
    const answer = await call(
      served.url,
      '/api/quickbi/copilot/ticket',
      { copilotId: 'copilot-sales-0001' },
      {},
    );
    expect(answer.status, answer.text).toBe(200);
    const copilot = answer.json as CopilotCredential;
    const opens = async () =>
      (await (await fetch(copilot.reportUrl)).text()).includes('data-testid="copilot"');
    expect(await opens()).toBe(true);
    await recovered();

    expect(await admin.revoke({ subject: ASKER.subject })).toEqual({
      tickets: 1,
      tokens: 0,
      pending: 0,
    });
    expect(await opens()).toBe(false);
  }, 30_000);
});
