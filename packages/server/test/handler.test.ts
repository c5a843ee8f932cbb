import { describe, expect, it } from 'vitest';
import { createQuickBIClient, createQuickBIHandler } from '@quickbi-embed/server';
import type { QuickBIPolicy } from '@quickbi-embed/server';
import type { TicketCredential, EmbedTokenCredential, TicketInfo } from '@quickbi-embed/core';
import {
  call,
  serveHandler,
  testClient,
  setupEmulator,
  setupServedHandler,
  USERS,
} from './support/harness.js';

const emulator = setupEmulator({ resetEach: true });
const served = setupServedHandler(emulator, {}, 'test');

const calls = (action: string) => emulator.stats().calls[action] ?? 0;

describe('POST /ticket', () => {
  it('mints a ticket under the policy and answers the contract shape', async () => {
    const before = emulator.now();
    const { status, json } = await call(
      served.url,
      '/api/quickbi/ticket',
      { worksId: 'dash-sales-0001' },
      { user: 'alice' },
    );
    expect(status).toBe(200);
    const credential = json as TicketCredential;
    expect(credential).toMatchObject({
      kind: 'ticket',
      worksId: 'dash-sales-0001',
      worksType: 'dashboard',
      maxUses: 5,
      usedUses: 0,
      watermark: 'alice@example.com',
      globalParam: USERS.alice?.globalParam,
    });
    const url = new URL(credential.reportUrl);
    expect(url.origin).toBe(emulator.reportOrigin);
    expect(url.pathname).toBe('/token3rd/dashboard/view/pc.htm');
    expect(url.searchParams.get('pageId')).toBe('dash-sales-0001');
    expect(url.searchParams.get('accessTicket')).toBe(credential.ticket);
    expect(credential.expiresAt - before).toBeGreaterThanOrEqual(60 * 60_000 - 1000);
    expect(credential.expiresAt - before).toBeLessThanOrEqual(60 * 60_000 + 5000);
    expect(credential.serverNow).toBeGreaterThanOrEqual(before);

    // Quick BI really holds what the policy decided.
    const info = await testClient(emulator).queryTicketInfo({ ticket: credential.ticket });
    expect(info).toMatchObject({
      userId: 'user-alice-0001',
      maxUses: 5,
      watermark: 'alice@example.com',
    });
    expect(info.globalParam).toEqual(USERS.alice?.globalParam);

    // And the URL opens the report (one use consumed).
    const page = await fetch(credential.reportUrl);
    expect(page.status).toBe(200);
    expect(emulator.stats().usesConsumed).toBe(1);
    expect(served.events.some((e) => e.type === 'credential.minted')).toBe(true);
  });

  it('reuses the cached ticket while it has uses left, counting each hand-out', async () => {
    const first = (
      await call(
        served.url,
        '/api/quickbi/ticket',
        { worksId: 'dash-sales-0001' },
        { user: 'alice' },
      )
    ).json;
    const second = (
      await call(
        served.url,
        '/api/quickbi/ticket',
        { worksId: 'dash-sales-0001' },
        { user: 'alice' },
      )
    ).json;
    expect(second.ticket).toBe(first.ticket);
    expect(second.usedUses).toBe(1);
    expect(calls('CreateTicket')).toBe(1);
    expect(served.events.filter((e) => e.type === 'credential.reused')).toHaveLength(1);
  });

  it('mints a new ticket once every use was handed out', async () => {
    const tickets = new Set<string>();
    for (let i = 0; i < 6; i++)
      tickets.add(
        (
          await call(
            served.url,
            '/api/quickbi/ticket',
            { worksId: 'dash-sales-0001' },
            { user: 'alice' },
          )
        ).json.ticket,
      );
    expect(tickets.size).toBe(2);
    expect(calls('CreateTicket')).toBe(2);
  });

  it('keeps users, reports and components apart', async () => {
    const a = (
      await call(
        served.url,
        '/api/quickbi/ticket',
        { worksId: 'dash-sales-0001' },
        { user: 'alice' },
      )
    ).json;
    const b = (
      await call(served.url, '/api/quickbi/ticket', { worksId: 'dash-sales-0001' }, { user: 'bob' })
    ).json;
    const c = (
      await call(
        served.url,
        '/api/quickbi/ticket',
        { worksId: 'dash-sales-0001', cmptId: 'cmpt-sales-chart' },
        { user: 'alice' },
      )
    ).json as TicketCredential;
    expect(new Set([a.ticket, b.ticket, c.ticket]).size).toBe(3);
    expect(c.cmptId).toBe('cmpt-sales-chart');
    expect(new URL(c.reportUrl).searchParams.get('cmptId')).toBe('cmpt-sales-chart');
  });

  it('builds the right page URL per works type', async () => {
    const workbook = (
      await call(
        served.url,
        '/api/quickbi/ticket',
        { worksId: 'book-finance-0001', worksType: 'workbook' },
        { user: 'bob' },
      )
    ).json as TicketCredential;
    const url = new URL(workbook.reportUrl);
    expect(url.pathname).toBe('/token3rd/report/view.htm');
    expect(url.searchParams.get('id')).toBe('book-finance-0001');
    expect((await fetch(workbook.reportUrl)).status).toBe(200);
  });

  it('passes Quick BI business errors through with their code', async () => {
    const { status, json } = await call(
      served.url,
      '/api/quickbi/ticket',
      { worksId: 'dash-private-0003' },
      { user: 'bob' },
    );
    expect(status).toBe(502);
    expect(json.error.code).toMatch(/\./);
    expect(json.error.requestId).toMatch(/\S/);
    expect(served.events.some((e) => e.type === 'upstream.error')).toBe(true);
  });

  it('retries upstream 5xx transparently', async () => {
    emulator.setFaults({ action: 'CreateTicket', status: 503, count: 2 });
    const { status } = await call(
      served.url,
      '/api/quickbi/ticket',
      { worksId: 'dash-sales-0001' },
      { user: 'bob' },
    );
    expect(status).toBe(200);
    expect(calls('CreateTicket')).toBe(3);
  });

  it('answers 503 UPSTREAM_THROTTLED when throttling outlasts the retries', async () => {
    emulator.setFaults({ action: 'CreateTicket', throttle: true, count: 10 });
    const { status, json, headers } = await call(
      served.url,
      '/api/quickbi/ticket',
      { worksId: 'dash-sales-0001' },
      { user: 'bob' },
    );
    expect(status).toBe(503);
    expect(json.error.code).toBe('UPSTREAM_THROTTLED');
    expect(headers.get('retry-after')).toBe('1');
    expect(calls('CreateTicket')).toBe(3);
  });
});

describe('POST /token', () => {
  it('mints an embed token and reuses it', async () => {
    const first = await call(
      served.url,
      '/api/quickbi/token',
      { worksId: 'dash-ops-0002' },
      { user: 'bob' },
    );
    expect(first.status).toBe(200);
    const credential = first.json as EmbedTokenCredential;
    expect(credential.kind).toBe('token');
    const url = new URL(credential.reportUrl);
    expect(url.searchParams.get('accessToken')).toBe(credential.accessToken);
    expect(url.searchParams.get('pageId')).toBe('dash-ops-0002');
    expect(credential.invalidTime).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect((await fetch(credential.reportUrl)).status).toBe(200);
    expect(emulator.stats().pageLoads).toBe(1);
    const second = (
      await call(served.url, '/api/quickbi/token', { worksId: 'dash-ops-0002' }, { user: 'bob' })
    ).json;
    expect(second.accessToken).toBe(credential.accessToken);
    expect(calls('CreateEmbedToken')).toBe(1);
  });

  it('renews a token near expiry in place: same token, same URL, later expiry', async () => {
    const first = (
      await call(served.url, '/api/quickbi/token', { worksId: 'dash-ops-0002' }, { user: 'bob' })
    ).json as EmbedTokenCredential;
    // The shared clock moves to 2 minutes before the 60-minute expiry.
    emulator.advanceClock(58 * 60_000);
    const renewed = (
      await call(served.url, '/api/quickbi/token', { worksId: 'dash-ops-0002' }, { user: 'bob' })
    ).json as EmbedTokenCredential;
    expect(renewed.accessToken).toBe(first.accessToken);
    expect(renewed.reportUrl).toBe(first.reportUrl);
    expect(renewed.expiresAt).toBeGreaterThan(first.expiresAt);
    expect(calls('CreateEmbedToken')).toBe(2);
    expect(served.events.some((e) => e.type === 'credential.renewed' && e.kind === 'token')).toBe(
      true,
    );
  });
});

describe('POST /ticket/renew and /ticket/info', () => {
  async function aliceTicket(): Promise<TicketCredential> {
    return (
      await call(
        served.url,
        '/api/quickbi/ticket',
        { worksId: 'dash-sales-0001' },
        { user: 'alice' },
      )
    ).json;
  }

  it('extends the same ticket in place (URL unchanged)', async () => {
    const ticket = await aliceTicket();
    emulator.advanceClock(50 * 60_000);
    const { status, json } = await call(
      served.url,
      '/api/quickbi/ticket/renew',
      { ticket: ticket.ticket },
      { user: 'alice' },
    );
    expect(status).toBe(200);
    const renewed = json as TicketCredential;
    expect(renewed.ticket).toBe(ticket.ticket);
    expect(renewed.reportUrl).toBe(ticket.reportUrl);
    expect(renewed.expiresAt).toBeGreaterThan(ticket.expiresAt);
    expect(calls('DelayTicketExpireTime')).toBe(1);
    expect(calls('UpdateTicketNum')).toBe(0);
    expect(calls('CreateTicket')).toBe(1);
  });

  it('tops the budget up when uses run low and the policy allows', async () => {
    const ticket = await aliceTicket();
    for (let i = 0; i < 3; i++) expect((await fetch(ticket.reportUrl)).status).toBe(200);
    const renewed = (
      await call(
        served.url,
        '/api/quickbi/ticket/renew',
        { ticket: ticket.ticket },
        { user: 'alice' },
      )
    ).json;
    expect(renewed.ticket).toBe(ticket.ticket);
    expect(renewed.usedUses).toBe(3);
    expect(renewed.maxUses).toBe(8);
    expect(calls('UpdateTicketNum')).toBe(1);
    expect((await testClient(emulator).queryTicketInfo({ ticket: ticket.ticket })).maxUses).toBe(8);
  });

  it('mints a new ticket under the same policy when the old one already expired', async () => {
    const ticket = await aliceTicket();
    emulator.advanceClock(61 * 60_000);
    const answer = await call(
      served.url,
      '/api/quickbi/ticket/renew',
      { ticket: ticket.ticket },
      { user: 'alice' },
    );
    expect(answer.status).toBe(200);
    const renewed = answer.json;
    expect(renewed.ticket).not.toBe(ticket.ticket);
    expect(renewed.reportUrl).not.toBe(ticket.reportUrl);
    expect(renewed.watermark).toBe('alice@example.com');
    const info = await testClient(emulator).queryTicketInfo({ ticket: renewed.ticket });
    expect(info.userId).toBe('user-alice-0001');
    expect(
      served.events.some((e) => e.type === 'credential.minted' && e.reason === 'expired'),
    ).toBe(true);
    // The replacement is what the next /ticket request shares (no second mint).
    const next = await call(
      served.url,
      '/api/quickbi/ticket',
      { worksId: 'dash-sales-0001' },
      { user: 'alice' },
    );
    expect(next.json.ticket).toBe(renewed.ticket);
    expect(next.json.usedUses).toBe(1);
  });

  it('stops at the policy renewal limit', async () => {
    const ticket = await aliceTicket();
    // Renewals a few seconds apart are separate extensions (within 5 s they would be one).
    for (let i = 0; i < 3; i++) {
      emulator.advanceClock(6_000);
      expect(
        (
          await call(
            served.url,
            '/api/quickbi/ticket/renew',
            { ticket: ticket.ticket },
            { user: 'alice' },
          )
        ).status,
      ).toBe(200);
    }
    emulator.advanceClock(6_000);
    const before = emulator.stats().totalCalls;
    const refused = await call(
      served.url,
      '/api/quickbi/ticket/renew',
      { ticket: ticket.ticket },
      { user: 'alice' },
    );
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe('FORBIDDEN');
    expect(emulator.stats().totalCalls).toBe(before);
  });

  it('answers ticket info for the owner', async () => {
    const ticket = await aliceTicket();
    await fetch(ticket.reportUrl);
    const { status, json } = await call(
      served.url,
      '/api/quickbi/ticket/info',
      { ticket: ticket.ticket },
      { user: 'alice' },
    );
    expect(status).toBe(200);
    const info = json as TicketInfo;
    expect(info).toMatchObject({
      ticket: ticket.ticket,
      worksId: 'dash-sales-0001',
      userId: 'user-alice-0001',
      maxUses: 5,
      usedUses: 1,
      watermark: 'alice@example.com',
      globalParam: USERS.alice?.globalParam,
    });
    expect(info.expiresAt).toBeLessThanOrEqual(ticket.expiresAt);
    expect(info.registeredAt).toBeTypeOf('number');
  });

  it("refuses another user's ticket for info and renew, with no upstream call", async () => {
    const ticket = await aliceTicket();
    const before = emulator.stats().totalCalls;
    for (const path of ['/api/quickbi/ticket/info', '/api/quickbi/ticket/renew']) {
      const { status, json } = await call(
        served.url,
        path,
        { ticket: ticket.ticket },
        { user: 'bob' },
      );
      expect(status).toBe(403);
      expect(json.error.code).toBe('TICKET_NOT_OWNED');
    }
    const unknown = await call(
      served.url,
      '/api/quickbi/ticket/info',
      { ticket: 'not-a-ticket-of-ours' },
      { user: 'alice' },
    );
    expect(unknown.status).toBe(403);
    expect(unknown.json.error.code).toBe('TICKET_NOT_OWNED');
    expect(emulator.stats().totalCalls).toBe(before);
  });

  it('does not extend a ticket whose policy changed; it mints one under the new policy', async () => {
    const ticket = await aliceTicket();
    const original = USERS.alice as QuickBIPolicy;
    USERS.alice = { ...original, watermark: 'alice (revised)' };
    try {
      const renewed = (
        await call(
          served.url,
          '/api/quickbi/ticket/renew',
          { ticket: ticket.ticket },
          { user: 'alice' },
        )
      ).json;
      expect(renewed.ticket).not.toBe(ticket.ticket);
      expect(renewed.watermark).toBe('alice (revised)');
      expect(calls('DelayTicketExpireTime')).toBe(0);
    } finally {
      USERS.alice = original;
    }
  });
});

describe('authorize', () => {
  it('401 when it throws, 403 when it returns null, 500 for an invalid policy; never an upstream call', async () => {
    expect(
      (await call(served.url, '/api/quickbi/ticket', { worksId: 'dash-sales-0001' })).json.error
        .code,
    ).toBe('UNAUTHORIZED');
    const stranger = await call(
      served.url,
      '/api/quickbi/ticket',
      { worksId: 'dash-sales-0001' },
      { user: 'mallory' },
    );
    expect(stranger.status).toBe(403);
    expect(stranger.json.error.code).toBe('FORBIDDEN');
    USERS.broken = { subject: 'app-user-broken', userId: 'u', watermark: 'x'.repeat(51) };
    try {
      const broken = await call(
        served.url,
        '/api/quickbi/ticket',
        { worksId: 'dash-sales-0001' },
        { user: 'broken' },
      );
      expect(broken.status).toBe(500);
      expect(broken.json.error.code).toBe('INTERNAL');
    } finally {
      delete USERS.broken;
    }
    expect(emulator.stats().totalCalls).toBe(0);
  });

  it('receives the report identity and the request', async () => {
    const seen: unknown[] = [];
    const handler = createQuickBIHandler({
      client: testClient(emulator),
      reportOrigin: emulator.reportOrigin,
      authorize: ({ request, ...rest }) => {
        seen.push({ ...rest, cookie: request.headers.get('cookie') });
        return { subject: 'app-user-bob', userId: 'user-bob-0002', cmptIds: ['cmpt-sales-kpi'] };
      },
    });
    const response = await handler(
      new Request('http://127.0.0.1/api/quickbi/ticket', {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: 'sid=1' },
        body: JSON.stringify({ worksId: 'dash-sales-0001', cmptId: 'cmpt-sales-kpi' }),
      }),
    );
    expect(response.status).toBe(200);
    expect(seen).toEqual([
      {
        worksId: 'dash-sales-0001',
        worksType: 'dashboard',
        cmptId: 'cmpt-sales-kpi',
        kind: 'ticket',
        cookie: 'sid=1',
      },
    ]);
  });

  it('is required, and a custom endpoint needs a reportOrigin', () => {
    const client = createQuickBIClient({
      accessKeyId: 'a',
      accessKeySecret: 'b',
      endpoint: emulator.endpoint,
    });
    // @ts-expect-error authorize is required
    expect(() => createQuickBIHandler({ client, reportOrigin: emulator.reportOrigin })).toThrow(
      /authorize/,
    );
    expect(() => createQuickBIHandler({ client, authorize: () => null })).toThrow(/reportOrigin/);
  });
});

describe('CORS', () => {
  const origin = 'http://app.example.test';

  it('answers a preflight from an allowed origin', async () => {
    const response = await fetch(served.url + '/api/quickbi/ticket', {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-quickbi-embed-contract',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(origin);
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    expect(response.headers.get('access-control-allow-headers')).toContain(
      'x-quickbi-embed-contract',
    );
  });

  it('echoes allowed origins on answers and refuses others', async () => {
    const ok = await call(
      served.url,
      '/api/quickbi/ticket',
      { worksId: 'dash-sales-0001' },
      { user: 'bob', headers: { origin } },
    );
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe(origin);
    const evil = await fetch(served.url + '/api/quickbi/ticket', {
      method: 'OPTIONS',
      headers: { origin: 'http://evil.example.test', 'access-control-request-method': 'POST' },
    });
    expect(evil.status).toBe(403);
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('compares scheme, host and port (a TLS proxy must be trusted: sameOrigin.test.ts)', async () => {
    const https = served.url.replace('http://', 'https://');
    const otherScheme = await call(
      served.url,
      '/api/quickbi/ticket',
      { worksId: 'dash-sales-0001' },
      { user: 'bob', headers: { origin: https } },
    );
    expect(otherScheme.status).toBe(403);
    const otherPort = await call(
      served.url,
      '/api/quickbi/ticket',
      { worksId: 'dash-sales-0001' },
      { user: 'bob', headers: { origin: 'http://127.0.0.1:1' } },
    );
    expect(otherPort.status).toBe(403);
  });

  it('allows the same origin by default', async () => {
    const same = await call(
      served.url,
      '/api/quickbi/ticket',
      { worksId: 'dash-sales-0001' },
      { user: 'bob', headers: { origin: served.url } },
    );
    expect(same.status).toBe(200);
  });
});

describe('store failures', () => {
  it('answers a store outage with its own 503 code and no upstream call', async () => {
    const { QuickBIEmbedError } = await import('@quickbi-embed/core');
    const down = () =>
      Promise.reject(
        new QuickBIEmbedError({ code: 'STORE_UNAVAILABLE', status: 503, message: 'store down' }),
      );
    const broken = await serveHandler(emulator, {
      store: {
        ...{ get: down, set: down, delete: down, increment: down, lock: down },
        ...{ indexAdd: down, indexMembers: down, indexRemove: down, update: down },
      },
    });
    try {
      const { status, json, headers } = await call(
        broken.url,
        '/api/quickbi/ticket',
        { worksId: 'dash-sales-0001' },
        { user: 'bob' },
      );
      expect(status).toBe(503);
      expect(json.error.code).toBe('STORE_UNAVAILABLE');
      expect(headers.get('retry-after')).toBe('1');
      expect(emulator.stats().totalCalls).toBe(0);
    } finally {
      await broken.stop();
    }
  });
});
