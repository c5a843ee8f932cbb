/**
 * The credential ledger over real HTTP (handler on node:http, the emulator on loopback): one record
 * per credential, one writer. Each test is an attack or a failure the scattered records allowed:
 * a few users filling the store so another user's first ticket got 503, a full store that stopped
 * the quota counting, a Smart Q ticket outliving revocation, a retired ticket handed out again
 * from the cache, a renewal that had to resend the ticket's filters, and a top-up whose uses were
 * computed from a guess about UpdateTicketNum.
 */
import { describe, expect, it } from 'vitest';
import type { TicketCredential } from '@quickbi-embed/core';
import { createMemoryStore } from '@quickbi-embed/server';
import type { AuthorizeArgs, QuickBIPolicy } from '@quickbi-embed/server';
import {
  call,
  DANA,
  pageError,
  serveHandler,
  setupEmulator,
  setupServeInTest,
  startTestEmulator,
  testHandler,
} from '../support/harness.js';

const emulator = setupEmulator({ resetEach: true, emulator: { rateLimitPerSecond: 0 } });
const { serve } = setupServeInTest(emulator);

/** `x-test-user: u` is app user `app-u`, allowed to narrow by any product type (one ticket each). */
const CHOOSER: (user: string) => QuickBIPolicy = (user) => ({
  subject: `app-${user}`,
  userId: 'user-bob-0002',
  ticketUses: 5,
  filters: { product_type: {} },
});
const chooserAuthorize = ({ request }: AuthorizeArgs) =>
  CHOOSER(request.headers.get('x-test-user') ?? 'anon');

const filtered = (base: string, user: string, productType: string) =>
  call(
    base,
    '/api/quickbi/ticket',
    { worksId: 'dash-sales-0001', filters: [{ paramKey: 'product_type', values: [productType] }] },
    { user },
  );

const upstreamCalls = () => emulator.stats().totalCalls;

describe('bounded per user, refused before Quick BI', () => {
  it('five users filling a scaled store each stop at their cap (429); another user’s first ticket is still served', async () => {
    const store = createMemoryStore({ maxRecords: 60, now: () => emulator.now() });
    const { url } = await serve({
      store,
      authorize: chooserAuthorize,
      maxLivePerSubject: 5,
      quota: { limit: 1000, windowMs: 60_000 },
    });
    for (let user = 0; user < 5; user++) {
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++)
        statuses.push((await filtered(url, `filler-${user}`, `p-${i}`)).status);
      expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
      const before = upstreamCalls();
      const refused = await filtered(url, `filler-${user}`, 'p-last');
      expect(refused.status).toBe(429);
      expect(refused.json.error.code).toBe('QUOTA_EXCEEDED');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(upstreamCalls()).toBe(before); // refused before any upstream call
    }
    const other = await filtered(url, 'newcomer', 'p-0');
    expect(other.status).toBe(200);
    expect(await pageError(other.json.reportUrl)).toBeNull();
  });

  it('a full store refuses a mint with 503 before Quick BI is asked (no CreateTicket + DeleteTicket)', async () => {
    const store = createMemoryStore({ maxRecords: 8, now: () => emulator.now() });
    const { url } = await serve({ store, authorize: chooserAuthorize });
    let refused: Awaited<ReturnType<typeof filtered>> | undefined;
    for (let i = 0; i < 10 && !refused; i++) {
      const answer = await filtered(url, `user-${i}`, 'p-0');
      if (answer.status !== 200) refused = answer;
    }
    expect(refused?.status).toBe(503);
    const before = emulator.stats().calls;
    for (let i = 0; i < 5; i++) {
      const again = await filtered(url, `late-${i}`, 'p-0');
      expect(again.status).toBe(503);
      expect(again.json.error.code).toBe('STORE_UNAVAILABLE');
      expect(again.headers.get('retry-after')).toBeTruthy();
    }
    const after = emulator.stats().calls;
    expect(after.CreateTicket ?? 0).toBe(before.CreateTicket ?? 0);
    expect(after.DeleteTicket ?? 0).toBe(before.DeleteTicket ?? 0);
  });

  it('the quota keeps counting when the store is full: an owner’s renewals past the limit get 429', async () => {
    const store = createMemoryStore({ maxRecords: 6, now: () => emulator.now() });
    const { url } = await serve({
      store,
      authorize: ({ request }) => ({
        ...CHOOSER(request.headers.get('x-test-user') ?? 'anon'),
        renew: { maxRenewals: 100 },
      }),
      quota: { limit: 4, windowMs: 60_000 },
      renewWindowMs: 0,
    });
    const mine = await filtered(url, 'owner', 'p-0');
    expect(mine.status).toBe(200);
    for (let i = 0; i < 10; i++) await filtered(url, `filler-${i}`, 'p-0'); // fills the store
    expect((await filtered(url, 'someone-else', 'p-0')).status).toBe(503);
    // A fresh quota window, opened while the store is full.
    emulator.advanceClock(60_000 - (emulator.now() % 60_000) + 1);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push(
        (
          await call(
            url,
            '/api/quickbi/ticket/renew',
            { ticket: mine.json.ticket },
            { user: 'owner' },
          )
        ).status,
      );
    // Each renewal costs DelayTicketExpireTime + QueryTicketInfo: the third is past 4 calls.
    expect(statuses.slice(0, 2)).toEqual([200, 200]);
    expect(statuses.slice(2)).toContain(429);
  });
});

describe('revocation is total', () => {
  it('revoke({ subject }) deletes the subject’s Smart Q tickets too: the page no longer opens', async () => {
    const asker: QuickBIPolicy = {
      subject: 'app-asker',
      userId: 'user-bob-0002',
      kinds: ['ticket', 'copilot'],
      ticketUses: 3,
      expireMinutes: 30,
    };
    const handler = testHandler(emulator, {
      authorize: () => asker,
      authorizeCopilot: () => asker,
    });
    const answer = await handler(
      new Request('http://app.local/api/quickbi/copilot/ticket', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ copilotId: 'copilot-sales-0001' }),
      }),
    );
    expect(answer.status).toBe(200);
    const copilot = (await answer.json()) as { ticket: string; reportUrl: string };
    const opens = async () =>
      (await (await fetch(copilot.reportUrl)).text()).includes('data-testid="copilot"');
    expect(await opens()).toBe(true);

    const revoked = await handler.revoke({ subject: 'app-asker' });
    expect(revoked).toMatchObject({ tickets: 1, pending: 0 });
    expect(emulator.stats().calls.DeleteTicket).toBe(1);
    expect(await opens()).toBe(false);
  });
});

describe('a retired ticket is never handed out again', () => {
  it('after a renewal retires a ticket (policy changed), loads under the old policy get a new ticket', async () => {
    let watermark = 'first';
    const { url } = await serve({
      authorize: () => ({
        subject: 'app-mover',
        userId: 'user-bob-0002',
        ticketUses: 5,
        watermark,
      }),
    });
    const load = () =>
      call(url, '/api/quickbi/ticket', { worksId: 'dash-sales-0001' }, { user: 'x' });
    const first = (await load()).json as TicketCredential;
    watermark = 'second';
    const renewed = await call(
      url,
      '/api/quickbi/ticket/renew',
      { ticket: first.ticket },
      { user: 'x' },
    );
    expect(renewed.status).toBe(200);
    expect(renewed.json.ticket).not.toBe(first.ticket);
    expect(emulator.stats().calls.DeleteTicket).toBe(1); // the old one, retired upstream
    watermark = 'first'; // the app's policy is back as it was: the old grant's cache entry
    for (let i = 0; i < 3; i++) {
      const again = (await load()).json as TicketCredential;
      expect(again.ticket).not.toBe(first.ticket);
      expect(await pageError(again.reportUrl)).toBeNull();
    }
  });
});

describe('filters live in the record', () => {
  it('/ticket/renew needs only { ticket }: the ticket keeps its filters, is extended in place, and still loads', async () => {
    const { url } = await serve({
      authorize: () => ({ ...DANA, renew: { maxRenewals: 3, topUpUses: 5 } }),
    });
    const chosen = [{ paramKey: 'region', values: ['华东'] }];
    const first = await call(
      url,
      '/api/quickbi/ticket',
      { worksId: 'dash-sales-0001', filters: chosen },
      { user: 'dana' },
    );
    expect(first.status).toBe(200);
    const renewed = await call(
      url,
      '/api/quickbi/ticket/renew',
      { ticket: first.json.ticket, uses: 1 },
      { user: 'dana' },
    );
    expect(renewed.status).toBe(200);
    expect(renewed.json.ticket).toBe(first.json.ticket);
    expect(renewed.json.globalParam).toEqual(first.json.globalParam);
    expect(emulator.stats().calls.DeleteTicket ?? 0).toBe(0);
    // A client that still sends the filters keeps working, on the same ticket.
    const resent = await call(
      url,
      '/api/quickbi/ticket/renew',
      { ticket: first.json.ticket, filters: chosen },
      { user: 'dana' },
    );
    expect(resent.status).toBe(200);
    expect(resent.json.ticket).toBe(first.json.ticket);
    // A later load with the same filters is served the same, live ticket.
    const again = await call(
      url,
      '/api/quickbi/ticket',
      { worksId: 'dash-sales-0001', filters: chosen },
      { user: 'dana' },
    );
    expect(again.json.ticket).toBe(first.json.ticket);
    expect(await pageError(again.json.reportUrl)).toBeNull();
  });
});

describe('a top-up promises only the uses Quick BI has (read back with QueryTicketInfo)', () => {
  const MODES = ['setMax', 'addRemaining'] as const;
  for (const upstreamMode of MODES)
    for (const handlerMode of MODES)
      it(`Quick BI ${upstreamMode} × handler ${handlerMode}: every promised use loads`, async () => {
        const quickbi = await startTestEmulator({
          updateTicketNumMode: upstreamMode,
          rateLimitPerSecond: 0,
        });
        const served = await serveHandler(quickbi, {
          updateTicketNumMode: handlerMode,
          authorize: () => ({
            subject: 'app-topup',
            userId: 'user-bob-0002',
            ticketUses: 2,
            renew: { maxRenewals: 5, topUpUses: 3 },
          }),
        });
        try {
          const first = await call(
            served.url,
            '/api/quickbi/ticket',
            { worksId: 'dash-sales-0001', uses: 2 },
            { user: 'x' },
          );
          expect(first.json.reservedUses).toBe(2);
          for (let i = 0; i < 2; i++) expect(await pageError(first.json.reportUrl)).toBeNull();
          const renewed = await call(
            served.url,
            '/api/quickbi/ticket/renew',
            { ticket: first.json.ticket, uses: 3 },
            { user: 'x' },
          );
          expect(renewed.status).toBe(200);
          expect(renewed.json.ticket).toBe(first.json.ticket);
          const promised = renewed.json.reservedUses as number;
          expect(promised).toBeGreaterThan(0);
          for (let i = 0; i < promised; i++)
            expect(await pageError(renewed.json.reportUrl)).toBeNull();
        } finally {
          await served.stop();
          await quickbi.stop();
        }
      });
});
