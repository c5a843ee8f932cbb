import { describe, expect, it } from 'vitest';
import type { CredentialStore } from '@quickbi-embed/server/redis';
import { setupRedisStores } from '../support/redisFixtures.js';
import { waitFor } from '../support/waitFor.js';

const { raw, newStore } = setupRedisStores();

describe('createRedisStore: the per-subject index', () => {
  it('is shared by every connection: one instance adds, another lists and removes', async () => {
    const a = newStore('idx:');
    const b = newStore('idx:');
    await a.indexAdd('subj:alice', 't:one', 60_000);
    await a.indexAdd('subj:alice', 't:two', 60_000);
    await a.indexAdd('subj:bob', 't:three', 60_000);
    expect((await b.indexMembers('subj:alice')).sort()).toEqual(['t:one', 't:two']);
    await b.indexRemove('subj:alice', 't:one');
    expect(await a.indexMembers('subj:alice')).toEqual(['t:two']);
    expect(await a.indexMembers('subj:bob')).toEqual(['t:three']);
    expect(await a.indexMembers('subj:nobody')).toEqual([]);
  });

  it('forgets each member at its own expiry, and the key lives as long as its longest member', async () => {
    const store = newStore('idx-ttl:');
    await store.indexAdd('s', 'short', 30);
    await store.indexAdd('s', 'long', 60_000);
    expect(await raw.pttl('idx-ttl:i:s')).toBeGreaterThan(30_000);
    await waitFor(async () => (await store.indexMembers('s')).length === 1, 3000);
    expect(await store.indexMembers('s')).toEqual(['long']);
  });
});

describe('createRedisStore: lock leases', () => {
  it('extends a held lock; someone else cannot take it meanwhile', async () => {
    const a = newStore('lease:');
    const b = newStore('lease:');
    const held = await a.lock('k', 1_000);
    expect(held).not.toBeNull();
    expect(await held!.extend(60_000)).toBe(true);
    expect(await raw.pttl('lease:l:k')).toBeGreaterThan(30_000);
    expect(await b.lock('k', 1_000)).toBeNull();
    await held!.release();
    expect(await b.lock('k', 1_000)).not.toBeNull();
  });

  it("a holder whose lease ran out cannot extend the next holder's lock", async () => {
    const a = newStore('lease-lost:');
    const b = newStore('lease-lost:');
    const stale = await a.lock('k', 30);
    let current: Awaited<ReturnType<CredentialStore['lock']>> = null;
    await waitFor(async () => (current = await b.lock('k', 60_000)) !== null, 3000);
    const ttlBefore = await raw.pttl('lease-lost:l:k');
    expect(await stale!.extend(600_000)).toBe(false);
    expect(await raw.pttl('lease-lost:l:k')).toBeLessThanOrEqual(ttlBefore);
    await current!.release();
  });
});
