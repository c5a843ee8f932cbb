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

  it('stays within maxEntries, dropping the oldest writes', async () => {
    const store = createMemoryStore({ maxEntries: 3 });
    for (const key of ['a', 'b', 'c', 'd']) await store.set(key, key, 1000);
    expect(store.size()).toBe(3);
    expect(await store.get('a')).toBeUndefined();
    expect(await store.get('d')).toBe('d');
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
