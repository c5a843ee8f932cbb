import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { QuickBIEmbedError } from '@quickbi-embed/core';
import { createMemoryStore } from './memoryStore.js';
import { commitIn, lookupIn } from './steps.js';
import { LeaseLostError } from './storeFullError.js';
import type {
  CommitRequest,
  CommitResult,
  CredentialStore,
  IncrementOptions,
  LookupRequest,
  LookupResult,
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

/** A Lua script, sent by its SHA1 (EVALSHA) and in full only when Redis does not know it yet. */
interface Script {
  lua: string;
  sha: string;
}
const script = (lua: string): Script => ({
  lua,
  sha: createHash('sha1').update(lua).digest('hex'),
});

// Runs in Redis so two processes can never both see "missing" and both set the expiry.
const INCREMENT = script(`
local v = redis.call('INCRBY', KEYS[1], ARGV[1])
if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return v`);

// Compare-and-delete: a holder whose lock expired must not free the next holder's lock.
const RELEASE = script(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`);

// Lease heartbeat: only the holder (same token) may push the expiry.
const EXTEND = script(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`);

// The per-subject index: a sorted set scored by each member's expiry on Redis's own clock (one
// clock for the whole fleet). The key lives as long as its longest-lived member.
const INDEX_ADD = script(`
local t = redis.call('TIME')
local nowMs = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', nowMs)
redis.call('ZADD', KEYS[1], nowMs + tonumber(ARGV[2]), ARGV[1])
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 1`);

const INDEX_MEMBERS = script(`
local t = redis.call('TIME')
local nowMs = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', nowMs)
return redis.call('ZRANGE', KEYS[1], 0, -1)`);

// A lookup (see CredentialStore.lookup): the cache entry, the record it names (its key is computed
// here from the entry's value, so this store needs a single Redis, not a cluster), and on a miss
// the lease and the index. KEYS: pointer (or the record itself), lease, index (unused ones repeat
// the first). ARGV: record key head, lease mode ('', 'miss', 'always'), token, px, read the index
// ('1'), KEYS[1] is the record ('1': its id is known, no pointer is followed).
// Answers {id or nil, record or nil, lease (1 taken, -1 held by another, 0 not tried), members}.
const LOOKUP = script(`
local id = false
local rec = false
local pointer = false
if ARGV[6] == '1' then
  rec = redis.call('GET', KEYS[1])
else
  pointer = redis.call('GET', KEYS[1])
end
if pointer then
  local ok, decoded = pcall(cjson.decode, pointer)
  if ok and type(decoded) == 'string' then
    id = decoded
    rec = redis.call('GET', ARGV[1] .. decoded)
  end
end
local lease = 0
local members = {}
if ARGV[2] == 'always' or (ARGV[2] == 'miss' and not rec) then
  if redis.call('SET', KEYS[2], ARGV[3], 'PX', ARGV[4], 'NX') then
    lease = 1
    if ARGV[5] == '1' then
      local t = redis.call('TIME')
      local nowMs = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
      redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', nowMs)
      members = redis.call('ZRANGE', KEYS[3], 0, -1)
    end
  else
    lease = -1
  end
end
return {id, rec, lease, members}`);

// A commit (see CredentialStore.commit; `update` is one without the extras): compare-and-set of the
// record (it must still be what the caller read), the fencing check (the caller's lease is still
// held), the mark that picks one of two writes (each a value and its index changes, computed by
// the caller), the cache entry and the lease release, in one script.
// KEYS: record, lease, mark, pointer (unused ones repeat the record), then one index key per
// index change: the unmarked write's adds and removes, then the marked write's.
// ARGV: had, expected, fenceToken, release, markAtLeast ('' none), pointer value, pointer px,
// pointer refresh ('1': only when the entry already holds the value), then per write (unmarked, marked): op ('' none, 's' set, 'd' delete), value, px, adds, removes,
// (member, px) per add, member per remove.
// Answers {1, marked} when done, {-1} when the lease is lost, {0, current} when the record was not
// what the caller expected: the caller retries with `current` without another read.
const COMMIT = script(`
local raw = redis.call('GET', KEYS[1])
if ARGV[1] == '1' then
  if raw ~= ARGV[2] then return {0, raw} end
elseif raw then return {0, raw} end
if ARGV[3] ~= '' and redis.call('GET', KEYS[2]) ~= ARGV[3] then return {-1} end
local marked = 0
if ARGV[5] ~= '' then
  local at = tonumber(redis.call('GET', KEYS[3]) or '')
  if at and at >= tonumber(ARGV[5]) then marked = 1 end
end
local t = redis.call('TIME')
local nowMs = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local k = 5
local a = 9
local stored = false
for write = 0, 1 do
  local chosen = write == marked
  local op = ARGV[a]
  if chosen and op == 's' then
    redis.call('SET', KEYS[1], ARGV[a + 1], 'PX', ARGV[a + 2])
    stored = true
  elseif chosen and op == 'd' then
    redis.call('DEL', KEYS[1])
  end
  local adds = tonumber(ARGV[a + 3])
  local removes = tonumber(ARGV[a + 4])
  a = a + 5
  for i = 1, adds do
    if chosen then
      local key = KEYS[k]
      local ttl = tonumber(ARGV[a + 1])
      redis.call('ZREMRANGEBYSCORE', key, '-inf', nowMs)
      redis.call('ZADD', key, nowMs + ttl, ARGV[a])
      if redis.call('PTTL', key) < ttl then redis.call('PEXPIRE', key, ttl) end
    end
    k = k + 1
    a = a + 2
  end
  for i = 1, removes do
    if chosen then redis.call('ZREM', KEYS[k], ARGV[a]) end
    k = k + 1
    a = a + 1
  end
end
if stored and marked == 0 and ARGV[6] ~= '' then
  if ARGV[8] ~= '1' or redis.call('GET', KEYS[4]) == ARGV[6] then
    redis.call('SET', KEYS[4], ARGV[6], 'PX', ARGV[7])
  end
end
if ARGV[4] == '1' and ARGV[3] ~= '' then redis.call('DEL', KEYS[2]) end
return {1, marked}`);

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

  // Locks whose release already happened (a commit released its fence): release() is a no-op.
  const released = new WeakSet<StoreLock>();

  /** Runs a script by its SHA1, sending it in full once when Redis does not know it yet. */
  async function evalScript(s: Script, keys: string[], args: (string | number)[]) {
    try {
      return await client.evalsha(s.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(isReplyError(error) && /^NOSCRIPT/.test((error as Error).message))) throw error;
      return client.eval(s.lua, keys.length, ...keys, ...args);
    }
  }

  /** The lease `key` held with `token` (taken by `lock` or by a lookup). */
  function leaseOf(key: string, token: string): StoreLock {
    const lease: StoreLock = {
      fence: { key, token },
      async release() {
        if (released.has(lease)) return;
        released.add(lease);
        try {
          await evalScript(RELEASE, [lockKey(key)], [token]);
        } catch (error) {
          if (isReplyError(error)) throw error;
          // Redis is gone: the lock frees itself when its TTL runs out.
          markDown(error);
        }
      },
      async extend(nextTtlMs: number) {
        try {
          const px = Math.max(1, toPx(nextTtlMs));
          return Number(await evalScript(EXTEND, [lockKey(key)], [token, px])) === 1;
        } catch (error) {
          // Unreachable is not lost: the heartbeat retries while the lease may be alive.
          if (!isReplyError(error)) markDown(error);
          throw error;
        }
      },
    };
    return lease;
  }

  /** Revocation reads every tier: members recorded in the fallback during an outage too. */
  async function withFallbackMembers(key: string, members: string[]): Promise<string[]> {
    if (!fallback) return members;
    const extra = await fallback.indexMembers(key);
    return extra.length === 0 ? members : [...new Set([...members, ...extra])];
  }

  async function lookupOnRedis<T>(request: LookupRequest): Promise<LookupResult<T>> {
    const { lease, index } = request;
    const token = lease ? globalThis.crypto.randomUUID() : '';
    // The record itself when its id is known, else the cache entry naming it.
    const direct = request.id !== undefined;
    const pointerKey = data(
      direct ? `${request.recordPrefix}${request.id}` : (request.pointer ?? ''),
    );
    const [found, raw, took, members] = (await evalScript(
      LOOKUP,
      [pointerKey, lease ? lockKey(lease.key) : pointerKey, index ? indexKey(index) : pointerKey],
      [
        data(request.recordPrefix),
        lease?.when ?? '',
        token,
        lease ? Math.max(1, toPx(lease.ttlMs)) : 1,
        index === undefined ? '0' : '1',
        direct ? '1' : '0',
      ],
    )) as [string | null, string | null, number, string[]];
    const id = direct ? request.id : found;
    const result: LookupResult<T> = {};
    if (typeof id === 'string') {
      result.id = id;
      const recordKey = `${request.recordPrefix}${id}`;
      if (raw !== null) {
        remember(data(recordKey), raw);
        const record = parseJson<T>(raw);
        if (record !== undefined) result.record = record;
      } else if (fallback && (await fallback.get(recordKey)) !== undefined) {
        // A record kept in the fallback since an outage is read there (never split across tiers).
        result.record = (await fallback.update<T>(recordKey, () => null)) as T;
      } else remember(data(recordKey), null);
    }
    if (lease && Number(took) !== 0) {
      result.lease = Number(took) === 1 ? leaseOf(lease.key, token) : null;
      if (result.lease && index !== undefined)
        result.members = await withFallbackMembers(index, members);
    }
    return result;
  }

  async function commitOnRedis<T>(request: CommitRequest<T>): Promise<CommitResult<T>> {
    const { key, apply, mark, pointer } = request;
    const fence = request.fence?.fence;
    const releasing = request.release === true && fence !== undefined;
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
        const heldInRedis = fence ? (await client.get(lockKey(fence.key))) === fence.token : false;
        const { release: _release, pointer: _pointer, ...rest } = request;
        let written = false;
        const tracked = (current: T | undefined, isMarked: boolean) => {
          const write = apply(current, isMarked);
          if (!isMarked) written = write !== null && write.value !== undefined;
          return write;
        };
        const done = await commitIn<T>(fallback, {
          ...(heldInRedis ? { ...rest, fence: undefined } : { ...rest, release: request.release }),
          apply: tracked,
        });
        // The cache entry goes where lookups read it (Redis, up again): a lookup follows it to
        // the record kept whole in the fallback.
        if (
          pointer &&
          written &&
          !done.marked &&
          (!pointer.refresh ||
            (await client.get(data(pointer.key))) === JSON.stringify(pointer.value))
        )
          await client.set(
            data(pointer.key),
            JSON.stringify(pointer.value),
            'PX',
            Math.max(1, toPx(pointer.ttlMs)),
          );
        if (heldInRedis && releasing) await request.fence?.release();
        return done;
      }
      const current = raw === null ? undefined : parseJson<T>(raw);
      const unmarked = apply(current, false);
      const marked = mark ? apply(current, true) : null;
      if (unmarked === null && marked === null && !mark && !releasing) {
        // Nothing to write: answer only what Redis holds now, not a guess.
        if (confirmed) return { value: current, marked: false };
        raw = undefined;
        continue;
      }
      const writes = [unmarked, marked].map((w) => ({
        write: w,
        json: w?.value === undefined ? undefined : JSON.stringify(w.value),
      }));
      const keys = [dataKey, fence ? lockKey(fence.key) : dataKey];
      keys.push(mark ? data(mark.key) : dataKey, pointer ? data(pointer.key) : dataKey);
      const args: (string | number)[] = [
        raw === null ? '0' : '1',
        raw ?? '',
        fence?.token ?? '',
        releasing ? '1' : '0',
        mark ? mark.atLeast : '',
        pointer ? JSON.stringify(pointer.value) : '',
        pointer ? Math.max(1, toPx(pointer.ttlMs)) : 1,
        pointer?.refresh ? '1' : '0',
      ];
      for (const { write, json } of writes) {
        const adds = write?.indexAdd ?? [];
        const removes = write?.indexRemove ?? [];
        keys.push(...adds.map((a) => indexKey(a.key)), ...removes.map((r) => indexKey(r.key)));
        args.push(
          write === null ? '' : json === undefined ? 'd' : 's',
          json ?? '',
          write === null ? 1 : Math.max(1, toPx(write.ttlMs)),
          adds.length,
          removes.length,
          ...adds.flatMap((a) => [a.member, Math.max(1, toPx(a.ttlMs))]),
          ...removes.map((r) => r.member),
        );
      }
      const [done, now] = (await evalScript(COMMIT, keys, args)) as [
        number,
        string | number | null | undefined,
      ];
      if (Number(done) === -1) throw new LeaseLostError();
      if (Number(done) === 1) {
        if (releasing && request.fence) released.add(request.fence);
        const chosen = writes[Number(now) === 1 ? 1 : 0] as (typeof writes)[number];
        if (chosen.write === null) {
          remember(dataKey, raw);
          return { value: current, marked: Number(now) === 1 };
        }
        remember(dataKey, chosen.json ?? null);
        return { value: chosen.write.value, marked: Number(now) === 1 };
      }
      // Not what we compared against: go again with the value the script saw.
      raw = typeof now === 'string' ? now : null;
      confirmed = true;
      remember(dataKey, raw);
    }
    throw new RedisStoreUnavailableError(new Error(`update of ${key}: too many conflicts`));
  }

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
          Number(await evalScript(INCREMENT, [data(key)], [by, Math.max(1, toPx(ttlMs))])),
        (store) => store.increment(key, by, ttlMs, incrementOptions),
      );
    },

    async update<T>(
      key: string,
      apply: (current: T | undefined) => RecordWrite<T> | null,
      updateOptions?: UpdateOptions,
    ) {
      const fence = updateOptions?.fence;
      return run<T | undefined>(
        async () => (await commitOnRedis<T>({ key, apply, ...(fence ? { fence } : {}) })).value,
        (store) => store.update(key, apply, updateOptions),
      );
    },

    async lookup<T>(request: LookupRequest) {
      return run<LookupResult<T>>(
        () => lookupOnRedis<T>(request),
        (store) => lookupIn<T>(store, request),
      );
    },

    async commit<T>(request: CommitRequest<T>) {
      return run<CommitResult<T>>(
        () => commitOnRedis<T>(request),
        (store) => commitIn<T>(store, request),
      );
    },

    async lock(key: string, ttlMs: number) {
      return run<StoreLock | null>(
        async () => {
          const token = globalThis.crypto.randomUUID();
          const ok = await client.set(lockKey(key), token, 'PX', Math.max(1, toPx(ttlMs)), 'NX');
          return ok === 'OK' ? leaseOf(key, token) : null;
        },
        (store) => store.lock(key, ttlMs),
      );
    },

    async indexAdd(key: string, member: string, ttlMs: number) {
      return run(
        async () => {
          await evalScript(INDEX_ADD, [indexKey(key)], [member, Math.max(1, toPx(ttlMs))]);
        },
        (store) => store.indexAdd(key, member, ttlMs),
      );
    },

    async indexMembers(key: string) {
      return run(
        async () => {
          const members = (await evalScript(INDEX_MEMBERS, [indexKey(key)], [])) as string[];
          return withFallbackMembers(key, members);
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
