/**
 * What a /ticket request costs in Redis, seen by the redis-server itself (MONITOR), counting only
 * the handler's store connection: a first request (nothing cached) is one lookup (which on the
 * miss takes the lease and reads the subject's index) and, after CreateTicket, one fenced commit
 * (record, index member, cache entry, revoke-mark check, lease release); a cache hit is one lookup
 * and one reserve; the default quota adds its count of the CreateTicket call (8eb427f: 10 for a
 * first request with the quota, 3 for a cache hit). Embed tokens and Smart Q tickets take the same
 * one-step path: a first token (or a token renewal) is one lookup, the quota and one commit, a token
 * cache hit the lookup alone; a Smart Q ticket (never cached) the admission's index read, the quota and one
 * commit (77c016a: 10 and 2 for tokens, 4 for Smart Q). A ticket renewal that tops up is one
 * lookup (the owner's record and the renewal lease), one quota count of its four upstream calls
 * and one commit (4087913: 15).
 *
 * And what the one commit keeps: a commit after a lost lease writes nothing, and a subject revoked
 * while its ticket was being created gets no cached ticket (the mark is read in the same step).
 */
import { Redis } from 'ioredis';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { QuickBIClient } from '@quickbi-embed/server';
import { createRedisStore } from '@quickbi-embed/server/redis';
import {
  call,
  serveHandler,
  setupEmulator,
  testClient,
  testHandler,
  USERS,
} from '../support/harness.js';
import type { Served } from '../support/harness.js';
import { setupRedisServer } from '../support/redisFixtures.js';
import { waitFor } from '../support/waitFor.js';

const emulator = setupEmulator({ resetEach: true });
const redis = setupRedisServer();
const stops: (() => Promise<void>)[] = [];
beforeEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
  await redis.restart(); // empty: every test starts with no shared state
});
afterAll(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

const WORKS = 'dash-sales-0001';
const ticket = (served: Served, user: string) =>
  call(served.url, '/api/quickbi/ticket', { worksId: WORKS }, { user });

/** A handler on its own store and Redis connection (the one MONITOR is filtered on). */
async function handlerOnRedis(client?: QuickBIClient, maxLivePerSubject?: number) {
  const connection = new Redis(redis.url);
  const store = createRedisStore({ client: connection });
  const served = await serveHandler(emulator, {
    store,
    ...(client ? { client } : {}),
    ...(maxLivePerSubject ? { maxLivePerSubject } : {}),
    // Smart Q for the suite's users: their policy, with `copilot` allowed.
    authorizeCopilot: ({ request }) => {
      const policy = USERS[request.headers.get('x-test-user') ?? ''];
      return policy ? { ...policy, kinds: ['copilot'] } : null;
    },
  });
  stops.push(async () => {
    await served.stop();
    await store.close?.();
    connection.disconnect();
  });
  return { connection, served };
}

/**
 * Watches, with MONITOR, the commands the store's own connection sends: `measure(run)` answers
 * their names, from `run`'s start up to a marker sent after it.
 */
async function monitorOf(connection: Redis) {
  const addr = /addr=(\S+)/.exec(String(await connection.client('INFO')))?.[1];
  expect(addr).toBeDefined();
  const watcher = new Redis(redis.url);
  stops.push(async () => void watcher.disconnect());
  const monitor = await watcher.monitor();
  stops.push(async () => void monitor.disconnect());
  const sent: string[] = [];
  monitor.on('monitor', (_time: string, args: string[], source: string) => {
    if (source === addr) sent.push(args.map(String).join(' '));
  });
  return async (run: () => Promise<void>): Promise<string[]> => {
    sent.length = 0;
    await run();
    const marker = `done-${Math.random()}`;
    await connection.echo(marker);
    await waitFor(() => sent.some((c) => c === `echo ${marker}`), 5_000);
    return sent.slice(0, sent.indexOf(`echo ${marker}`)).map((c) => c.split(' ')[0] as string);
  };
}

/** A raw client straight to the redis-server: the test's eyes. */
function inspector(): Redis {
  const raw = new Redis(redis.url);
  stops.push(async () => void raw.disconnect());
  return raw;
}

async function keysLike(raw: Redis, pattern: string): Promise<string[]> {
  return (await raw.keys(pattern)).sort();
}

/** The ledger's keys in Redis: records, cache entries, subject indexes. */
async function ledgerKeys(raw: Redis) {
  return {
    records: await keysLike(raw, '*:d:qbi:r:*'),
    cached: await keysLike(raw, '*:d:qbi:c:*'),
    index: await keysLike(raw, '*:i:*'),
  };
}

/**
 * A client whose CreateTicket, once Quick BI answered, waits until the test lets it go: the test
 * acts while the ticket exists upstream and is not yet recorded.
 */
function gatedClient() {
  const base = testClient(emulator);
  let entered = false;
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const client: QuickBIClient = {
    ...base,
    async createTicket(input) {
      const result = await base.createTicket(input);
      entered = true;
      await gate;
      return result;
    },
  };
  return { client, open: () => open(), created: () => entered };
}

describe('Redis round trips per /ticket request (MONITOR)', () => {
  it('a first request costs at most 3 round trips (lookup, commit), a cache hit 2 (lookup, reserve)', async () => {
    const { connection, served } = await handlerOnRedis();
    // Scripts are sent in full once per redis-server (EVALSHA answers NOSCRIPT first): warm up
    // on another user, so the figure is the steady one.
    expect((await ticket(served, 'crowd')).status).toBe(200);

    const measure = await monitorOf(connection);

    const first = await measure(async () => {
      const answer = await ticket(served, 'alice');
      expect(answer.status).toBe(200);
    });
    expect.soft(first.length, `first request: ${first.join(' ')}`).toBeLessThanOrEqual(3);
    const hit = await measure(async () => {
      const answer = await ticket(served, 'alice');
      expect(answer.status).toBe(200);
      expect(answer.json.usedUses).toBe(1); // the cached ticket's second use
    });
    expect.soft(hit.length, `cache hit: ${hit.join(' ')}`).toBeLessThanOrEqual(2);
    expect(emulator.stats().calls.CreateTicket).toBe(2); // crowd's and alice's
  });

  it('a first embed token costs at most 3 round trips (lookup, quota, commit), a cache hit 1 (lookup), a renewal 3', async () => {
    const { connection, served } = await handlerOnRedis();
    const token = (user: string) =>
      call(served.url, '/api/quickbi/token', { worksId: 'dash-ops-0002' }, { user });
    expect((await token('crowd')).status).toBe(200); // warm-up: scripts loaded
    const measure = await monitorOf(connection);

    let accessToken: unknown;
    const first = await measure(async () => {
      const answer = await token('bob');
      expect(answer.status).toBe(200);
      accessToken = answer.json.accessToken;
    });
    // main took 10: get, set (lock), get, get, index, quota, commit, mark get, set, release.
    expect.soft(first.length, `first token: ${first.join(' ')}`).toBeLessThanOrEqual(3);
    const hit = await measure(async () => {
      const answer = await token('bob');
      expect(answer.status).toBe(200);
      expect(answer.json.accessToken).toBe(accessToken);
    });
    // A token has no uses to reserve: the lookup is the whole hit (main took 2: get, get).
    expect.soft(hit.length, `token cache hit: ${hit.join(' ')}`).toBeLessThanOrEqual(1);
    expect(emulator.stats().calls.CreateEmbedToken).toBe(2); // crowd's and bob's

    // A renewal past the renew window extends the token upstream: the lookup (taking the lease),
    // the quota and one commit, as a first request.
    emulator.advanceClock(10 * 60_000);
    const renewal = await measure(async () => {
      const answer = await call(
        served.url,
        '/api/quickbi/token',
        { worksId: 'dash-ops-0002', renew: true },
        { user: 'bob' },
      );
      expect(answer.status).toBe(200);
      expect(answer.json.accessToken).toBe(accessToken);
    });
    expect.soft(renewal.length, `token renewal: ${renewal.join(' ')}`).toBeLessThanOrEqual(3);
    expect(emulator.stats().calls.CreateEmbedToken).toBe(3);
  });

  it('a first Smart Q ticket costs at most 3 round trips (admission, quota, commit)', async () => {
    const { connection, served } = await handlerOnRedis();
    const copilot = (user: string) =>
      call(
        served.url,
        '/api/quickbi/copilot/ticket',
        { copilotId: 'copilot-sales-0001' },
        { user },
      );
    expect((await copilot('crowd')).status).toBe(200); // warm-up: scripts loaded
    const measure = await monitorOf(connection);

    const first = await measure(async () => {
      const answer = await copilot('bob');
      expect(answer.status).toBe(200);
    });
    // main took 4: index, quota, commit, then a separate read of the revoke mark.
    expect.soft(first.length, `first Smart Q ticket: ${first.join(' ')}`).toBeLessThanOrEqual(3);
    expect(emulator.stats().calls.CreateTicket4Copilot).toBe(2);
  });

  it('a ticket renewal that tops up costs at most 3 round trips (lookup taking the lease, quota, commit)', async () => {
    const { connection, served } = await handlerOnRedis();
    expect((await ticket(served, 'crowd')).status).toBe(200); // warm-up: scripts loaded
    const minted = await ticket(served, 'alice');
    expect(minted.status).toBe(200);
    // Three page loads spend three of the ticket's five uses upstream: fewer left than alice's
    // policy tops up to (renew.topUpUses 5).
    for (let i = 0; i < 3; i++) expect((await fetch(minted.json.reportUrl)).status).toBe(200);
    const measure = await monitorOf(connection);

    const renewal = await measure(async () => {
      const answer = await call(
        served.url,
        '/api/quickbi/ticket/renew',
        { ticket: minted.json.ticket, uses: 1 },
        { user: 'alice' },
      );
      expect(answer.status).toBe(200);
      expect(answer.json.ticket).toBe(minted.json.ticket);
      expect(answer.json.maxUses).toBe(8); // topped up, read back from Quick BI
      expect(answer.json.reservedUses).toBe(1);
    });
    // 4087913 took 15: get (owner), get (window), set (lock), get, get (record under it), four
    // quota counts, the renew commit, get + set (cache entry), the lease release (its script
    // loaded here: evalsha + eval) and the reserve.
    expect.soft(renewal.length, `ticket renewal: ${renewal.join(' ')}`).toBeLessThanOrEqual(3);
    expect(emulator.stats().calls.DelayTicketExpireTime).toBe(1);
    expect(emulator.stats().calls.UpdateTicketNum).toBe(1);

    // The extension was recorded whole: another instance's cache hit gets the renewed ticket.
    const hit = await ticket(served, 'alice');
    expect(hit.json.ticket).toBe(minted.json.ticket);
    expect(hit.json.maxUses).toBe(8);
    // A stranger holding the ticket string is refused, and the lease goes back with the refusal.
    const foreign = await call(
      served.url,
      '/api/quickbi/ticket/renew',
      { ticket: minted.json.ticket },
      { user: 'bob' },
    );
    expect(foreign.status).toBe(403);
    expect(await keysLike(inspector(), '*:l:*')).toEqual([]);
  });

  it('the per-subject cap is checked on the index the lookup read: 429 before CreateTicket', async () => {
    const { served } = await handlerOnRedis(undefined, 1);
    expect((await ticket(served, 'bob')).status).toBe(200);
    const refused = await call(
      served.url,
      '/api/quickbi/ticket',
      { worksId: 'dash-ops-0002' },
      { user: 'bob' },
    );
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBeTruthy();
    expect(emulator.stats().calls.CreateTicket).toBe(1);
    // The refused request's lease was released: the key is free for the next one.
    expect(await keysLike(inspector(), '*:l:*')).toEqual([]);
  });

  it('a commit after a lost lease writes nothing: no record, no index member, no cache entry', async () => {
    const gated = gatedClient();
    const { served } = await handlerOnRedis(gated.client);
    const raw = inspector();
    const answer = ticket(served, 'bob');
    await waitFor(gated.created, 5_000);
    // The lease lapsed while CreateTicket ran and another instance took it.
    const [lockKey] = await keysLike(raw, '*:l:*');
    expect(lockKey).toBeDefined();
    await raw.set(lockKey!, 'another-holder', 'PX', 60_000);
    gated.open();

    expect((await answer).status).toBe(504);
    expect(await ledgerKeys(raw)).toEqual({ records: [], cached: [], index: [] });
    expect(await raw.get(lockKey!)).toBe('another-holder'); // its lease is not ours to release
    // Nobody could renew or revoke it: deleted upstream.
    expect(emulator.stats().calls.DeleteTicket).toBe(1);
  });

  it('a subject revoked while its ticket was being created gets 403 and nothing cached', async () => {
    const gated = gatedClient();
    const { served } = await handlerOnRedis(gated.client);
    const raw = inspector();
    const answer = ticket(served, 'bob');
    await waitFor(gated.created, 5_000);
    const adminStore = createRedisStore({ client: redis.url });
    stops.push(async () => void (await adminStore.close?.()));
    const admin = testHandler(emulator, { store: adminStore });
    expect(await admin.revoke({ subject: 'app-user-bob' })).toEqual({
      tickets: 0,
      tokens: 0,
      pending: 0,
    });
    gated.open();

    const refused = await answer;
    expect(refused.status).toBe(403);
    // Recorded revoked in the commit's step, deleted upstream, then forgotten: nothing is left
    // but the revoke mark, and the lease was released with the commit.
    expect(await ledgerKeys(raw)).toEqual({ records: [], cached: [], index: [] });
    expect(await keysLike(raw, '*:l:*')).toEqual([]);
    expect(await keysLike(raw, '*:revoked:app-user-bob')).toHaveLength(1);
    expect(emulator.stats().calls.DeleteTicket).toBeGreaterThanOrEqual(1);
    // The next request mints afresh (the mark predates it).
    const next = await ticket(served, 'bob');
    expect(next.status).toBe(200);
  });
});
