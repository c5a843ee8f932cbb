/**
 * The two one-step store operations a first /ticket request is made of (`lookup`, `commit`), the
 * same contract on the memory store and on the Redis store (a real redis-server): what a lookup
 * reads and when it takes the lease, and a commit's record, index, mark, cache entry, fence and
 * release landing together or not at all.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '@quickbi-embed/server';
import type { CredentialStore } from '@quickbi-embed/server/redis';
import { setupRedisStores } from '../support/redisFixtures.js';

const { raw, newStore } = setupRedisStores();

interface Rec {
  n: number;
}

/** A record write with its index member, as the ledger makes one. */
const put = (n: number, member = `m${n}`) => ({
  value: { n },
  ttlMs: 60_000,
  indexAdd: [{ key: 'subj', member, ttlMs: 60_000 }],
});

const stores: [string, () => CredentialStore][] = [
  ['memory store', () => createMemoryStore()],
  ['Redis store', () => newStore()],
];

describe.each(stores)('%s: lookup and commit', (_name, make) => {
  const lookup = (store: CredentialStore, when: 'miss' | 'always' = 'miss') =>
    store.lookup!<Rec>({
      pointer: 'ptr',
      recordPrefix: 'rec:',
      lease: { key: 'lease', ttlMs: 60_000, when },
      index: 'subj',
    });

  it('on a miss takes the lease and reads the index in the same step; a second look finds it held', async () => {
    const store = make();
    await store.indexAdd('subj', 'other', 60_000);
    const first = await lookup(store);
    expect(first.id).toBeUndefined();
    expect(first.record).toBeUndefined();
    expect(first.lease).toBeTruthy();
    expect(first.members).toEqual(['other']);
    const second = await lookup(store);
    expect(second.lease).toBeNull();
    expect(second.members).toBeUndefined();
  });

  it('commits record, index member and cache entry and releases the lease in one step', async () => {
    const store = make();
    const { lease } = await lookup(store);
    const done = await store.commit!<Rec>({
      key: 'rec:t1',
      apply: (current, marked) => (current ? null : put(marked ? -1 : 1)),
      mark: { key: 'mark', atLeast: 100 },
      pointer: { key: 'ptr', value: 't1', ttlMs: 60_000 },
      fence: lease!,
      release: true,
    });
    expect(done).toEqual({ value: { n: 1 }, marked: false });
    // A hit: the entry, its record, and no lease taken ('miss'); 'always' takes the free lease.
    const hit = await lookup(store);
    expect(hit).toEqual({ id: 't1', record: { n: 1 } });
    const forced = await lookup(store, 'always');
    expect(forced.record).toEqual({ n: 1 });
    expect(forced.lease).toBeTruthy();
    expect(forced.members).toEqual(['m1']);
    await lease!.release(); // already released with the commit: frees nobody else's lease
    expect((await lookup(store, 'always')).lease).toBeNull();
  });

  it('a lookup by id reads that record (no pointer followed) and takes the lease; a refresh commit sets only an entry that already names it', async () => {
    const store = make();
    await store.update<Rec>('rec:t1', () => put(1));
    // The cache entry names another (newer) credential.
    await store.set('ptr', 't2', 60_000, { evictable: true });
    const byId = () =>
      store.lookup!<Rec>({
        id: 't1',
        recordPrefix: 'rec:',
        lease: { key: 'lease', ttlMs: 60_000, when: 'always' },
      });
    const refresh = (n: number, lease: NonNullable<Awaited<ReturnType<typeof byId>>['lease']>) =>
      store.commit!<Rec>({
        key: 'rec:t1',
        apply: () => put(n, 'm1'),
        pointer: { key: 'ptr', value: 't1', ttlMs: 60_000, refresh: true },
        fence: lease,
        release: true,
      });

    const found = await byId();
    expect(found.id).toBe('t1');
    expect(found.record).toEqual({ n: 1 });
    expect(found.lease).toBeTruthy();
    expect((await byId()).lease).toBeNull(); // held: a second renewal waits
    expect((await refresh(2, found.lease!)).value).toEqual({ n: 2 });
    expect(await store.get('ptr')).toBe('t2'); // left to the newer credential

    await store.delete('ptr');
    const again = await byId(); // the commit released the lease
    expect(again.lease).toBeTruthy();
    await refresh(3, again.lease!);
    expect(await store.get('ptr')).toBeUndefined(); // gone stays gone

    await store.set('ptr', 't1', 60_000, { evictable: true });
    const third = await byId();
    expect((await refresh(4, third.lease!)).value).toEqual({ n: 4 });
    expect(await store.get('ptr')).toBe('t1');
    expect(await lookup(store)).toEqual({ id: 't1', record: { n: 4 } });
  });

  it('with the mark at or past `atLeast`, writes the marked answer and no cache entry', async () => {
    const store = make();
    await store.set('mark', 100, 60_000);
    const { lease } = await lookup(store);
    const done = await store.commit!<Rec>({
      key: 'rec:t1',
      apply: (current, marked) => put(marked ? -1 : 1, marked ? 'revoked' : 'live'),
      mark: { key: 'mark', atLeast: 100 },
      pointer: { key: 'ptr', value: 't1', ttlMs: 60_000 },
      fence: lease!,
      release: true,
    });
    expect(done).toEqual({ value: { n: -1 }, marked: true });
    expect(await store.get('ptr')).toBeUndefined();
    expect(await store.indexMembers('subj')).toEqual(['revoked']);
    expect(await store.update<Rec>('rec:t1', () => null)).toEqual({ n: -1 });
  });

  it('after a lost lease writes nothing and releases nobody’s lease', async () => {
    const store = make();
    const { lease } = await lookup(store);
    await lease!.release(); // lost: it lapsed...
    const next = await store.lock('lease', 60_000); // ...and another holder took it
    expect(next).toBeTruthy();
    await expect(
      store.commit!<Rec>({
        key: 'rec:t1',
        apply: () => put(1),
        pointer: { key: 'ptr', value: 't1', ttlMs: 60_000 },
        fence: lease!,
        release: true,
      }),
    ).rejects.toMatchObject({ code: 'UPSTREAM_TIMEOUT' });
    expect(await store.get('ptr')).toBeUndefined();
    expect(await store.indexMembers('subj')).toEqual([]);
    expect(await store.update<Rec>('rec:t1', () => null)).toBeUndefined();
    expect((await lookup(store, 'always')).lease).toBeNull(); // the other holder still has it
  });
});

describe('Redis store scripts', () => {
  it('are sent in full again when Redis forgot them (SCRIPT FLUSH: EVALSHA answers NOSCRIPT)', async () => {
    const store = newStore();
    await store.commit!<Rec>({ key: 'rec:a', apply: () => put(1) });
    await raw.script('FLUSH');
    const done = await store.commit!<Rec>({ key: 'rec:a', apply: (c) => put((c?.n ?? 0) + 1) });
    expect(done.value).toEqual({ n: 2 });
    await raw.script('FLUSH');
    expect((await store.lookup!<Rec>({ pointer: 'p', recordPrefix: 'rec:' })).id).toBeUndefined();
  });
});
