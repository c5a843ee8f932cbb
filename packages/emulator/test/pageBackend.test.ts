import { describe, expect, it } from 'vitest';
import type { PageRequest } from '../src/index.js';
import { setupEmulator } from './support/emulatorFixture.js';

const MINUTE = 60_000;
const t = setupEmulator();

const ticketFor = async (params: Record<string, string>) => {
  const r = await t.call('CreateTicket', params);
  expect(r.status, r.text).toBe(200);
  return String(r.json['Result']);
};

const request = (over: Partial<PageRequest>): PageRequest => ({
  worksType: 'dashboard',
  worksId: 'dash-sales-0001',
  cmptId: null,
  accessTicket: null,
  accessToken: null,
  ...over,
});

describe('PageBackend (emulator.backend)', () => {
  it('openPage consumes a use and carries the ticket bindings; refreshView consumes nothing', async () => {
    const globalParam =
      '[{"paramKey":"region","joinType":"and","conditionList":[{"operate":"=","value":"华北"}]}]';
    const ticket = await ticketFor({
      WorksId: 'dash-sales-0001',
      TicketNum: '2',
      UserId: 'user-bob-0002',
      WatermarkParam: 'bob',
      GlobalParam: globalParam,
      ExpireTime: '10',
    });
    const access = t.emulator.backend.openPage(request({ accessTicket: ticket }));
    expect(access).toMatchObject({
      ok: true,
      kind: 'ticket',
      userId: 'user-bob-0002',
      watermark: 'bob',
      globalParam: JSON.parse(globalParam),
      expiresAt: t.emulator.now() + 10 * MINUTE,
      cmptId: null,
    });
    if (!access.ok) throw new Error('expected ok');
    expect(access.works.worksId).toBe('dash-sales-0001');
    for (let i = 0; i < 3; i++) expect(t.emulator.backend.refreshView(access.viewId).ok).toBe(true);
    expect(t.emulator.stats()).toMatchObject({ usesConsumed: 1, refreshes: 3, pageLoads: 1 });

    t.emulator.advanceClock(10 * MINUTE);
    expect(t.emulator.backend.refreshView(access.viewId)).toEqual({
      ok: false,
      code: 'Authorize3rdTicket.Expired',
      message: `Ticket[${ticket}]has expired`,
    });
  });

  it('a delay keeps an open view alive past its original expiry', async () => {
    const ticket = await ticketFor({ WorksId: 'dash-sales-0001', ExpireTime: '10' });
    const access = t.emulator.backend.openPage(request({ accessTicket: ticket }));
    if (!access.ok) throw new Error('expected ok');
    t.emulator.advanceClock(9 * MINUTE);
    await t.call('DelayTicketExpireTime', { Ticket: ticket, ExpireTime: '10' });
    t.emulator.advanceClock(5 * MINUTE);
    expect(t.emulator.backend.refreshView(access.viewId).ok).toBe(true);
  });

  it('deleted ticket: refresh shows not exist', async () => {
    const ticket = await ticketFor({ WorksId: 'dash-sales-0001' });
    const access = t.emulator.backend.openPage(request({ accessTicket: ticket }));
    if (!access.ok) throw new Error('expected ok');
    await t.call('DeleteTicket', { Ticket: ticket });
    expect(t.emulator.backend.refreshView(access.viewId)).toMatchObject({
      ok: false,
      code: 'Authorize3rdTicket.NotExist',
      message: `Ticket[${ticket}]not exist`,
    });
  });

  it('component binding and works mismatches, consuming nothing', async () => {
    const ticket = await ticketFor({
      WorksId: 'dash-sales-0001',
      CmptId: 'cmpt-sales-kpi',
      TicketNum: '5',
    });
    const mismatch = { ok: false, code: 'Authorize3rdTicket.BindedWorks.Mismatch' };
    expect(
      t.emulator.backend.openPage(request({ accessTicket: ticket, cmptId: 'cmpt-sales-table' })),
    ).toMatchObject(mismatch);
    expect(
      t.emulator.backend.openPage(request({ accessTicket: ticket, worksId: 'dash-ops-0002' })),
    ).toMatchObject(mismatch);
    expect(
      t.emulator.backend.openPage(request({ accessTicket: ticket, worksType: 'workbook' })),
    ).toMatchObject(mismatch);
    expect(
      t.emulator.backend.openPage(request({ accessTicket: ticket, worksId: null })),
    ).toMatchObject(mismatch);
    expect(t.emulator.stats().usesConsumed).toBe(0);
    expect(t.emulator.backend.openPage(request({ accessTicket: ticket }))).toMatchObject({
      ok: true,
      cmptId: 'cmpt-sales-kpi',
    });
    const whole = await ticketFor({ WorksId: 'dash-sales-0001' });
    expect(
      t.emulator.backend.openPage(request({ accessTicket: whole, cmptId: 'cmpt-nope' })),
    ).toMatchObject(mismatch);
  });

  it('no credential, unknown ticket, embedding switched off after issue', async () => {
    expect(t.emulator.backend.openPage(request({}))).toMatchObject({
      ok: false,
      code: 'Authorize3rdTicket.HasNo.LoginToken',
    });
    expect(t.emulator.backend.openPage(request({ accessTicket: 'nope' }))).toEqual({
      ok: false,
      code: 'Authorize3rdTicket.NotExist',
      message: 'Ticket[nope]not exist',
    });
    const ticket = await ticketFor({ WorksId: 'dash-ops-0002' });
    await t.call('UpdateEmbeddedStatus', { WorksId: 'dash-ops-0002', ThirdPartAuthFlag: 'false' });
    expect(
      t.emulator.backend.openPage(request({ accessTicket: ticket, worksId: 'dash-ops-0002' })),
    ).toMatchObject({
      ok: false,
      code: 'Access.ReportTree.Unauthorized',
    });
  });

  it('workbook, data screen and self-service download tickets open their own page types', async () => {
    for (const [worksId, worksType] of [
      ['book-finance-0001', 'workbook'],
      ['screen-live-0001', 'dataScreen'],
      ['offline-export-0001', 'selfServiceDownload'],
    ] as const) {
      const ticket = await ticketFor({ WorksId: worksId });
      expect(
        t.emulator.backend.openPage(request({ accessTicket: ticket, worksId, worksType })),
      ).toMatchObject({ ok: true });
    }
  });

  it('token views: open without consuming, expire with the token', async () => {
    const r = await t.call('CreateEmbedToken', { WorksId: 'dash-sales-0001', ExpireMin: '10' });
    const token = String((r.json['Result'] as Record<string, unknown>)['AccessToken']);
    const access = t.emulator.backend.openPage(request({ accessToken: token }));
    expect(access).toMatchObject({ ok: true, kind: 'token', userId: 'user-alice-0001' });
    if (!access.ok) throw new Error('expected ok');
    expect(t.emulator.backend.openPage(request({ accessToken: token })).ok).toBe(true);
    t.emulator.advanceClock(10 * MINUTE);
    expect(t.emulator.backend.refreshView(access.viewId)).toMatchObject({
      ok: false,
      code: 'Authorize3Rd.Token.NotExist',
    });
    expect(t.emulator.backend.now()).toBe(t.emulator.now());
  });
});
