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
  increment(key: string, by: number, ttlMs: number, options?: IncrementOptions): Promise<number>;
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
  /**
   * Atomically reads the protected record at `key`, asks `apply` what it becomes, and writes that
   * (with the index changes it names) in one step: no other write to `key` can land in between.
   * `apply` may run more than once (a store that detects a concurrent write retries it), so it
   * must be pure. `null` writes nothing. Answers the record as it is afterwards. With `fence`, the
   * write lands only while that lease is still held (else {@link LeaseLostError}).
   */
  update<T>(
    key: string,
    apply: (current: T | undefined) => RecordWrite<T> | null,
    options?: UpdateOptions,
  ): Promise<T | undefined>;
  /**
   * Throws (StoreFullError) when the store could not take `records` more protected records now.
   * Checked before an upstream call, so a full store refuses a mint before Quick BI is asked.
   * Stores without a fixed cap may omit it.
   */
  room?(records: number): Promise<void>;
  /** Frees resources (connections, timers). */
  close?(): Promise<void>;
}

/** What one atomic record update writes. */
export interface RecordWrite<T> {
  /** The record's next value; `undefined` deletes it. */
  value: T | undefined;
  /** The record's life from now (ignored when deleting). */
  ttlMs: number;
  /** Index members added (or whose expiry moves) in the same step. */
  indexAdd?: readonly { key: string; member: string; ttlMs: number }[];
  /** Index members removed in the same step. */
  indexRemove?: readonly { key: string; member: string }[];
}

export interface UpdateOptions {
  /** The write lands only while this lease is held (a fencing token: see `StoreLock.fence`). */
  fence?: StoreLock;
}

export interface SetOptions {
  /**
   * The value can be rebuilt (a cached credential): the store may drop it before its TTL to bound
   * its memory. Default false: kept until its TTL.
   */
  evictable?: boolean;
}

export interface IncrementOptions {
  /**
   * A short-lived meter (a quota window): a bounded store keeps it outside its protected-record
   * cap, so a store full of credentials still counts calls. Default false.
   */
  meter?: boolean;
}

export interface StoreLock {
  /** The lock's key and this holder's token: a write fenced by it fails once the lease is lost. */
  readonly fence?: { key: string; token: string };
  release(): Promise<void>;
  /**
   * Pushes the lock's expiry to `ttlMs` from now while its holder still works (a lease
   * heartbeat). False when the lock was lost (expired and possibly taken by someone else);
   * throws when the store could not be asked (the lease may still be alive).
   */
  extend(ttlMs: number): Promise<boolean>;
}
