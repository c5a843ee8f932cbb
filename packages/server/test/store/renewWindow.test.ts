/**
 * The renew window lives in the credential's own ledger record (`renewedAt`), not in a separate
 * store entry: renewals within `renewWindowMs` share one extension and cost no store entry, and a
 * revoked credential is never handed out again, even when Quick BI answers with it once more.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { EmbedTokenCredential, TicketCredential } from '@quickbi-embed/core';
import { createMemoryStore } from '@quickbi-embed/server';
import type { Authorize, QuickBIServerHandler } from '@quickbi-embed/server';
import { toNodeHandler } from '@quickbi-embed/server/node';
import {
  call,
  captureLogger,
  closeServer,
  listenOnLoopback,
  pageError,
  sessionAuthorize,
  setupEmulator,
  testHandler,
} from '../support/harness.js';

const emulator = setupEmulator({ resetEach: true });
let server: Server | undefined;

afterEach(async () => {
  if (server) await closeServer(server);
  server = undefined;
});

async function start(maxEntries?: number, authorize?: Authorize) {
  const store = createMemoryStore({
    now: () => emulator.now(),
    ...(maxEntries !== undefined ? { maxEntries } : {}),
  });
  const handler: QuickBIServerHandler = testHandler(emulator, {
    store,
    logger: captureLogger,
    ...(authorize ? { authorize } : {}),
  });
  server = createServer(toNodeHandler(handler));
  return { store, handler, base: await listenOnLoopback(server) };
}

/**
 * A handler whose authorize, for a request with the `x-test-gate` header, waits until `release`
 * (`inAuthorize` resolves once it waits): the test acts while a renewal is under way.
 */
async function startGated() {
  let entered!: () => void;
  const inAuthorize = new Promise<void>((resolve) => (entered = resolve));
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const started = await start(undefined, async (args) => {
    if (args.request.headers.get('x-test-gate')) {
      entered();
      await gate;
    }
    return sessionAuthorize(args);
  });
  return { ...started, inAuthorize, release };
}

const calls = (action: string) => emulator.stats().calls[action] ?? 0;

describe('the renew window, kept in the ledger record', () => {
  it('a ticket renewal costs no store entry, and tabs within the window share it', async () => {
    const { store, base } = await start();
    const first = await call(
      base,
      '/api/quickbi/ticket',
      { worksId: 'dash-sales-0001' },
      {
        user: 'alice',
      },
    );
    expect(first.status).toBe(200);
    const { ticket } = first.json as TicketCredential;
    emulator.advanceClock(20 * 60_000);
    const entries = store.size();
    const renewed = await call(base, '/api/quickbi/ticket/renew', { ticket }, { user: 'alice' });
    expect(renewed.status).toBe(200);
    expect(calls('DelayTicketExpireTime')).toBe(1);
    // Before: a separate evictable "renewed" entry per renewal.
    expect(store.size()).toBe(entries);
    emulator.advanceClock(2_000);
    const shared = await call(base, '/api/quickbi/ticket/renew', { ticket }, { user: 'alice' });
    expect(shared.status).toBe(200);
    expect((shared.json as TicketCredential).expiresAt).toBe(
      (renewed.json as TicketCredential).expiresAt,
    );
    expect(calls('DelayTicketExpireTime')).toBe(1);
    // Past the window: a new extension upstream.
    emulator.advanceClock(6_000);
    expect(
      (await call(base, '/api/quickbi/ticket/renew', { ticket }, { user: 'alice' })).status,
    ).toBe(200);
    expect(calls('DelayTicketExpireTime')).toBe(2);
  });

  it('a token renewal costs no cache room, and tabs within the window share it', async () => {
    // Room for one cache entry: the token's own. Before, the window's separate entry evicted it.
    const { store, base } = await start(1);
    const token = (renew: boolean) =>
      call(base, '/api/quickbi/token', { worksId: 'dash-ops-0002', renew }, { user: 'bob' });
    expect((await token(false)).status).toBe(200);
    emulator.advanceClock(60_000);
    expect((await token(false)).status).toBe(200);
    expect(calls('CreateEmbedToken')).toBe(1);
    emulator.advanceClock(10 * 60_000);
    const entries = store.size();
    const renewed = await token(true);
    expect(renewed.status).toBe(200);
    expect(calls('CreateEmbedToken')).toBe(2);
    expect(store.size()).toBe(entries);
    emulator.advanceClock(2_000);
    const shared = await token(true);
    expect((shared.json as EmbedTokenCredential).expiresAt).toBe(
      (renewed.json as EmbedTokenCredential).expiresAt,
    );
    expect(calls('CreateEmbedToken')).toBe(2);
    // Past the window: a new extension upstream.
    emulator.advanceClock(6_000);
    expect((await token(true)).status).toBe(200);
    expect(calls('CreateEmbedToken')).toBe(3);
  });

  it('a record stored before `renewedAt` existed (19 fields) reads as never renewed', async () => {
    const { store, base } = await start();
    const first = await call(
      base,
      '/api/quickbi/ticket',
      { worksId: 'dash-sales-0001' },
      {
        user: 'alice',
      },
    );
    const { ticket } = first.json as TicketCredential;
    const key = `qbi:r:${ticket}`;
    const stored = await store.get<unknown[]>(key);
    expect(Array.isArray(stored)).toBe(true);
    await store.set(key, stored!.slice(0, 19), 60 * 60_000);
    emulator.advanceClock(20 * 60_000);
    const renewed = await call(base, '/api/quickbi/ticket/renew', { ticket }, { user: 'alice' });
    expect(renewed.status).toBe(200);
    expect(calls('DelayTicketExpireTime')).toBe(1);
  });
});

describe('a token revoked while Quick BI could not delete it', () => {
  it('is never handed out again when Quick BI answers the same token once more', async () => {
    const { handler, base } = await start();
    const token = (renew = false) =>
      call(base, '/api/quickbi/token', { worksId: 'dash-ops-0002', renew }, { user: 'bob' });
    const first = (await token()).json as EmbedTokenCredential;
    emulator.setFaults({ action: 'DeleteEmbedToken', status: 503, count: 1000 });
    expect(await handler.revoke({ subject: 'app-user-bob' })).toMatchObject({ pending: 1 });

    // Quick BI still holds the token (its deletion failed) and answers CreateEmbedToken with it:
    // before, the revoked token was cached and handed out again, extended.
    for (const renew of [false, true]) {
      const again = await token(renew);
      expect(again.status).toBe(503);
      expect(again.json.error.code).toBe('UPSTREAM_UNAVAILABLE');
      expect(JSON.stringify(again.json)).not.toContain(first.accessToken);
    }

    // Once Quick BI takes the deletion, the next ask deletes it and gets a new token.
    emulator.clearFaults();
    const fresh = await token();
    expect(fresh.status).toBe(200);
    expect((fresh.json as EmbedTokenCredential).accessToken).not.toBe(first.accessToken);
    expect(await pageError(first.reportUrl)).toBe('Authorize3Rd.Token.NotExist');
    expect(await pageError((fresh.json as EmbedTokenCredential).reportUrl)).toBeNull();
  });
});

describe('a ticket revoked while its renewal is under way, within the renew window', () => {
  it('is refused, not answered from the window', async () => {
    // The app's authorize for one renewal waits until the test has revoked the user meanwhile.
    const { handler, base, inAuthorize, release } = await startGated();
    const first = await call(
      base,
      '/api/quickbi/ticket',
      { worksId: 'dash-sales-0001' },
      { user: 'alice' },
    );
    const { ticket } = first.json as TicketCredential;
    emulator.advanceClock(20 * 60_000);
    expect(
      (await call(base, '/api/quickbi/ticket/renew', { ticket }, { user: 'alice' })).status,
    ).toBe(200);
    const delays = calls('DelayTicketExpireTime');

    const late = call(
      base,
      '/api/quickbi/ticket/renew',
      { ticket },
      { user: 'alice', headers: { 'x-test-gate': '1' } },
    );
    await inAuthorize;
    // Quick BI cannot delete it now: the ticket stays revoked here, its deletion owed.
    emulator.setFaults({ action: 'DeleteTicket', status: 503, count: 1000 });
    expect(await handler.revoke({ subject: 'app-user-alice' })).toMatchObject({ pending: 1 });
    release();
    const answer = await late;
    // Before: 200 with the revoked ticket, answered from the separate "renewed" entry.
    expect(answer.status).toBe(403);
    expect(answer.json.error.code).toBe('TICKET_NOT_OWNED');
    expect(calls('DelayTicketExpireTime')).toBe(delays);
  });
});

describe('a ticket revoked while its extension is under way', () => {
  it('is refused, and no replacement is minted for it', async () => {
    // The renewal reads the ticket (and takes its lease) before the app's authorize runs; the
    // test revokes the user while authorize waits, and Quick BI deletes the ticket at once.
    const { handler, base, inAuthorize, release } = await startGated();
    const first = await call(
      base,
      '/api/quickbi/ticket',
      { worksId: 'dash-sales-0001' },
      { user: 'alice' },
    );
    const { ticket } = first.json as TicketCredential;
    emulator.advanceClock(20 * 60_000);

    const renewal = call(
      base,
      '/api/quickbi/ticket/renew',
      { ticket },
      { user: 'alice', headers: { 'x-test-gate': '1' } },
    );
    await inAuthorize;
    expect(await handler.revoke({ subject: 'app-user-alice' })).toMatchObject({ tickets: 1 });
    release();
    const answer = await renewal;
    expect(answer.status).toBe(403);
    expect(answer.json.error.code).toBe('TICKET_NOT_OWNED');
    expect(calls('CreateTicket')).toBe(1); // no replacement for a revoked ticket
  });
});
