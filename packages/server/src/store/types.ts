/**
 * Where the server adapter keeps credentials, ticket ownership and use counts, the per-subject
 * index and the single-flight locks. In-memory by default (one process); a Redis store implements
 * the same interface so a fleet shares credentials and mints one per (user, report, policy).
 *
 * Two kinds of record live here. Cached credentials (`set` with `evictable: true`) can be rebuilt
 * by minting again, so a store may drop them early under memory pressure. Everything else
 * (ownership, use and renewal counters, index entries) protects a user: a store must keep it until
 * its TTL, and refuse new writes (throw) rather than drop a live one.
 *
 * Values are JSON-serialisable. Every key is namespaced by the caller.
 */
export interface CredentialStore {
  get<T>(key: string): Promise<T | undefined>;
  /** Stores `value` for `ttlMs` milliseconds. */
  set<T>(key: string, value: T, ttlMs: number, options?: SetOptions): Promise<void>;
  delete(key: string): Promise<void>;
  /**
   * Atomically adds `by` to the integer at `key` (missing counts as 0) and returns the new value.
   * The key expires `ttlMs` after its creation.
   */
  increment(key: string, by: number, ttlMs: number): Promise<number>;
  /**
   * Tries to take an exclusive lock for `ttlMs`. Returns the held lock, or null when another
   * holder has it. The lock frees itself after `ttlMs` (unless extended) even if its holder dies.
   */
  lock(key: string, ttlMs: number): Promise<StoreLock | null>;
  /**
   * Adds `member` to the set at `key`; the member is forgotten `ttlMs` from now (a later add of
   * the same member moves its expiry). Used for the per-subject index that revocation walks.
   */
  indexAdd(key: string, member: string, ttlMs: number): Promise<void>;
  /** The unexpired members of the set at `key` (any order; empty when none). */
  indexMembers(key: string): Promise<string[]>;
  indexRemove(key: string, member: string): Promise<void>;
  /** Frees resources (connections, timers). */
  close?(): Promise<void>;
}

export interface SetOptions {
  /**
   * The value can be rebuilt (a cached credential): the store may drop it before its TTL to bound
   * its memory. Default false: kept until its TTL.
   */
  evictable?: boolean;
}

export interface StoreLock {
  release(): Promise<void>;
  /**
   * Pushes the lock's expiry to `ttlMs` from now while its holder still works (a lease
   * heartbeat). False when the lock was lost (expired and possibly taken by someone else).
   */
  extend(ttlMs: number): Promise<boolean>;
}
