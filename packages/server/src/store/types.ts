/**
 * Where the server adapter keeps credentials, ticket ownership and use counts, and the
 * single-flight locks. In-memory by default (one process); a Redis store implements the same
 * interface so a fleet shares credentials and mints one per (user, report, policy).
 *
 * Values are JSON-serialisable. Every key is namespaced by the caller.
 */
export interface CredentialStore {
  get<T>(key: string): Promise<T | undefined>;
  /** Stores `value` for `ttlMs` milliseconds. */
  set<T>(key: string, value: T, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
  /**
   * Atomically adds `by` to the integer at `key` (missing counts as 0) and returns the new value.
   * The key expires `ttlMs` after its creation.
   */
  increment(key: string, by: number, ttlMs: number): Promise<number>;
  /**
   * Tries to take an exclusive lock for `ttlMs`. Returns a release function, or null when another
   * holder has it. The lock frees itself after `ttlMs` even if its holder dies.
   */
  lock(key: string, ttlMs: number): Promise<StoreLock | null>;
  /** Frees resources (connections, timers). */
  close?(): Promise<void>;
}

export interface StoreLock {
  release(): Promise<void>;
}
