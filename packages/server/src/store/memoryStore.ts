import type { CredentialStore, StoreLock } from './types.js';

export interface MemoryStoreOptions {
  /** Most entries kept; the least recently written go first. Default 10 000. */
  maxEntries?: number;
  now?: () => number;
}

interface Entry {
  value: unknown;
  expiresAt: number;
}

/**
 * The default store: one process, bounded, with TTLs read on an injectable clock (no timers, so
 * nothing keeps the process alive). Values are cloned through JSON so callers cannot share
 * mutable state with the store, exactly as with a remote store.
 */
export function createMemoryStore(
  options: MemoryStoreOptions = {},
): CredentialStore & { size(): number } {
  const maxEntries = options.maxEntries ?? 10_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  const locks = new Map<string, { token: number; expiresAt: number }>();
  let lockCounter = 0;

  function live(key: string): Entry | undefined {
    const entry = entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  }

  function write(key: string, value: unknown, ttlMs: number): void {
    entries.delete(key);
    entries.set(key, { value, expiresAt: now() + Math.max(0, ttlMs) });
    while (entries.size > maxEntries) {
      const oldest = entries.keys().next().value as string;
      entries.delete(oldest);
    }
  }

  return {
    async get<T>(key: string) {
      const entry = live(key);
      return entry === undefined ? undefined : (JSON.parse(JSON.stringify(entry.value)) as T);
    },
    async set<T>(key: string, value: T, ttlMs: number) {
      write(key, JSON.parse(JSON.stringify(value)), ttlMs);
    },
    async delete(key: string) {
      entries.delete(key);
    },
    async increment(key: string, by: number, ttlMs: number) {
      const entry = live(key);
      const next = (typeof entry?.value === 'number' ? entry.value : 0) + by;
      if (entry) entry.value = next;
      else write(key, next, ttlMs);
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
      };
    },
    async close() {
      entries.clear();
      locks.clear();
    },
    size: () => entries.size,
  };
}
