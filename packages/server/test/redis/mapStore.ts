import type { CredentialStore } from '../../src/store/types.js';

/**
 * A minimal per-process store, used as the Redis store's fallback so these tests can tell which
 * store answered. It records every key it was asked to write.
 */
export function createMapStore(): CredentialStore & { writes: string[] } {
  const values = new Map<string, { value: unknown; until: number }>();
  const writes: string[] = [];
  const live = (key: string) => {
    const entry = values.get(key);
    if (entry && entry.until <= Date.now()) values.delete(key);
    return values.get(key);
  };
  return {
    writes,
    async get<T>(key: string) {
      return live(key)?.value as T | undefined;
    },
    async set(key, value, ttlMs) {
      writes.push(key);
      values.set(key, { value, until: Date.now() + ttlMs });
    },
    async delete(key) {
      values.delete(key);
    },
    async increment(key, by, ttlMs) {
      writes.push(key);
      const entry = live(key) ?? { value: 0, until: Date.now() + ttlMs };
      entry.value = (entry.value as number) + by;
      values.set(key, entry);
      return entry.value as number;
    },
    async lock(key, ttlMs) {
      const lockKey = `lock:${key}`;
      if (live(lockKey)) return null;
      const token = {};
      values.set(lockKey, { value: token, until: Date.now() + ttlMs });
      return {
        async release() {
          if (values.get(lockKey)?.value === token) values.delete(lockKey);
        },
        async extend(next) {
          const held = live(lockKey);
          if (held?.value !== token) return false;
          held.until = Date.now() + next;
          return true;
        },
      };
    },
    async indexAdd(key, member, ttlMs) {
      writes.push(key);
      const set = (live(`index:${key}`)?.value as Map<string, number> | undefined) ?? new Map();
      set.set(member, Date.now() + ttlMs);
      values.set(`index:${key}`, { value: set, until: Infinity });
    },
    async update(key, apply) {
      writes.push(key);
      const current = live(key)?.value;
      const next = apply(current as never);
      if (next === null) return current as never;
      if (next.value === undefined) values.delete(key);
      else values.set(key, { value: next.value, until: Date.now() + next.ttlMs });
      for (const removed of next.indexRemove ?? [])
        await this.indexRemove(removed.key, removed.member);
      for (const added of next.indexAdd ?? [])
        await this.indexAdd(added.key, added.member, added.ttlMs);
      return next.value as never;
    },
    async indexMembers(key) {
      const set = live(`index:${key}`)?.value as Map<string, number> | undefined;
      return [...(set ?? new Map<string, number>())]
        .filter(([, until]) => until > Date.now())
        .map(([member]) => member);
    },
    async indexRemove(key, member) {
      (live(`index:${key}`)?.value as Map<string, number> | undefined)?.delete(member);
    },
  };
}
