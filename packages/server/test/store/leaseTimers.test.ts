import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryStore, createQuickBIHandler } from '@quickbi-embed/server';
import type { QuickBIClient } from '@quickbi-embed/server';

// Two handler instances sharing one store stand for two processes of a fleet; the clock, the
// lease heartbeat and the waiters' polling all run on fake timers, so minutes pass in no time.

// setImmediate stays real: Web Crypto digests finish on libuv, so `settled` waits for real I/O.
beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] }));
afterEach(() => vi.useRealTimers());

/** A Quick BI stand-in whose CreateTicket answers only when the test says so. */
function slowUpstream() {
  const pending: Array<(ticket: string) => void> = [];
  let created = 0;
  const client = {
    createTicket: () =>
      new Promise<{ ticket: string; requestId: string }>((resolve) => {
        created++;
        pending.push((ticket) => resolve({ ticket, requestId: `req-${created}` }));
      }),
    deleteTicket: async () => true,
  } as unknown as QuickBIClient;
  return { client, pending, created: () => created };
}

function instance(client: QuickBIClient, store: ReturnType<typeof createMemoryStore>) {
  return createQuickBIHandler({
    client,
    store,
    reportOrigin: 'https://bi.example.com',
    authorize: () => ({ subject: 'app-user-carol', userId: 'user-carol', ticketUses: 100 }),
    lock: { ttlMs: 3_000, pollMs: 100, maxWaitMs: 120_000 },
  });
}

/** Lets real I/O (the policy hash) complete until `condition` holds; no fake time passes. */
async function settled(condition: () => boolean) {
  for (let i = 0; i < 10_000 && !condition(); i++)
    await new Promise<void>((resolve) => setImmediate(resolve));
  expect(condition()).toBe(true);
}

const load = (handler: (r: Request) => Promise<Response>) =>
  handler(
    new Request('http://app.local/api/quickbi/ticket', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ worksId: 'dash-sales-0001' }),
    }),
  );

/** Two instances on one store: the first holds the lock and is minting, the second asked too. */
async function holderAndWaiter() {
  const upstream = slowUpstream();
  const store = createMemoryStore();
  const a = instance(upstream.client, store);
  const b = instance(upstream.client, store);
  const first = load(a);
  await settled(() => upstream.created() === 1); // a holds the lock and is minting
  const second = load(b);
  return { upstream, first, second };
}

describe('the fleet lock is a lease its holder keeps while it works', () => {
  it('a waiter on another instance never mints during a 60 s CreateTicket, then shares its ticket', async () => {
    const { upstream, first, second } = await holderAndWaiter();
    // 20 leases long: without the heartbeat the lock would have expired 19 times over.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(upstream.created()).toBe(1);
    upstream.pending[0]!('ticket-one');
    await vi.advanceTimersByTimeAsync(500); // b's next poll finds a's ticket
    const [ra, rb] = await Promise.all([first, second]);
    const [ja, jb] = [await ra.json(), await rb.json()];
    expect(ja.ticket).toBe('ticket-one');
    expect(jb.ticket).toBe('ticket-one');
    expect(upstream.created()).toBe(1);
  });

  it('a waiter gives up with 504 after maxWaitMs instead of minting a second ticket', async () => {
    const { upstream, first, second } = await holderAndWaiter();
    await vi.advanceTimersByTimeAsync(121_000);
    const refused = await second;
    expect(refused.status).toBe(504);
    expect((await refused.json()).error.code).toBe('UPSTREAM_TIMEOUT');
    expect(upstream.created()).toBe(1);
    upstream.pending[0]!('ticket-one');
    expect((await first).status).toBe(200);
  });

  it('a holder that dies (stops extending) frees the lock one lease later', async () => {
    const upstream = slowUpstream();
    const store = createMemoryStore();
    // A dead process: it took the lock and never extends or releases it.
    const stale = await store.lock('qbi:never-released', 3_000);
    expect(stale).not.toBeNull();
    expect(await store.lock('qbi:never-released', 3_000)).toBeNull();
    await vi.advanceTimersByTimeAsync(3_000);
    expect(await store.lock('qbi:never-released', 3_000)).not.toBeNull();
    expect(upstream.created()).toBe(0);
  });
});
