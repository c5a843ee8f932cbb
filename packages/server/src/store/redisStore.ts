import { Redis } from 'ioredis';
import { QuickBIEmbedError } from '@quickbi-embed/core';
import { createMemoryStore } from './memoryStore.js';
import { LeaseLostError } from './storeFullError.js';
import type {
  CredentialStore,
  IncrementOptions,
  RecordWrite,
  SetOptions,
  StoreLock,
  UpdateOptions,
} from './types.js';

/**
 * What the store does when Redis cannot be reached:
 * - `fail-closed` (default): every operation throws a {@link RedisStoreUnavailableError} (503).
 * - `memory-fallback`: operations go to a per-process store until Redis is back, and a
 *   `store.unavailable` warning event is emitted. The fleet then stops sharing credentials, so each
 *   process may mint its own: availability is traded for the one-credential-per-fleet guarantee.
 */
export type RedisUnavailableMode = 'fail-closed' | 'memory-fallback';

export type RedisStoreEvent =
  | { type: 'store.unavailable'; mode: RedisUnavailableMode; message: string }
  | { type: 'store.recovered'; mode: RedisUnavailableMode };

export interface RedisStoreOptions {
  /** An ioredis client (left open by `close()`), or a `redis://` URL. Default `redis://127.0.0.1:6379`. */
  client?: Redis | string;
  /** Prepended to every key, so several apps can share one Redis. Default `quickbi-embed:`. */
  keyPrefix?: string;
  onUnavailable?: RedisUnavailableMode;
  /** The store used while Redis is down in `memory-fallback` mode. Default: a memory store. */
  fallback?: CredentialStore;
  onEvent?: (event: RedisStoreEvent) => void;
  /** How long the first operation waits for the initial connection. Default 2000 ms. */
  connectTimeoutMs?: number;
  /** Per-command timeout of a client this store creates from a URL. Default 2000 ms. */
  commandTimeoutMs?: number;
}

export class RedisStoreUnavailableError extends QuickBIEmbedError {
  constructor(cause?: unknown) {
    super({
      code: 'STORE_UNAVAILABLE',
      status: 503,
      message: 'The credential store (Redis) is unavailable',
      cause,
    });
  }
}

// Runs in Redis so two processes can never both see "missing" and both set the expiry.
const INCREMENT = `
local v = redis.call('INCRBY', KEYS[1], ARGV[1])
if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return v`;

// Compare-and-delete: a holder whose lock expired must not free the next holder's lock.
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

// Lease heartbeat: only the holder (same token) may push the expiry.
const EXTEND = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;

// The per-subject index: a sorted set scored by each member's expiry on Redis's own clock (one
// clock for the whole fleet). The key lives as long as its longest-lived member.
const INDEX_ADD = `
local t = redis.call('TIME')
local nowMs = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', nowMs)
redis.call('ZADD', KEYS[1], nowMs + tonumber(ARGV[2]), ARGV[1])
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 1`;

const INDEX_MEMBERS = `
local t = redis.call('TIME')
local nowMs = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', nowMs)
return redis.call('ZRANGE', KEYS[1], 0, -1)`;

// One ledger transition: compare-and-set of the record (it must still be what the caller read),
// the fencing check (the caller's lease is still held) and the index changes, in one script.
// KEYS: record, lease (or the record again), then one index key per index change.
// ARGV: had, expected, has, next, px, fenceToken, adds, (member, px) per add, member per remove.
// Answers {1} when written, {-1} when the lease is lost, {0, current} when the record was not what
// the caller expected: the caller retries with `current` without another read.
const UPDATE = `
local raw = redis.call('GET', KEYS[1])
if ARGV[1] == '1' then
  if raw ~= ARGV[2] then return {0, raw} end
elseif raw then return {0, raw} end
if ARGV[6] ~= '' and redis.call('GET', KEYS[2]) ~= ARGV[6] then return {-1} end
if ARGV[3] == '1' then redis.call('SET', KEYS[1], ARGV[4], 'PX', ARGV[5])
else redis.call('DEL', KEYS[1]) end
local t = redis.call('TIME')
local nowMs = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local adds = tonumber(ARGV[7])
local a = 8
for i = 1, adds do
  local key = KEYS[2 + i]
  local ttl = tonumber(ARGV[a + 1])
  redis.call('ZREMRANGEBYSCORE', key, '-inf', nowMs)
  redis.call('ZADD', key, nowMs + ttl, ARGV[a])
  if redis.call('PTTL', key) < ttl then redis.call('PEXPIRE', key, ttl) end
  a = a + 2
end
for i = adds + 3, #KEYS do
  redis.call('ZREM', KEYS[i], ARGV[a])
  a = a + 1
end
return {1}`;

/**
 * Conflicting writers retry their transition this many times before giving up (503); from the
 * third attempt on, after a short random pause, so a fleet hammering one record spreads out.
 */
const UPDATE_ATTEMPTS = 64;
const pause = (attempt: number) =>
  attempt < 2
    ? Promise.resolve()
    : new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, attempt * 2)));

const DEFAULT_URL = 'redis://127.0.0.1:6379';

/**
 * Records whose last value this process knows (it wrote or read it), so a transition can try its
 * compare-and-set on that value without reading first. Only a guess: the script compares, and a
 * stale guess costs one retry with the value the script answers. Bounded, oldest forgotten first.
 */
const KNOWN_RECORDS = 1024;

export function createRedisStore(options: RedisStoreOptions = {}): CredentialStore {
  const mode = options.onUnavailable ?? 'fail-closed';
  const fallback =
    mode === 'memory-fallback' ? (options.fallback ?? createMemoryStore()) : undefined;
  const prefix = options.keyPrefix ?? 'quickbi-embed:';
  const connectTimeoutMs = options.connectTimeoutMs ?? 2000;
  const owned = typeof options.client !== 'object';
  const client =
    typeof options.client === 'object'
      ? options.client
      : new Redis(options.client ?? DEFAULT_URL, {
          // Fail fast and let the mode decide, instead of queueing behind a dead connection.
          maxRetriesPerRequest: 1,
          commandTimeout: options.commandTimeoutMs ?? 2000,
          connectTimeout: connectTimeoutMs,
          retryStrategy: (times) => Math.min(times * 50, 1000),
        });

  let down = false;
  let announced = false;
  const emit = (event: RedisStoreEvent) => {
    try {
      options.onEvent?.(event);
    } catch {
      // An observer's bug must not turn into a store failure.
    }
  };
  const markDown = (reason: unknown) => {
    down = true;
    if (announced) return;
    announced = true;
    emit({ type: 'store.unavailable', mode, message: describe(reason) });
  };
  const onReady = () => {
    down = false;
    if (!announced) return;
    announced = false;
    emit({ type: 'store.recovered', mode });
  };
  const onClose = () => {
    if (client.status !== 'ready') markDown(new Error('connection closed'));
  };
  // Without an error listener ioredis prints every reconnect failure to the console.
  const onError = () => {};
  client.on('ready', onReady);
  client.on('close', onClose);
  client.on('error', onError);

  let connecting: Promise<boolean> | undefined;
  const reachable = async (): Promise<boolean> => {
    if (client.status === 'ready') return true;
    if (down || client.status === 'end') return false;
    if (client.status === 'wait') client.connect().catch(() => {});
    // Only the first connection is waited for (by every caller at once); later outages fail at
    // once rather than pile up behind a dead connection.
    connecting ??= waitForReady(client, connectTimeoutMs).then((ready) => {
      connecting = undefined;
      if (!ready) markDown(new Error(`not connected within ${connectTimeoutMs} ms`));
      return ready;
    });
    return connecting;
  };

  async function run<T>(
    onRedis: () => Promise<T>,
    onFallback: (store: CredentialStore) => Promise<T>,
  ): Promise<T> {
    let cause: unknown;
    if (await reachable()) {
      try {
        return await onRedis();
      } catch (error) {
        // Redis answered (a refusal, a lost lease, a conflict): not an outage.
        if (isReplyError(error) || error instanceof QuickBIEmbedError) throw error;
        cause = error;
        markDown(error);
      }
    }
    if (mode === 'memory-fallback' && fallback) return onFallback(fallback);
    throw new RedisStoreUnavailableError(cause);
  }

  // Record key -> its last value seen here (null: absent). See KNOWN_RECORDS.
  const known = new Map<string, string | null>();
  const remember = (dataKey: string, raw: string | null) => {
    known.delete(dataKey);
    known.set(dataKey, raw);
    if (known.size > KNOWN_RECORDS) known.delete(known.keys().next().value as string);
  };

  const data = (key: string) => `${prefix}d:${key}`;
  const lockKey = (key: string) => `${prefix}l:${key}`;
  const indexKey = (key: string) => `${prefix}i:${key}`;

  return {
    async get<T>(key: string) {
      return run(
        async () => {
          const raw = await client.get(data(key));
          return raw === null ? undefined : parseJson<T>(raw);
        },
        (store) => store.get<T>(key),
      );
    },

    // `evictable` is not told to Redis: which keys Redis drops is its maxmemory-policy's choice
    // (run it with `noeviction`, so a full Redis refuses writes instead of dropping ownership).
    async set<T>(key: string, value: T, ttlMs: number, setOptions?: SetOptions) {
      const json = JSON.stringify(value);
      if (json === undefined) throw new TypeError('RedisStore.set: value is not JSON-serialisable');
      return run(
        async () => {
          const px = toPx(ttlMs);
          known.delete(data(key));
          if (px === 0) await client.del(data(key));
          else await client.set(data(key), json, 'PX', px);
        },
        (store) => store.set(key, value, ttlMs, setOptions),
      );
    },

    async delete(key: string) {
      return run(
        async () => {
          known.delete(data(key));
          await client.del(data(key));
        },
        (store) => store.delete(key),
      );
    },

    async increment(key: string, by: number, ttlMs: number, incrementOptions?: IncrementOptions) {
      if (!Number.isSafeInteger(by))
        throw new RangeError('RedisStore.increment: `by` must be an integer');
      return run(
        async () =>
          Number(await client.eval(INCREMENT, 1, data(key), by, Math.max(1, toPx(ttlMs)))),
        (store) => store.increment(key, by, ttlMs, incrementOptions),
      );
    },

    async update<T>(
      key: string,
      apply: (current: T | undefined) => RecordWrite<T> | null,
      updateOptions?: UpdateOptions,
    ) {
      return run<T | undefined>(
        async () => {
          const fence = updateOptions?.fence?.fence;
          const dataKey = data(key);
          // The first attempt compares against the value last seen here (absent when none was),
          // without a read: a new record or this process's own last write costs one round trip.
          let raw: string | null | undefined = known.get(dataKey) ?? null;
          let confirmed = false;
          const read = async () => {
            const value = await client.get(dataKey);
            confirmed = true;
            remember(dataKey, value);
            return value;
          };
          const inFallback = async () =>
            fallback !== undefined && (await fallback.get(key)) !== undefined;
          for (let attempt = 0; attempt < UPDATE_ATTEMPTS; attempt++) {
            await pause(attempt);
            // A guess of "absent" is checked against Redis when the fallback holds the record.
            if (raw === undefined || (raw === null && !confirmed && (await inFallback())))
              raw = await read();
            // A record written to the fallback during an outage stays there, whole: its
            // transitions keep going to the tier that holds it (never split across tiers).
            if (raw === null && fallback && (await inFallback())) {
              // A Redis lease fences here; a lease the fallback gave during the outage, there.
              const heldInRedis = fence
                ? (await client.get(lockKey(fence.key))) === fence.token
                : false;
              return fallback.update(key, apply, heldInRedis ? undefined : updateOptions);
            }
            const current = raw === null ? undefined : parseJson<T>(raw);
            const next = apply(current);
            if (next === null) {
              // Nothing to write: answer only what Redis holds now, not a guess.
              if (confirmed) return current;
              raw = undefined;
              continue;
            }
            const json = next.value === undefined ? undefined : JSON.stringify(next.value);
            const adds = next.indexAdd ?? [];
            const removes = next.indexRemove ?? [];
            const keys = [
              dataKey,
              fence ? lockKey(fence.key) : dataKey,
              ...adds.map((a) => indexKey(a.key)),
              ...removes.map((r) => indexKey(r.key)),
            ];
            const args: (string | number)[] = [
              raw === null ? '0' : '1',
              raw ?? '',
              json === undefined ? '0' : '1',
              json ?? '',
              Math.max(1, toPx(next.ttlMs)),
              fence?.token ?? '',
              adds.length,
              ...adds.flatMap((a) => [a.member, Math.max(1, toPx(a.ttlMs))]),
              ...removes.map((r) => r.member),
            ];
            const [done, now] = (await client.eval(UPDATE, keys.length, ...keys, ...args)) as [
              number,
              string | null | undefined,
            ];
            if (Number(done) === -1) throw new LeaseLostError();
            if (Number(done) === 1) {
              remember(dataKey, json ?? null);
              return next.value;
            }
            // Not what we compared against: go again with the value the script saw.
            raw = now ?? null;
            confirmed = true;
            remember(dataKey, raw);
          }
          throw new RedisStoreUnavailableError(new Error(`update of ${key}: too many conflicts`));
        },
        (store) => store.update(key, apply, updateOptions),
      );
    },

    async lock(key: string, ttlMs: number) {
      return run<StoreLock | null>(
        async () => {
          const token = globalThis.crypto.randomUUID();
          const ok = await client.set(lockKey(key), token, 'PX', Math.max(1, toPx(ttlMs)), 'NX');
          if (ok !== 'OK') return null;
          return {
            fence: { key, token },
            async release() {
              try {
                await client.eval(RELEASE, 1, lockKey(key), token);
              } catch (error) {
                if (isReplyError(error)) throw error;
                // Redis is gone: the lock frees itself when its TTL runs out.
                markDown(error);
              }
            },
            async extend(nextTtlMs: number) {
              try {
                const px = Math.max(1, toPx(nextTtlMs));
                return Number(await client.eval(EXTEND, 1, lockKey(key), token, px)) === 1;
              } catch (error) {
                // Unreachable is not lost: the heartbeat retries while the lease may be alive.
                if (!isReplyError(error)) markDown(error);
                throw error;
              }
            },
          };
        },
        (store) => store.lock(key, ttlMs),
      );
    },

    async indexAdd(key: string, member: string, ttlMs: number) {
      return run(
        async () => {
          await client.eval(INDEX_ADD, 1, indexKey(key), member, Math.max(1, toPx(ttlMs)));
        },
        (store) => store.indexAdd(key, member, ttlMs),
      );
    },

    async indexMembers(key: string) {
      return run(
        async () => {
          const members = (await client.eval(INDEX_MEMBERS, 1, indexKey(key))) as string[];
          // Revocation reads every tier: members recorded in the fallback during an outage too.
          if (!fallback) return members;
          const extra = await fallback.indexMembers(key);
          return extra.length === 0 ? members : [...new Set([...members, ...extra])];
        },
        (store) => store.indexMembers(key),
      );
    },

    async indexRemove(key: string, member: string) {
      return run(
        async () => {
          await client.zrem(indexKey(key), member);
        },
        (store) => store.indexRemove(key, member),
      );
    },

    async close() {
      client.off('ready', onReady);
      client.off('close', onClose);
      client.off('error', onError);
      known.clear();
      if (owned) client.disconnect();
      await fallback?.close?.();
    },
  };
}

function toPx(ttlMs: number): number {
  if (Number.isNaN(ttlMs)) throw new RangeError('RedisStore: ttlMs must be a number');
  return Math.max(0, Math.ceil(Math.min(ttlMs, Number.MAX_SAFE_INTEGER)));
}

function parseJson<T>(raw: string): T | undefined {
  try {
    return JSON.parse(raw) as T;
  } catch {
    // Something else wrote this key: a cache miss is the safe reading.
    return undefined;
  }
}

function isReplyError(error: unknown): boolean {
  return error instanceof Error && error.name === 'ReplyError';
}

function describe(reason: unknown): string {
  return reason instanceof Error ? reason.message : String(reason);
}

function waitForReady(client: Redis, timeoutMs: number): Promise<boolean> {
  if (client.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (value: boolean) => {
      clearTimeout(timer);
      client.off('ready', onReady);
      client.off('end', onEnd);
      resolve(value);
    };
    const onReady = () => done(true);
    const onEnd = () => done(false);
    const timer = setTimeout(() => done(false), timeoutMs);
    client.on('ready', onReady);
    client.on('end', onEnd);
  });
}
