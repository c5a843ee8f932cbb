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
   * One step (one Redis round trip): the cache entry `pointer`, the record it names, and on a miss
   * the lease and the index a mint needs (see {@link LookupRequest}). Stores without it get the
   * same answer composed of `get`, `update`, `lock` and `indexMembers` (see `store/steps.ts`).
   */
  lookup?<T>(request: LookupRequest): Promise<LookupResult<T>>;
  /**
   * One step (one Redis round trip): a fenced compare-and-set of the record at `key`, its index
   * changes, a mark read in the same step that chooses between two writes, a cache entry set and
   * the lease released (see {@link CommitRequest}). `update` is a commit without the extras.
   * Stores without it get the same outcome composed of `update`, `get`, `set` and the lease's
   * `release` (several steps: see `store/steps.ts`).
   */
  commit?<T>(request: CommitRequest<T>): Promise<CommitResult<T>>;
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

/** What {@link CredentialStore.lookup} reads. */
export interface LookupRequest {
  /** A cache entry whose value, a string, names a record. */
  pointer?: string;
  /**
   * The record's id, when the caller knows it (a ticket being renewed): the record is read
   * directly and no pointer is followed. One of `pointer` and `id`.
   */
  id?: string;
  /** The named record's key is this prefix followed by the pointer's value (or `id`). */
  recordPrefix: string;
  /**
   * Tries to take this lease in the same step: on a `miss` (the pointer or its record is absent),
   * or `always`.
   */
  lease?: { key: string; ttlMs: number; when: 'miss' | 'always' };
  /** When the lease was taken: the unexpired members of this index, read in the same step. */
  index?: string;
}

export interface LookupResult<T> {
  /** The pointer's value (undefined: no cache entry), or the `id` asked for. */
  id?: string;
  /** The record it names (undefined: none). */
  record?: T;
  /** The lease: undefined when not tried, null when another holder has it. */
  lease?: StoreLock | null;
  /** The index members, read only when the lease was taken. */
  members?: string[];
}

/** What {@link CredentialStore.commit} writes, in one atomic step. */
export interface CommitRequest<T> {
  /** The record's key. */
  key: string;
  /**
   * What the record becomes, from its current value and whether the mark was found; pure (it may
   * run more than once, and for both answers of `marked`). `null` writes nothing. A store that
   * cannot read the mark in the same step writes the unmarked answer first, then reads the mark
   * and, when found, writes `apply(<the record as written>, true)`: so the marked answer must hold
   * for that input too.
   */
  apply: (current: T | undefined, marked: boolean) => RecordWrite<T> | null;
  /** `marked` is true when the number stored at `key` (a `set` value) is at least `atLeast`. */
  mark?: { key: string; atLeast: number };
  /**
   * A cache entry (evictable) set in the same step, only when unmarked and a value was written.
   * With `refresh`, only when the entry already holds `value`: its life is extended, and an entry
   * that moved on to another credential (or is gone) is left as it is.
   */
  pointer?: { key: string; value: string; ttlMs: number; refresh?: boolean };
  /** The write lands only while this lease is held (else {@link LeaseLostError}), as in `update`. */
  fence?: StoreLock;
  /** Releases `fence` in the same step (its later `release()` is then a no-op). */
  release?: boolean;
}

export interface CommitResult<T> {
  /** The record as it is afterwards. */
  value: T | undefined;
  /** Whether the mark was found (the marked answer of `apply` was the one written). */
  marked: boolean;
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
