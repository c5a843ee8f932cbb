import { describe, expect, it } from 'vitest';
import { createMemoryStore } from './memoryStore.js';

function clock(start = 1_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('createMemoryStore', () => {
  it('expires values on its clock', async () => {
    const c = clock();
    const store = createMemoryStore({ now: c.now });
    await store.set('k', { a: 1 }, 100);
    expect(await store.get('k')).toEqual({ a: 1 });
    c.advance(99);
    expect(await store.get('k')).toEqual({ a: 1 });
    c.advance(1);
    expect(await store.get('k')).toBeUndefined();
  });

  it('returns copies, not shared objects', async () => {
    const store = createMemoryStore();
    const value = { list: [1] };
    await store.set('k', value, 1000);
    value.list.push(2);
    const read = await store.get<{ list: number[] }>('k');
    expect(read).toEqual({ list: [1] });
  });

  it('sheds cached credentials beyond maxEntries, oldest writes first', async () => {
    const store = createMemoryStore({ maxEntries: 3 });
    for (const key of ['a', 'b', 'c', 'd']) await store.set(key, key, 1000, { evictable: true });
    expect(store.size()).toBe(3);
    expect(await store.get('a')).toBeUndefined();
    expect(await store.get('d')).toBe('d');
  });

  it('never sheds a protected record for cached ones, however many are written', async () => {
    const store = createMemoryStore({ maxEntries: 3 });
    await store.set('own:t1', { subject: 'alice' }, 1000);
    await store.increment('uses:t1', 2, 1000);
    await store.indexAdd('subj:alice', 't:t1', 1000);
    for (let i = 0; i < 100; i++) await store.set(`cred:${i}`, i, 1000, { evictable: true });
    expect(await store.get('own:t1')).toEqual({ subject: 'alice' });
    expect(await store.increment('uses:t1', 0, 1000)).toBe(2);
    expect(await store.indexMembers('subj:alice')).toEqual(['t:t1']);
  });

  it('refuses a new protected record at maxRecords with STORE_UNAVAILABLE, keeping the live ones', async () => {
    const store = createMemoryStore({ maxRecords: 3 });
    await store.set('own:a', 'a', 1000);
    await store.increment('uses:a', 1, 1000);
    await store.indexAdd('subj:x', 't:a', 1000);
    await expect(store.set('own:b', 'b', 1000)).rejects.toMatchObject({
      code: 'STORE_UNAVAILABLE',
      status: 503,
    });
    await expect(store.increment('uses:b', 1, 1000)).rejects.toMatchObject({
      code: 'STORE_UNAVAILABLE',
    });
    await expect(store.indexAdd('subj:x', 't:b', 1000)).rejects.toMatchObject({
      code: 'STORE_UNAVAILABLE',
    });
    // Existing records still update, and nothing live was dropped to make room.
    expect(await store.increment('uses:a', 1, 1000)).toBe(2);
    await store.set('own:a', 'a2', 1000);
    expect(await store.get('own:a')).toBe('a2');
    expect(await store.indexMembers('subj:x')).toEqual(['t:a']);
    expect(store.records()).toBe(3);
  });

  it('makes room at the cap by sweeping expired protected records', async () => {
    const c = clock();
    const store = createMemoryStore({ maxRecords: 2, now: c.now });
    await store.set('own:old', 1, 100);
    await store.indexAdd('subj:x', 't:old', 100);
    c.advance(100);
    await store.set('own:new', 2, 1000);
    await store.indexAdd('subj:x', 't:new', 1000);
    expect(await store.get('own:new')).toBe(2);
    expect(await store.indexMembers('subj:x')).toEqual(['t:new']);
    expect(store.records()).toBe(2);
  });

  it('indexes members with their own expiry, and removes them', async () => {
    const c = clock();
    const store = createMemoryStore({ now: c.now });
    await store.indexAdd('s', 'one', 100);
    await store.indexAdd('s', 'two', 300);
    await store.indexAdd('s', 'one', 200); // a second add moves its expiry
    expect((await store.indexMembers('s')).sort()).toEqual(['one', 'two']);
    c.advance(200);
    expect(await store.indexMembers('s')).toEqual(['two']);
    await store.indexRemove('s', 'two');
    expect(await store.indexMembers('s')).toEqual([]);
    expect(store.records()).toBe(0);
  });

  it('extends a held lock; a lost lock cannot be extended', async () => {
    const c = clock();
    const store = createMemoryStore({ now: c.now });
    const held = await store.lock('l', 50);
    c.advance(40);
    expect(await held?.extend(50)).toBe(true);
    c.advance(40);
    expect(await store.lock('l', 50)).toBeNull(); // 80 ms after it was taken, still held
    c.advance(10);
    expect(await store.lock('l', 50)).not.toBeNull(); // the lease ran out: someone else has it
    expect(await held?.extend(50)).toBe(false);
  });

  it('increments atomically and keeps the first TTL', async () => {
    const c = clock();
    const store = createMemoryStore({ now: c.now });
    expect(await store.increment('n', 1, 100)).toBe(1);
    c.advance(60);
    expect(await store.increment('n', 2, 100)).toBe(3);
    c.advance(40);
    expect(await store.increment('n', 1, 100)).toBe(1);
  });

  it('locks exclusively until released or expired', async () => {
    const c = clock();
    const store = createMemoryStore({ now: c.now });
    const first = await store.lock('l', 50);
    expect(first).not.toBeNull();
    expect(await store.lock('l', 50)).toBeNull();
    await first?.release();
    const second = await store.lock('l', 50);
    expect(second).not.toBeNull();
    c.advance(50);
    const third = await store.lock('l', 50);
    expect(third).not.toBeNull();
    // A stale holder's release must not free the new holder's lock.
    await second?.release();
    expect(await store.lock('l', 50)).toBeNull();
  });

  it('deletes', async () => {
    const store = createMemoryStore();
    await store.set('k', 1, 1000);
    await store.delete('k');
    expect(await store.get('k')).toBeUndefined();
  });
});
