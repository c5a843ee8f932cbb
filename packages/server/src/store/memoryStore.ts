import { StoreFullError } from './storeFullError.js';
import type { CredentialStore, SetOptions, StoreLock } from './types.js';

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

interface Entry {
  value: unknown;
  expiresAt: number;
}

/** Records checked for expiry on every protected write, so expired ones never pile up. */
const SWEEP_STEP = 4;
/** At the cap, a full sweep runs at most this often (store clock), so refusals stay cheap. */
const FULL_SWEEP_EVERY_MS = 1_000;

/**
 * The default store: one process, bounded, with TTLs read on an injectable clock (no timers, so
 * nothing keeps the process alive). Values are cloned through JSON so callers cannot share
 * mutable state with the store, exactly as with a remote store.
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
  const now = options.now ?? Date.now;
  const cache = new Map<string, Entry>();
  const records = new Map<string, Entry>();
  const indexes = new Map<string, Map<string, number>>();
  let indexMembers = 0;
  const locks = new Map<string, { token: number; expiresAt: number }>();
  let lockCounter = 0;
  let recordCursor: Iterator<string> = records.keys();
  let indexCursor: Iterator<string> = indexes.keys();
  let lastFullSweep = -Infinity;

  const recordCount = () => records.size + indexMembers;

  function live(key: string): { entry: Entry; map: Map<string, Entry> } | undefined {
    for (const map of [records, cache]) {
      const entry = map.get(key);
      if (!entry) continue;
      if (entry.expiresAt <= now()) {
        map.delete(key);
        return undefined;
      }
      return { entry, map };
    }
    return undefined;
  }

  /** Drops the expired members of one index set (and the set once empty). */
  function pruneIndex(key: string, at: number): void {
    const set = indexes.get(key);
    if (!set) return;
    for (const [member, until] of set)
      if (until <= at) {
        set.delete(member);
        indexMembers--;
      }
    if (set.size === 0) indexes.delete(key);
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
    const entry = { value, expiresAt: now() + Math.max(0, ttlMs) };
    if (evictable) {
      records.delete(key);
      cache.delete(key);
      cache.set(key, entry);
      while (cache.size > maxEntries) cache.delete(cache.keys().next().value as string);
      return;
    }
    if (!records.has(key)) admit(1);
    cache.delete(key);
    records.delete(key);
    records.set(key, entry);
  }

  return {
    async get<T>(key: string) {
      const found = live(key);
      return found === undefined ? undefined : (JSON.parse(JSON.stringify(found.entry.value)) as T);
    },
    async set<T>(key: string, value: T, ttlMs: number, setOptions?: SetOptions) {
      write(key, JSON.parse(JSON.stringify(value)), ttlMs, setOptions?.evictable === true);
    },
    async delete(key: string) {
      records.delete(key);
      cache.delete(key);
    },
    async increment(key: string, by: number, ttlMs: number) {
      const found = live(key);
      const next = (typeof found?.entry.value === 'number' ? found.entry.value : 0) + by;
      // Counters protect budgets: always a protected record, whatever tier held the key.
      if (found?.map === records) found.entry.value = next;
      else write(key, next, found ? found.entry.expiresAt - now() : ttlMs, false);
      return next;
    },
    async lock(key: string, ttlMs: number): Promise<StoreLock | null> {
      const held = locks.get(key);
      if (held && held.expiresAt > now()) return null;
      const token = ++lockCounter;
      locks.set(key, { token, expiresAt: now() + ttlMs });
      return {
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
    },
    async indexAdd(key: string, member: string, ttlMs: number) {
      const at = now();
      pruneIndex(key, at);
      const set = indexes.get(key);
      if (!set?.has(member)) admit(1);
      const target = indexes.get(key) ?? new Map<string, number>();
      if (!target.has(member)) indexMembers++;
      target.set(member, at + Math.max(0, ttlMs));
      indexes.set(key, target);
    },
    async indexMembers(key: string) {
      pruneIndex(key, now());
      return [...(indexes.get(key)?.keys() ?? [])];
    },
    async indexRemove(key: string, member: string) {
      const set = indexes.get(key);
      if (set?.delete(member)) indexMembers--;
      if (set?.size === 0) indexes.delete(key);
    },
    async close() {
      cache.clear();
      records.clear();
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
