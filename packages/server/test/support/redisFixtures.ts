// Vitest fixtures around redisServer.ts, kept apart from it: bench/ imports redisServer.ts outside Vitest.
import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { createRedisStore } from '@quickbi-embed/server/redis';
import type { CredentialStore } from '@quickbi-embed/server/redis';
import { startedLater } from './harness.js';
import { startRedisServer, type RedisServer } from './redisServer.js';

/**
 * A redis-server for the test file, a raw client to look at its keys, and `newStore`: a store on
 * its own connection (and by default its own key prefix, so tests never see each other's keys).
 * Everything is closed after the file.
 */
export function setupRedisStores() {
  const redis = setupRedisServer();
  const raw = startedLater<Redis>('the raw redis client');
  const stores: CredentialStore[] = [];
  let prefixCount = 0;
  beforeAll(() => {
    raw.set(new Redis(redis.url));
  });
  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close?.()));
    raw.get()?.disconnect();
  });
  const newStore = (prefix = `t${++prefixCount}:`): CredentialStore => {
    const store = createRedisStore({ client: redis.url, keyPrefix: prefix });
    stores.push(store);
    return store;
  };
  return { redis, raw: raw.handle, newStore };
}

/** A redis-server of the test file's own: started before all its tests, stopped after them. */
export function setupRedisServer(): RedisServer {
  const redis = startedLater<RedisServer>('the redis-server');
  beforeAll(async () => {
    redis.set(await startRedisServer());
  });
  afterAll(async () => {
    await redis.get()?.stop();
  });
  return redis.handle;
}
