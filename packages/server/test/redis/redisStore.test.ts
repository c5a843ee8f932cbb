import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { createRedisStore } from '@quickbi-embed/server/redis';
import type { CredentialStore } from '@quickbi-embed/server/redis';
import { setupRedisStores } from '../support/redisFixtures.js';
import { waitFor } from '../support/waitFor.js';

const { redis, raw, newStore } = setupRedisStores();

describe('createRedisStore: values', () => {
  it('round-trips JSON values across two connections', async () => {
    const a = newStore('shared-rt:');
    const b = newStore('shared-rt:');
    const value = {
      ticket: 'tk-1',
      maxUses: 3,
      globalParam: [{ paramKey: 'region', joinType: 'and', conditionList: [] }],
      watermark: 'زهرة 花 \u200b 🌸',
      nested: { ok: true, none: null },
    };
    await a.set('cred:1', value, 60_000);
    expect(await b.get('cred:1')).toEqual(value);
    await b.set('n', 42, 60_000);
    expect(await a.get<number>('n')).toBe(42);
    await a.set('s', 'plain', 60_000);
    expect(await b.get('s')).toBe('plain');
  });

  it('answers undefined for a missing key and after delete', async () => {
    const store = newStore();
    expect(await store.get('nothing')).toBeUndefined();
    await store.set('k', { a: 1 }, 60_000);
    await store.delete('k');
    expect(await store.get('k')).toBeUndefined();
    await store.delete('never-set');
  });

  it('keeps key prefixes apart', async () => {
    const a = newStore('app-a:');
    const b = newStore('app-b:');
    await a.set('same', 'from a', 60_000);
    expect(await b.get('same')).toBeUndefined();
    expect(await raw.get('app-a:d:same')).toBe('"from a"');
  });

  it('stores the TTL in Redis (PX) and lets Redis expire the value', async () => {
    const store = newStore('ttl:');
    await store.set('short', { v: 1 }, 150);
    const pttl = await raw.pttl('ttl:d:short');
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(150);
    // Redis' own clock expires it: poll, bounded.
    await waitFor(async () => (await store.get('short')) === undefined, 3000);
    expect(await raw.exists('ttl:d:short')).toBe(0);
  });

  it('treats a non-positive TTL as already expired', async () => {
    const store = newStore();
    await store.set('k', 1, 60_000);
    await store.set('k', 2, 0);
    expect(await store.get('k')).toBeUndefined();
  });

  it('reads a value it cannot decode as a miss', async () => {
    const store = newStore('garbage:');
    await raw.set('garbage:d:bad', '{not json', 'PX', 60_000);
    expect(await store.get('bad')).toBeUndefined();
  });

  it('rejects a value that is not JSON', async () => {
    const store = newStore();
    await expect(store.set('f', () => 1, 1000)).rejects.toThrow(TypeError);
  });
});

describe('createRedisStore: increment', () => {
  it('is atomic under 200 concurrent increments from two connections', async () => {
    const a = newStore('inc:');
    const b = newStore('inc:');
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => (i % 2 ? a : b).increment('uses', 1, 60_000)),
    );
    expect([...results].sort((x, y) => x - y)).toEqual(
      Array.from({ length: 200 }, (_, i) => i + 1),
    );
    expect(await a.get('uses')).toBe(200);
  });

  it('expires the counter ttlMs after its creation, not after each increment', async () => {
    const store = newStore('inc-ttl:');
    expect(await store.increment('c', 5, 60_000)).toBe(5);
    const first = await raw.pttl('inc-ttl:d:c');
    expect(first).toBeGreaterThan(0);
    expect(await store.increment('c', -2, 10 * 60_000)).toBe(3);
    const second = await raw.pttl('inc-ttl:d:c');
    expect(second).toBeLessThanOrEqual(first);

    await store.increment('gone', 1, 100);
    await waitFor(async () => (await store.get('gone')) === undefined, 3000);
    expect(await store.increment('gone', 1, 60_000)).toBe(1);
  });

  it('rejects a fractional step and passes Redis errors through', async () => {
    const store = newStore('inc-err:');
    await expect(store.increment('c', 0.5, 1000)).rejects.toThrow(RangeError);
    await store.set('obj', { a: 1 }, 60_000);
    await expect(store.increment('obj', 1, 1000)).rejects.toMatchObject({ name: 'ReplyError' });
  });
});

describe('createRedisStore: lock', () => {
  it('is exclusive across two connections', async () => {
    const a = newStore('lock:');
    const b = newStore('lock:');
    const attempts = await Promise.all(
      Array.from({ length: 50 }, (_, i) => (i % 2 ? a : b).lock('mint:x', 10_000)),
    );
    const held = attempts.filter((l) => l !== null);
    expect(held).toHaveLength(1);
    expect(await a.lock('mint:x', 10_000)).toBeNull();
    await held[0]!.release();
    const next = await b.lock('mint:x', 10_000);
    expect(next).not.toBeNull();
    await next!.release();
  });

  it('frees itself after its TTL when the holder never releases', async () => {
    const a = newStore('lock-exp:');
    const b = newStore('lock-exp:');
    expect(await a.lock('k', 100)).not.toBeNull();
    expect(await b.lock('k', 100)).toBeNull();
    let taken = null;
    await waitFor(async () => (taken = await b.lock('k', 10_000)) !== null, 3000);
    expect(taken).not.toBeNull();
  });

  it('is released only by its holder', async () => {
    const a = newStore('lock-own:');
    const b = newStore('lock-own:');
    const stale = await a.lock('k', 100);
    expect(stale).not.toBeNull();
    let current: Awaited<ReturnType<CredentialStore['lock']>> = null;
    await waitFor(async () => (current = await b.lock('k', 10_000)) !== null, 3000);
    const tokenBefore = await raw.get('lock-own:l:k');
    // The first holder's lock expired: its late release must not free b's lock.
    await stale!.release();
    expect(await raw.get('lock-own:l:k')).toBe(tokenBefore);
    expect(await a.lock('k', 10_000)).toBeNull();
    await current!.release();
    expect(await raw.exists('lock-own:l:k')).toBe(0);
  });

  it('keeps data keys and lock keys apart', async () => {
    const store = newStore('lock-ns:');
    await store.set('k', 'value', 60_000);
    const lock = await store.lock('k', 10_000);
    expect(lock).not.toBeNull();
    expect(await store.get('k')).toBe('value');
    await lock!.release();
  });
});

describe('createRedisStore: client ownership', () => {
  it('leaves a client it was given open on close()', async () => {
    const client = new Redis(redis.url);
    const store = createRedisStore({ client, keyPrefix: 'given:' });
    await store.set('k', 1, 60_000);
    await store.close?.();
    expect(await client.get('given:d:k')).toBe('1');
    client.disconnect();
  });
});
