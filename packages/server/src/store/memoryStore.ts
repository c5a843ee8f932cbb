import { flatString } from './flatString.js';
import { LeaseLostError, StoreFullError } from './storeFullError.js';
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

export interface MemoryStoreOptions {
  /**
   * Most cached credentials kept (the `evictable` records: they can be minted again); the least
   * recently written go first. Default 10 000.
   */
  maxEntries?: number;
  /**
   * Hard cap on the records that protect users (ticket ownership, use and renewal counters, index
   * entries). They are never evicted: at the cap, expired ones are swept, and if the store is still
   * full a new one is refused with `STORE_UNAVAILABLE` (503). Default 1 000 000 (about 300 MB of
   * heap at the cap, measured by `bench/churn.ts`).
   */
  maxRecords?: number;
  now?: () => number;
}

/**
 * A stored value and its expiry (store clock). A string or a finite number is kept as it is
 * (immutable: no caller can change it, and a cache entry shares its record id's characters);
 * anything else as JSON text (a string costs a fraction of the object it encodes), parsed afresh
 * on every read, so callers never share mutable state with the store.
 */
type Entry = { value: string | number; expiresAt: number } | { json: string; expiresAt: number };

function entryOf(value: unknown, expiresAt: number): Entry {
  if (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)))
    return { value, expiresAt };
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError('MemoryStore: value is not JSON-serialisable');
  // Kept flat: V8 answers a long JSON text as a chain of pieces, about 100 B more per record.
  return { json: flatString(json), expiresAt };
}

const decode = <T>(entry: Entry): T =>
  ('json' in entry ? JSON.parse(entry.json) : entry.value) as T;

/** The counter an entry holds (0 for anything else). */
const counted = (entry: Entry | undefined): number =>
  entry && 'value' in entry && typeof entry.value === 'number' ? entry.value : 0;

/** Records checked for expiry on every protected write, so expired ones never pile up. */
const SWEEP_STEP = 4;
/** At the cap, a full sweep runs at most this often (store clock), so refusals stay cheap. */
const FULL_SWEEP_EVERY_MS = 1_000;

/**
 * The default store: one process, bounded, with TTLs read on an injectable clock (no timers, so
 * nothing keeps the process alive). Objects are cloned through JSON (strings and numbers are
 * immutable and kept as they are) so callers cannot share mutable state with the store, exactly
 * as with a remote store.
 *
 * Memory is bounded in two tiers: cached credentials are an LRU of `maxEntries` (shed first: a
 * miss only costs a new mint), protected records are capped by `maxRecords` and refused, never
 * evicted, when the cap is reached. So another user's traffic can cost a user a cache hit, never
 * their ticket's ownership or use count.
 */
export function createMemoryStore(
  options: MemoryStoreOptions = {},
): CredentialStore & { size(): number; records(): number } {
  const maxEntries = options.maxEntries ?? 10_000;
  const maxRecords = options.maxRecords ?? 1_000_000;
  const wallClock = options.now ?? Date.now;
  // Times are kept relative to the store's creation: small integers (V8 Smis, stored inline)
  // rather than epoch milliseconds (a heap number each), for days of uptime.
  const base = wallClock();
  const now = () => wallClock() - base;
  const cache = new Map<string, Entry>();
  const records = new Map<string, Entry>();
  // Quota windows: short-lived, outside the protected cap, so a full store still counts calls.
  const meters = new Map<string, Entry>();
  let meterCursor: Iterator<string> = meters.keys();
  // Each index is one flat array [member, until, member, until, …]: a subject has a handful of
  // members, and an array costs a fraction of a Map.
  const indexes = new Map<string, (string | number)[]>();
  let indexMembers = 0;
  const locks = new Map<string, { token: number; expiresAt: number }>();
  let lockCounter = 0;
  let recordCursor: Iterator<string> = records.keys();
  let indexCursor: Iterator<string> = indexes.keys();
  let lastFullSweep = -Infinity;

  const recordCount = () => records.size + indexMembers;

  /** The map holding `key`: the first of records, cache, meters that has it. */
  const mapOf = (key: string) => (records.has(key) ? records : cache.has(key) ? cache : meters);

  function live(key: string): { entry: Entry; map: Map<string, Entry> } | undefined {
    const map = mapOf(key);
    const entry = liveIn(map, key);
    return entry && { entry, map };
  }

  /** The unexpired entry of `key` in `map` (an expired one is dropped). */
  function liveIn(map: Map<string, Entry>, key: string): Entry | undefined {
    const entry = map.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= now()) {
      map.delete(key);
      return undefined;
    }
    return entry;
  }

  /** Drops the expired members of one index set (and the set once empty). */
  function pruneIndex(key: string, at: number): void {
    const set = indexes.get(key);
    if (!set) return;
    let kept = 0;
    for (let i = 0; i < set.length; i += 2) {
      if ((set[i + 1] as number) <= at) {
        indexMembers--;
        continue;
      }
      set[kept] = set[i] as string;
      set[kept + 1] = set[i + 1] as number;
      kept += 2;
    }
    set.length = kept;
    if (kept === 0) indexes.delete(key);
  }

  function memberAt(key: string, member: string): number {
    const set = indexes.get(key);
    if (!set) return -1;
    for (let i = 0; i < set.length; i += 2) if (set[i] === member) return i;
    return -1;
  }

  function step<K>(cursor: Iterator<K>, restart: () => Iterator<K>, visit: (key: K) => void) {
    let next = cursor.next();
    if (next.done) {
      cursor = restart();
      next = cursor.next();
    }
    if (!next.done) visit(next.value);
    return cursor;
  }

  // Incremental expiry, as Redis does: a few records per write, so memory follows live records.
  function sweepSome(): void {
    const at = now();
    for (let i = 0; i < SWEEP_STEP; i++)
      recordCursor = step(
        recordCursor,
        () => records.keys(),
        (key) => {
          if ((records.get(key)?.expiresAt ?? Infinity) <= at) records.delete(key);
        },
      );
    indexCursor = step(
      indexCursor,
      () => indexes.keys(),
      (key) => pruneIndex(key, at),
    );
    meterCursor = step(
      meterCursor,
      () => meters.keys(),
      (key) => {
        if ((meters.get(key)?.expiresAt ?? Infinity) <= at) meters.delete(key);
      },
    );
  }

  /** Makes room for `extra` protected records, or refuses: never evicts a live one. */
  function admit(extra: number): void {
    sweepSome();
    if (recordCount() + extra <= maxRecords) return;
    const at = now();
    if (at - lastFullSweep >= FULL_SWEEP_EVERY_MS) {
      lastFullSweep = at;
      for (const [key, entry] of records) if (entry.expiresAt <= at) records.delete(key);
      for (const key of [...indexes.keys()]) pruneIndex(key, at);
    }
    if (recordCount() + extra > maxRecords) throw new StoreFullError(maxRecords);
  }

  function write(key: string, value: unknown, ttlMs: number, evictable: boolean): void {
    const entry = entryOf(value, now() + Math.max(0, ttlMs));
    if (evictable) {
      records.delete(key);
      cache.delete(key);
      cache.set(key, entry);
      while (cache.size > maxEntries) cache.delete(cache.keys().next().value as string);
      return;
    }
    if (records.has(key)) {
      // Rewritten in place (a Map keeps the slot of a key it already has): no hole left.
      records.set(key, entry);
      return;
    }
    admit(1);
    cache.delete(key);
    records.set(key, entry);
  }

  function addMember(key: string, member: string, ttlMs: number): void {
    const at = now();
    pruneIndex(key, at);
    const until = at + Math.max(0, ttlMs);
    const found = memberAt(key, member);
    if (found >= 0) {
      (indexes.get(key) as (string | number)[])[found + 1] = until;
      return;
    }
    admit(1);
    const set = indexes.get(key);
    // A new index is allocated at its exact size (a push onto [] reserves room for 17).
    if (set) set.push(member, until);
    else indexes.set(key, [member, until]);
    indexMembers++;
  }

  function removeMember(key: string, member: string): void {
    const found = memberAt(key, member);
    if (found < 0) return;
    const set = indexes.get(key) as (string | number)[];
    set.splice(found, 2);
    indexMembers--;
    if (set.length === 0) indexes.delete(key);
  }

  function checkFence(fence: StoreLock | undefined): void {
    if (!fence?.fence) return;
    const held = locks.get(fence.fence.key);
    if (String(held?.token) !== fence.fence.token || (held?.expiresAt ?? 0) <= now())
      throw new LeaseLostError();
  }

  function read<T>(key: string): T | undefined {
    const entry = liveIn(mapOf(key), key);
    return entry === undefined ? undefined : decode<T>(entry);
  }

  /** Writes one record and its index changes: all of it, or (store full) nothing. */
  function writeRecord<T>(key: string, next: RecordWrite<T>): T | undefined {
    const adds = next.indexAdd ?? [];
    const removes = next.indexRemove ?? [];
    // Room for everything first, so a refusal writes nothing; a member replaced in the same
    // step (a renewal moving its expiry) frees its own room.
    const extra =
      (next.value !== undefined && !records.has(key) ? 1 : 0) +
      adds.filter((a) => memberAt(a.key, a.member) < 0).length -
      removes.filter((r) => memberAt(r.key, r.member) >= 0).length;
    if (extra > 0) admit(extra);
    if (next.value === undefined) {
      records.delete(key);
      cache.delete(key);
    } else write(key, next.value, next.ttlMs, false);
    for (const removed of removes) removeMember(removed.key, removed.member);
    for (const added of adds) addMember(added.key, added.member, added.ttlMs);
    return next.value;
  }

  function takeLock(key: string, ttlMs: number): StoreLock | null {
    const held = locks.get(key);
    if (held && held.expiresAt > now()) return null;
    const token = ++lockCounter;
    locks.set(key, { token, expiresAt: now() + ttlMs });
    return {
      fence: { key, token: String(token) },
      async release() {
        if (locks.get(key)?.token === token) locks.delete(key);
      },
      async extend(nextTtlMs: number) {
        const mine = locks.get(key);
        if (mine?.token !== token || mine.expiresAt <= now()) return false;
        mine.expiresAt = now() + nextTtlMs;
        return true;
      },
    };
  }

  function membersOf(key: string): string[] {
    pruneIndex(key, now());
    const set = indexes.get(key) ?? [];
    const members: string[] = [];
    for (let i = 0; i < set.length; i += 2) members.push(set[i] as string);
    return members;
  }

  return {
    async get<T>(key: string) {
      return read<T>(key);
    },
    async set<T>(key: string, value: T, ttlMs: number, setOptions?: SetOptions) {
      write(key, value, ttlMs, setOptions?.evictable === true);
    },
    async delete(key: string) {
      records.delete(key);
      cache.delete(key);
      meters.delete(key);
    },
    async increment(key: string, by: number, ttlMs: number, incrementOptions?: IncrementOptions) {
      const found = live(key);
      const next = counted(found?.entry) + by;
      if (incrementOptions?.meter === true) {
        sweepSome();
        const expiresAt =
          found?.map === meters ? found.entry.expiresAt : now() + Math.max(0, ttlMs);
        meters.set(key, { value: next, expiresAt });
        return next;
      }
      // Counters protect budgets: always a protected record, whatever tier held the key.
      if (found?.map === records)
        records.set(key, { value: next, expiresAt: found.entry.expiresAt });
      else write(key, next, found ? found.entry.expiresAt - now() : ttlMs, false);
      return next;
    },
    async update<T>(
      key: string,
      apply: (current: T | undefined) => RecordWrite<T> | null,
      updateOptions?: UpdateOptions,
    ): Promise<T | undefined> {
      // One synchronous step: nothing else runs between the read and the write.
      const current = read<T>(key);
      const next = apply(current);
      if (next === null) return current;
      checkFence(updateOptions?.fence);
      return writeRecord(key, next);
    },
    async lookup<T>(request: LookupRequest): Promise<LookupResult<T>> {
      // One synchronous step, as the Redis store's one script.
      const result: LookupResult<T> = {};
      const id =
        request.id ?? (request.pointer === undefined ? undefined : read<unknown>(request.pointer));
      if (typeof id === 'string') {
        result.id = id;
        const record = read<T>(`${request.recordPrefix}${id}`);
        if (record !== undefined) result.record = record;
      }
      const { lease } = request;
      if (lease && (lease.when === 'always' || result.record === undefined)) {
        result.lease = takeLock(lease.key, lease.ttlMs);
        if (result.lease && request.index !== undefined) result.members = membersOf(request.index);
      }
      return result;
    },
    async commit<T>(request: CommitRequest<T>): Promise<CommitResult<T>> {
      // One synchronous step: read, fence, mark, write, pointer and release together.
      const current = read<T>(request.key);
      const { mark } = request;
      // A refresh only extends an entry that still names this value.
      const pointer =
        request.pointer?.refresh && read<unknown>(request.pointer.key) !== request.pointer.value
          ? undefined
          : request.pointer;
      const at = mark ? read<unknown>(mark.key) : undefined;
      const marked = mark !== undefined && typeof at === 'number' && at >= mark.atLeast;
      const next = request.apply(current, marked);
      if (next !== null || request.release) checkFence(request.fence);
      const value = next === null ? current : writeRecord(request.key, next);
      if (pointer && !marked && next?.value !== undefined)
        write(pointer.key, pointer.value, pointer.ttlMs, true);
      if (request.release) await request.fence?.release();
      return { value, marked };
    },
    async room(extra: number) {
      admit(extra);
    },
    async lock(key: string, ttlMs: number): Promise<StoreLock | null> {
      return takeLock(key, ttlMs);
    },
    async indexAdd(key: string, member: string, ttlMs: number) {
      addMember(key, member, ttlMs);
    },
    async indexMembers(key: string) {
      return membersOf(key);
    },
    async indexRemove(key: string, member: string) {
      removeMember(key, member);
    },
    async close() {
      cache.clear();
      records.clear();
      meters.clear();
      indexes.clear();
      indexMembers = 0;
      locks.clear();
    },
    /** Live-or-not entries held, cached credentials and protected records together. */
    size: () => cache.size + records.size,
    /** Protected records held (ownership, counters, index members), the figure `maxRecords` caps. */
    records: recordCount,
  };
}
