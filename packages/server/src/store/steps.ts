/**
 * The two one-step store operations a first request needs (`lookup`, `commit`), for any store:
 * its own when it has them (the memory and Redis stores: one synchronous step, one Lua script),
 * else the same answer composed of the basic operations, in several steps.
 */
import type {
  CommitRequest,
  CommitResult,
  CredentialStore,
  LookupRequest,
  LookupResult,
} from './types.js';

export function lookupIn<T>(
  store: CredentialStore,
  request: LookupRequest,
): Promise<LookupResult<T>> {
  return store.lookup ? store.lookup<T>(request) : composedLookup<T>(store, request);
}

export function commitIn<T>(
  store: CredentialStore,
  request: CommitRequest<T>,
): Promise<CommitResult<T>> {
  return store.commit ? store.commit<T>(request) : composedCommit<T>(store, request);
}

async function composedLookup<T>(
  store: CredentialStore,
  request: LookupRequest,
): Promise<LookupResult<T>> {
  const result: LookupResult<T> = {};
  const id =
    request.id ??
    (request.pointer === undefined ? undefined : await store.get<unknown>(request.pointer));
  if (typeof id === 'string') {
    result.id = id;
    // Read through `update` (writing nothing): a store with several tiers answers from the one
    // that holds the record.
    const record = await store.update<T>(`${request.recordPrefix}${id}`, () => null);
    if (record !== undefined) result.record = record;
  }
  const { lease } = request;
  if (lease && (lease.when === 'always' || result.record === undefined)) {
    result.lease = await store.lock(lease.key, lease.ttlMs);
    if (result.lease && request.index !== undefined)
      result.members = await store.indexMembers(request.index);
  }
  return result;
}

async function composedCommit<T>(
  store: CredentialStore,
  request: CommitRequest<T>,
): Promise<CommitResult<T>> {
  const { key, apply, mark, pointer, fence } = request;
  // The unmarked write first, then the mark: whoever writes the mark before it walks the records
  // (a revocation) sees this write, or this step sees the mark.
  let written = false;
  let value = await store.update<T>(
    key,
    (current) => {
      const write = apply(current, false);
      written = write !== null && write.value !== undefined;
      return write;
    },
    fence ? { fence } : undefined,
  );
  let marked = false;
  if (mark) {
    const at = await store.get<unknown>(mark.key);
    marked = typeof at === 'number' && at >= mark.atLeast;
  }
  // Not fenced: the mark's write must land even if the lease ran out meanwhile.
  if (marked) value = await store.update<T>(key, (current) => apply(current, true));
  else if (
    pointer &&
    written &&
    (!pointer.refresh || (await store.get<unknown>(pointer.key)) === pointer.value)
  )
    await store.set(pointer.key, pointer.value, pointer.ttlMs, { evictable: true });
  if (request.release && fence) await fence.release();
  return { value, marked };
}
