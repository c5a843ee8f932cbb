import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createRedisStore, RedisStoreUnavailableError } from '@quickbi-embed/server/redis';
import type { CredentialStore, RedisStoreEvent } from '@quickbi-embed/server/redis';
import { QuickBIEmbedError } from '@quickbi-embed/core';
import { setupRedisServer } from '../support/redisFixtures.js';
import { waitFor } from '../support/waitFor.js';
import { createMapStore } from './mapStore.js';

// These tests kill and restart the server, so they have one of their own.
const redis = setupRedisServer();
const stores: CredentialStore[] = [];

function track<T extends CredentialStore>(store: T): T {
  stores.push(store);
  return store;
}

afterEach(async () => {
  await redis.start();
});

afterAll(async () => {
  await Promise.all(stores.map((s) => s.close?.()));
});

/** A fresh, empty server, so no test sees what an earlier one left. */
async function ensureUp(): Promise<void> {
  await redis.restart();
}

describe('Redis unreachable, fail-closed (default)', () => {
  it('throws a typed 503 error on every operation, and says so once', async () => {
    await ensureUp();
    const events: RedisStoreEvent[] = [];
    const store = track(
      createRedisStore({ client: redis.url, keyPrefix: 'fc:', onEvent: (e) => events.push(e) }),
    );
    await store.set('k', 1, 60_000);
    await redis.kill();

    for (const op of [
      () => store.get('k'),
      () => store.set('k', 2, 1000),
      () => store.delete('k'),
      () => store.increment('n', 1, 1000),
      () => store.lock('l', 1000),
    ]) {
      const error = await op().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(RedisStoreUnavailableError);
      expect(error).toBeInstanceOf(QuickBIEmbedError);
      expect(error).toMatchObject({ code: 'STORE_UNAVAILABLE', status: 503 });
    }
    expect(events).toEqual([
      { type: 'store.unavailable', mode: 'fail-closed', message: expect.any(String) },
    ]);
  });

  it('fails closed when Redis was never reachable, after the connect timeout', async () => {
    await redis.kill();
    const store = track(
      createRedisStore({ client: redis.url, keyPrefix: 'fc2:', connectTimeoutMs: 200 }),
    );
    await expect(store.get('k')).rejects.toBeInstanceOf(RedisStoreUnavailableError);
    // Later calls do not wait for the connect timeout again.
    await expect(store.lock('k', 1000)).rejects.toBeInstanceOf(RedisStoreUnavailableError);
  });

  it('a lock release while Redis is down does not throw (the lock expires by itself)', async () => {
    await ensureUp();
    const store = track(createRedisStore({ client: redis.url, keyPrefix: 'fc3:' }));
    const lock = await store.lock('k', 500);
    expect(lock).not.toBeNull();
    await redis.kill();
    await expect(lock!.release()).resolves.toBeUndefined();
  });
});

describe('Redis unreachable, memory-fallback', () => {
  it('serves from the fallback store with a warning, then returns to Redis when it is back', async () => {
    await ensureUp();
    const events: RedisStoreEvent[] = [];
    const fallback = createMapStore();
    const store = track(
      createRedisStore({
        client: redis.url,
        keyPrefix: 'mf:',
        onUnavailable: 'memory-fallback',
        fallback,
        onEvent: (e) => events.push(e),
      }),
    );
    const peer = track(createRedisStore({ client: redis.url, keyPrefix: 'mf:' }));

    await store.set('before', 'redis', 60_000);
    expect(fallback.writes).toEqual([]);
    await redis.kill();

    await store.set('during', 'memory', 60_000);
    expect(await store.get('during')).toBe('memory');
    expect(await store.increment('n', 1, 60_000)).toBe(1);
    const lock = await store.lock('l', 60_000);
    expect(lock).not.toBeNull();
    expect(await store.lock('l', 60_000)).toBeNull();
    await lock!.release();
    expect(fallback.writes).toEqual(['during', 'n']);
    expect(events).toEqual([
      { type: 'store.unavailable', mode: 'memory-fallback', message: expect.any(String) },
    ]);

    // Nothing is persisted: a restarted Redis is empty, and the store goes back to it.
    await redis.start();
    await waitFor(() => events.length === 2, 5000);
    expect(events[1]).toEqual({ type: 'store.recovered', mode: 'memory-fallback' });
    await store.set('after', 'redis again', 60_000);
    // The peer reconnects on its own schedule: read through it once it is back.
    let seen: unknown;
    await waitFor(async () => {
      seen = await peer.get('after').catch(() => 'peer still down');
      return seen !== 'peer still down';
    }, 5000);
    expect(seen).toBe('redis again');
    expect(await store.get('during')).toBeUndefined();
    expect(fallback.writes).toEqual(['during', 'n']);
  });
});

describe('Redis unreachable, memory-fallback with the default fallback', () => {
  it('keeps values in a per-process memory store', async () => {
    await redis.kill();
    const events: RedisStoreEvent[] = [];
    const store = track(
      createRedisStore({
        client: redis.url,
        keyPrefix: 'mf2:',
        onUnavailable: 'memory-fallback',
        connectTimeoutMs: 200,
        onEvent: (e) => events.push(e),
      }),
    );
    await store.set('k', { v: 1 }, 60_000);
    expect(await store.get('k')).toEqual({ v: 1 });
    expect(await store.increment('n', 2, 60_000)).toBe(2);
    expect(events.map((e) => e.type)).toEqual(['store.unavailable']);
  });
});

describe('Redis restarted mid-run', () => {
  it('reconnects without a new store, and keeps serving', async () => {
    await ensureUp();
    const a = track(createRedisStore({ client: redis.url, keyPrefix: 'rs:' }));
    const b = track(createRedisStore({ client: redis.url, keyPrefix: 'rs:' }));
    await a.set('k', 'v1', 60_000);
    expect(await b.get('k')).toBe('v1');

    await redis.restart();

    // Until the clients notice and reconnect, calls may fail closed; then everything works again.
    await waitFor(async () => {
      try {
        await a.set('k', 'v2', 60_000);
        return (await b.get('k')) === 'v2';
      } catch (error) {
        if (!(error instanceof RedisStoreUnavailableError)) throw error;
        return false;
      }
    }, 10_000);
    expect(await a.increment('n', 1, 60_000)).toBe(1);
    const lock = await b.lock('l', 10_000);
    expect(lock).not.toBeNull();
    expect(await a.lock('l', 10_000)).toBeNull();
  });
});
