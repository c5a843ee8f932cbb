/**
 * The ledger under random interleavings (property), across 3 handler instances sharing one real
 * redis-server: loads (mint and reserve), renewals, retirements (a renewal after the app changed
 * the user's policy), revocations and expiry (the clock moves), in concurrent batches, for every
 * kind: report tickets, embed tokens (asked for and renewed) and Smart Q tickets. After every
 * run: no credential handed out after its retirement or revocation, no use past a budget, and a
 * revocation reaches every credential the subject was ever given (none is missing from its index).
 *
 * The fleet reaches Redis through a TCP proxy, and before a batch the line may drop, stall (packets
 * lost until commands time out) or the redis-server restart (empty: it persists nothing). After
 * every batch, read from Redis itself: never two live tickets with uses and life left (nor two live
 * tokens with life left) for one key (the single flight held, a lost lease committed nothing), and
 * never a live record, of any kind, missing from its subject's index.
 */
import fc from 'fast-check';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  CopilotCredential,
  EmbedTokenCredential,
  TicketCredential,
} from '@quickbi-embed/core';
import type { QuickBIPolicy, QuickBIServerHandler } from '@quickbi-embed/server';
import { createRedisStore } from '@quickbi-embed/server/redis';
import type { CredentialStore } from '@quickbi-embed/server/redis';
import { call, setupEmulator, testHandler } from '../support/harness.js';
import { type FleetMember, startRedisFleet } from '../support/redisFleet.js';
import { setupRedisServer } from '../support/redisFixtures.js';
import { startTcpProxy, type TcpProxy } from '../support/tcpProxy.js';
import { waitFor } from '../support/waitFor.js';

const emulator = setupEmulator({ emulator: { rateLimitPerSecond: 0 } });
const redis = setupRedisServer();
let fleet: FleetMember[] = [];
let adminStore: CredentialStore | undefined;
let proxy: TcpProxy | undefined;
/** A plain client straight to the redis-server (not through the proxy): the invariants' eyes. */
let inspector: Redis | undefined;
const REUSE_MARGIN_MS = 5 * 60_000;
const TICKET_USES = 3;
/** An admin process of the same app (its own handler and Redis connection): it revokes. */
let admin: QuickBIServerHandler;
let run = 0;
const watermarks = new Map<string, string>();

const policyOf = (user: string): QuickBIPolicy => ({
  subject: user,
  userId: 'user-bob-0002',
  ticketUses: TICKET_USES,
  expireMinutes: 30,
  watermark: watermarks.get(user) ?? 'w0',
  renew: { maxRenewals: 50, topUpUses: 2 },
});

beforeEach(async () => {
  proxy = await startTcpProxy(redis.port);
  fleet = await startRedisFleet(emulator, `redis://127.0.0.1:${proxy.port}`, 3, {
    // A stalled command fails after 400 ms (503), so a fault costs the run little time.
    store: { commandTimeoutMs: 400, connectTimeoutMs: 400 },
    handler: {
      authorize: ({ request, kind }) => {
        const user = request.headers.get('x-test-user') ?? '';
        // Embed tokens carry no watermark: their policy has none (and the same user).
        return kind === 'token'
          ? { subject: user, userId: 'user-bob-0002', kinds: ['token'], expireMinutes: 30 }
          : policyOf(user);
      },
      authorizeCopilot: ({ request }) => ({
        subject: request.headers.get('x-test-user') ?? '',
        userId: 'user-bob-0002',
        kinds: ['copilot'],
        ticketUses: TICKET_USES,
        expireMinutes: 30,
      }),
      quota: false,
      renewWindowMs: 0,
      reuseMarginMs: REUSE_MARGIN_MS,
      // A lock whose reply the drop lost stays held by nobody until its lease ends: keep it short.
      lock: { ttlMs: 1000, pollMs: 20, maxWaitMs: 5000 },
    },
  });
  inspector = new Redis(redis.url);
  inspector.on('error', () => {}); // reconnects after a restart; only its commands may fail
  adminStore = createRedisStore({ client: redis.url });
  admin = testHandler(emulator, { store: adminStore, authorize: () => null });
});
afterEach(async () => {
  await Promise.all(fleet.map((m) => m.stop()));
  await adminStore?.close?.();
  inspector?.disconnect();
  await proxy?.stop();
});

type Fault = 'drop' | 'stall' | 'restart';

/** Applies a fault on the line (or the server) as a batch starts; a restart completes first. */
async function inject(fault: Fault | null) {
  if (fault === 'drop') proxy!.drop(150);
  if (fault === 'stall') proxy!.blackhole(150);
  if (fault === 'restart') await redis.restart();
}

interface LedgerRow {
  kind: string;
  id: string;
  subject: string;
  cacheKey: string;
  maxUses: number;
  reserved: number;
  renewals: number;
  expiresAt: number;
  state: string;
}

/** Every ledger record in Redis (the stored positional form: see ledger.ts `StoredRecord`). */
async function ledgerRows(): Promise<LedgerRow[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await inspector!.scan(cursor, 'MATCH', 'quickbi-embed:d:qbi:r:*');
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0');
  if (keys.length === 0) return [];
  const values = await inspector!.mget(...keys);
  return values.flatMap((raw) => {
    const s = raw === null ? undefined : (JSON.parse(raw) as unknown[]);
    if (!Array.isArray(s) || s[0] !== 1) return [];
    return [
      {
        kind: s[1] as string,
        id: s[2] as string,
        subject: s[3] as string,
        cacheKey: s[8] as string,
        maxUses: s[10] as number,
        reserved: s[11] as number,
        renewals: s[12] as number,
        expiresAt: s[13] as number,
        state: s[14] as string,
      },
    ];
  });
}

/**
 * Never two live tickets with uses and life left (or two live tokens with life left) for one
 * (subject, grant) that a load could have minted: a second one means a mint while the first was still reusable (a lost lease committed,
 * a cache entry lost). Renewed tickets are left out: an owner's top-up revives its own ticket.
 * And never a live record missing from its subject's index (or indexed with another expiry).
 */
async function checkLedger(where: string) {
  const now = emulator.now();
  const rows = await ledgerRows();
  const reusable = new Map<string, string[]>();
  for (const r of rows) {
    if (r.state !== 'live' || r.expiresAt - now <= REUSE_MARGIN_MS) continue;
    // A token (maxUses 0) is reusable while it has life left; a ticket while it has uses too.
    if (r.kind === 'ticket' && (r.renewals > 0 || r.reserved >= r.maxUses)) continue;
    if (r.kind === 'copilot') continue; // never cached: one per request

    const key = `${r.subject}|${r.cacheKey}`;
    reusable.set(key, [...(reusable.get(key) ?? []), r.id]);
  }
  for (const [key, ids] of reusable)
    expect(ids, `${where}: two live tickets for ${key}`).toHaveLength(1);
  for (const r of rows) {
    if (r.state !== 'live') continue;
    const members = await inspector!.zrange(`quickbi-embed:i:qbi:subj:${r.subject}`, '0', '-1');
    const letter = { ticket: 't', token: 'k', copilot: 'c' }[r.kind];
    const member = `${letter}:${r.expiresAt.toString(36)}:${r.id}`;
    expect(members, `${where}: live ${r.id} missing from its index`).toContain(member);
  }
}
afterAll(() => undefined);

type Op =
  | { type: 'load'; user: number; member: number; uses: number }
  | { type: 'renew'; user: number; member: number; uses: number }
  | { type: 'token'; user: number; member: number; renew: boolean }
  | { type: 'copilot'; user: number; member: number }
  | { type: 'policy'; user: number }
  | { type: 'revoke'; user: number }
  | { type: 'clock'; minutes: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      type: fc.constant('load' as const),
      user: fc.nat(1),
      member: fc.nat(2),
      uses: fc.integer({ min: 1, max: 2 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      type: fc.constant('renew' as const),
      user: fc.nat(1),
      member: fc.nat(2),
      uses: fc.nat(2),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('token' as const),
      user: fc.nat(1),
      member: fc.nat(2),
      renew: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('copilot' as const),
      user: fc.nat(1),
      member: fc.nat(2),
    }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('policy' as const), user: fc.nat(1) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('revoke' as const), user: fc.nat(1) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('clock' as const),
      minutes: fc.integer({ min: 1, max: 20 }),
    }),
  },
);

describe('the ledger under random interleavings across a Redis fleet (property)', () => {
  it('never hands out a retired or revoked credential, never past a budget, and revocation reaches every credential', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            fault: fc.option(fc.constantFrom<Fault>('drop', 'stall', 'restart'), {
              freq: 3,
              nil: null,
            }),
            ops: fc.array(op, { minLength: 1, maxLength: 4 }),
          }),
          { minLength: 3, maxLength: 8 },
        ),
        async (batches) => {
          run++;
          const name = (u: number) => `p${run}-u${u}`;
          /**
           * Credentials per user (tickets, tokens, Smart Q tickets by their id), in hand-out
           * order; retired/revoked ones with the step they ended.
           */
          const given = new Map<
            string,
            { user: string; kind: string; reserved: number; max: number; url: string }
          >();
          const ended = new Map<string, number>(); // id -> batch index it was retired/revoked in
          const handedAt: { ticket: string; batch: number }[] = [];
          const note = (
            user: string,
            credential: TicketCredential | EmbedTokenCredential | CopilotCredential,
            batch: number,
          ) => {
            const id = credential.kind === 'token' ? credential.accessToken : credential.ticket;
            const row = given.get(id) ?? {
              user,
              kind: credential.kind,
              reserved: 0,
              max: 0,
              url: credential.reportUrl,
            };
            if (credential.kind === 'ticket') {
              row.reserved += credential.reservedUses ?? 0;
              row.max = Math.max(row.max, credential.maxUses);
            }
            given.set(id, row);
            handedAt.push({ ticket: id, batch });
          };
          /** Tickets handed out before this batch were lost with Redis's memory at a restart. */
          let lastRestart = 0;
          for (const [index, { fault, ops: batch }] of batches.entries()) {
            if (fault === 'restart') lastRestart = index;
            await inject(fault);
            await Promise.all(
              batch.map(async (step) => {
                if (step.type === 'clock') return emulator.advanceClock(step.minutes * 60_000);
                const user = name(step.user);
                if (step.type === 'policy') return watermarks.set(user, `w${Math.random()}`);
                if (step.type === 'revoke') {
                  const mine = [...given].filter(([, row]) => row.user === user).map(([t]) => t);
                  // The admin reaches Redis directly, but right after a restart it may not yet.
                  const done = await admin.revoke({ subject: user }).then(
                    () => true,
                    () => false,
                  );
                  if (done) for (const t of mine) if (!ended.has(t)) ended.set(t, index);
                  return;
                }
                const base = fleet[step.member]!.url;
                if (step.type === 'token') {
                  const answer = await call(
                    base,
                    '/api/quickbi/token',
                    { worksId: 'dash-ops-0002', ...(step.renew ? { renew: true } : {}) },
                    { user },
                  );
                  if (answer.status === 200) note(user, answer.json as EmbedTokenCredential, index);
                  return;
                }
                if (step.type === 'copilot') {
                  const answer = await call(
                    base,
                    '/api/quickbi/copilot/ticket',
                    { copilotId: 'copilot-sales-0001' },
                    { user },
                  );
                  if (answer.status === 200) note(user, answer.json as CopilotCredential, index);
                  return;
                }
                if (step.type === 'load') {
                  const answer = await call(
                    base,
                    '/api/quickbi/ticket',
                    { worksId: 'dash-sales-0001', uses: step.uses },
                    { user },
                  );
                  if (answer.status === 200) note(user, answer.json as TicketCredential, index);
                  return;
                }
                const mine = [...given]
                  .filter(([t, row]) => row.user === user && row.kind === 'ticket' && !ended.has(t))
                  .map(([t]) => t);
                const ticket = mine.at(-1);
                if (!ticket) return;
                const answer = await call(
                  base,
                  '/api/quickbi/ticket/renew',
                  { ticket, uses: step.uses },
                  { user },
                );
                if (answer.status !== 200) return;
                const credential = answer.json as TicketCredential;
                note(user, credential, index);
                if (credential.ticket !== ticket && !ended.has(ticket)) ended.set(ticket, index); // retired
              }),
            );
            await checkLedger(`after batch ${index} (${fault ?? 'no fault'})`);
          }
          // The line is back: every member serves again (the faults end on real timers), every
          // kind: a ticket, an embed token and a Smart Q ticket each.
          let last = '';
          const asks = [
            ['/api/quickbi/ticket', { worksId: 'dash-sales-0001' }],
            ['/api/quickbi/token', { worksId: 'dash-ops-0002' }],
            ['/api/quickbi/copilot/ticket', { copilotId: 'copilot-sales-0001' }],
          ] as const;
          for (const member of fleet) {
            for (const [path, body] of asks)
              await waitFor(async () => {
                const answer = await call(member.url, path, body, { user: name(0) });
                last = `${path}: ${answer.status} ${JSON.stringify(answer.json)}`;
                if (answer.status !== 200) return false;
                const credential = answer.json as TicketCredential | EmbedTokenCredential;
                note(name(0), credential, batches.length);
                return true;
              }, 10_000).catch((error: unknown) => {
                throw new Error(`the fleet did not recover: last answer ${last}`, {
                  cause: error,
                });
              });
          }
          await checkLedger('after recovery');
          // Never past a budget.
          for (const [, row] of given) expect(row.reserved).toBeLessThanOrEqual(row.max);
          // Nothing handed out in a batch after the one that retired or revoked it.
          for (const { ticket, batch } of handedAt) {
            const end = ended.get(ticket);
            if (end !== undefined) expect(batch).toBeLessThanOrEqual(end);
          }
          // A final revocation reaches every credential each user was ever given, of every kind.
          for (const u of [0, 1]) await admin.revoke({ subject: name(u) });
          const handedSince = new Set(
            handedAt.filter((h) => h.batch >= lastRestart).map((h) => h.ticket),
          );
          for (const [ticket, row] of given) {
            // A restart emptied Redis (no persistence): nothing can revoke what the store forgot.
            if (lastRestart > 0 && !handedSince.has(ticket)) continue;
            const html = await (await fetch(row.url)).text();
            expect(/data-error-code="([^"]+)"/.exec(html)?.[1], ticket).toMatch(/NotExist|Expired/);
          }
        },
      ),
      { numRuns: 4, endOnFailure: true },
    );
  }, 120_000);
});
