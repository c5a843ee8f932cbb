// A separate entry point so users without Redis never load ioredis.
export {
  createRedisStore,
  RedisStoreUnavailableError,
  type RedisStoreEvent,
  type RedisStoreOptions,
  type RedisUnavailableMode,
} from './store/redisStore.js';
export type { CredentialStore, SetOptions, StoreLock } from './store/types.js';
