import { describe, expect, it } from 'vitest';
import { setupEmulator } from './support/emulatorFixture.js';

const t = setupEmulator({ rateLimitPerSecond: 5 });

const control = async (path: string, body?: unknown) => {
  const res = await fetch(`${t.emulator.url}/__emulator/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & unknown[] };
};

const query = () => t.call('QueryTicketInfo', { Ticket: 'x' });

describe('control API', () => {
  it('GET works and users list the sample organisation', async () => {
    const works = (await control('works')).body as unknown as Array<{ worksId: string }>;
    expect(works.map((w) => w.worksId)).toEqual([
      'dash-sales-0001',
      'dash-ops-0002',
      'book-finance-0001',
      'screen-live-0001',
      'offline-export-0001',
      'dash-private-0003',
      'dash-draft-0004',
      'analysis-orders-0001',
      'form-orders-0001',
      'portal-sales-0001',
      'portal-ops-0002',
      'copilot-sales-0001',
    ]);
    const users = (await control('users')).body as unknown as Array<{ userId: string }>;
    expect(users.map((u) => u.userId)).toEqual([
      'user-alice-0001',
      'user-bob-0002',
      'user-carol-0003',
    ]);
  });

  it('GET stats counts calls per action, errors per code, tickets created', async () => {
    await t.call('CreateTicket', { WorksId: 'dash-sales-0001' });
    await t.call('CreateTicket', { WorksId: 'nope' });
    await query();
    const stats = (await control('stats')).body;
    expect(stats).toMatchObject({
      calls: { CreateTicket: 2, QueryTicketInfo: 1 },
      totalCalls: 3,
      errors: { 'Report.NotExist.Error': 1, 'Authorize3rdTicket.NotExist': 1 },
      ticketsCreated: 1,
    });
  });

  it('POST clock sets an absolute offset or advances; tickets expire with it', async () => {
    const created = await t.call('CreateTicket', { WorksId: 'dash-sales-0001', ExpireTime: '10' });
    const ticket = String(created.json['Result']);
    const before = t.emulator.now();
    expect((await control('clock', { offsetMs: 5 * 60_000 })).body).toMatchObject({
      offsetMs: 300_000,
    });
    expect((await control('clock', { advanceMs: 5 * 60_000 })).body).toMatchObject({
      offsetMs: 600_000,
    });
    expect(t.emulator.now() - before).toBe(600_000);
    const delay = await t.call('DelayTicketExpireTime', { Ticket: ticket, ExpireTime: '5' });
    expect(delay.json['Code']).toBe('Authorize3rdTicket.Expired');
    expect((await control('clock', { offsetMs: 'soon' })).status).toBe(400);
  });

  it('POST reset clears state, stats, faults and the clock', async () => {
    const ticket = String(
      (await t.call('CreateTicket', { WorksId: 'dash-sales-0001' })).json['Result'],
    );
    await control('faults', { action: 'QueryTicketInfo', status: 503, count: 5 });
    await control('clock', { offsetMs: 1000 });
    await t.call('UpdateEmbeddedStatus', {
      WorksId: 'dash-private-0003',
      ThirdPartAuthFlag: 'true',
    });
    expect((await control('reset', {})).status).toBe(200);
    expect(t.emulator.stats()).toMatchObject({ totalCalls: 0, ticketsCreated: 0 });
    expect((await control('clock')).body).toMatchObject({ offsetMs: 0 });
    expect((await t.call('QueryTicketInfo', { Ticket: ticket })).json['Code']).toBe(
      'Authorize3rdTicket.NotExist',
    );
    expect(t.emulator.works.find((w) => w.worksId === 'dash-private-0003')?.embedEnabled).toBe(
      false,
    );
  });

  it('rejects malformed faults and unknown routes', async () => {
    expect(
      (await control('faults', { action: 'CreateTicket', count: 0, status: 500 })).status,
    ).toBe(400);
    expect(
      (await control('faults', { action: 'CreateTicket', count: 1, status: 418 })).status,
    ).toBe(400);
    expect((await control('faults', { action: 'CreateTicket', count: 1 })).status).toBe(400);
    expect((await control('nothing')).status).toBe(404);
    const preflight = await fetch(`${t.emulator.url}/__emulator/stats`, { method: 'OPTIONS' });
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('faults', () => {
  it('5xx for the next n calls of the action, then normal', async () => {
    await control('faults', { action: 'QueryTicketInfo', status: 503, count: 2 });
    const a = await query();
    expect(a).toMatchObject({ status: 503, json: { Code: 'ServiceUnavailable' } });
    expect((await query()).status).toBe(503);
    expect((await query()).json['Code']).toBe('Authorize3rdTicket.NotExist');
    // Other actions are not affected.
    t.emulator.setFaults({ action: 'CreateTicket', status: 500, count: 1 });
    expect((await query()).status).toBe(400);
    expect((await t.call('CreateTicket', { WorksId: 'dash-sales-0001' })).json['Code']).toBe(
      'InternalError',
    );
    expect(t.emulator.stats()).toMatchObject({
      ticketsCreated: 0,
      errors: { ServiceUnavailable: 2, InternalError: 1 },
    });
  });

  it('502 and wildcard', async () => {
    t.emulator.setFaults({ action: '*', status: 502, count: 1 });
    expect((await t.call('CreateTicket', { WorksId: 'dash-sales-0001' })).status).toBe(502);
    expect((await t.call('CreateTicket', { WorksId: 'dash-sales-0001' })).status).toBe(200);
  });

  it('throttle answers Throttling with HTTP 400 and a rate-limit header', async () => {
    t.emulator.setFaults({ action: 'QueryTicketInfo', throttle: true, count: 1 });
    const r = await query();
    expect(r).toMatchObject({
      status: 400,
      json: { Code: 'Throttling', Message: 'Request was denied due to request throttling.' },
    });
    expect(r.headers.get('x-ratelimit-user-api')).toMatch(/TimeLeft:\d+/);
  });

  it('drop destroys the socket without an answer', async () => {
    t.emulator.setFaults({ action: 'QueryTicketInfo', drop: true, count: 1 });
    await expect(query()).rejects.toThrow();
    expect((await query()).json['Code']).toBe('Authorize3rdTicket.NotExist');
  });

  it('latency delays the answer (the call still succeeds)', async () => {
    t.emulator.setFaults({ action: 'QueryTicketInfo', latencyMs: 1000, count: 1 });
    let answered = false;
    const pending = query().then((r) => {
      answered = true;
      return r;
    });
    // A call to another action overtakes the delayed one.
    await t.call('CreateTicket', { WorksId: 'dash-sales-0001' });
    expect(answered).toBe(false);
    expect((await pending).json['Code']).toBe('Authorize3rdTicket.NotExist');
  });
});

describe('throttling at the configured rate', () => {
  it('the call past N per second of one action is throttled; other actions and the next second are not', async () => {
    for (let i = 0; i < 5; i++)
      expect((await query()).json['Code']).toBe('Authorize3rdTicket.NotExist');
    const sixth = await query();
    expect(sixth).toMatchObject({ status: 400, json: { Code: 'Throttling' } });
    expect(sixth.headers.get('x-ratelimit-user-api')).toContain('Limit:5');
    expect((await t.call('CreateTicket', { WorksId: 'dash-sales-0001' })).status).toBe(200);
    t.emulator.advanceClock(1000);
    expect((await query()).json['Code']).toBe('Authorize3rdTicket.NotExist');
  });
});
