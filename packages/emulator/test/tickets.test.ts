import { describe, expect, it } from 'vitest';
import { setupEmulator } from './support/emulatorFixture.js';

const MINUTE = 60_000;
const t = setupEmulator();

async function createTicket(params: Record<string, string> = {}) {
  const r = await t.call('CreateTicket', { WorksId: 'dash-sales-0001', ...params });
  expect(r.status, r.text).toBe(200);
  return String(r.json['Result']);
}

async function openPage(ticket: string, worksId = 'dash-sales-0001') {
  const res = await fetch(
    `${t.emulator.reportOrigin}/token3rd/dashboard/view/pc.htm?pageId=${worksId}&accessTicket=${ticket}`,
  );
  return res.text();
}

describe('CreateTicket / QueryTicketInfo', () => {
  it('creates a UUID-like ticket bound to works, user and params, readable by QueryTicketInfo', async () => {
    const globalParam =
      '[{"paramKey":"region","joinType":"and","conditionList":[{"operate":"=","value":"华东"}]}]';
    const ticket = await createTicket({
      UserId: 'user-bob-0002',
      TicketNum: '5',
      ExpireTime: '30',
      WatermarkParam: 'Bob 水印',
      GlobalParam: globalParam,
    });
    expect(ticket).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const r = await t.call('QueryTicketInfo', { Ticket: ticket });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ Success: true, RequestId: expect.any(String) });
    expect(r.json['Result']).toEqual({
      AccessTicket: ticket,
      CmptId: '',
      GlobalParam: globalParam,
      InvalidTime: '2026-01-15 12:30:00',
      MaxTicketNum: 5,
      OrganizationId: 'org-demo-0001',
      RegisterTime: '2026-01-15 12:00:00',
      UsedTicketNum: 0,
      UserId: 'user-bob-0002',
      WatermarkParam: 'Bob 水印',
      WorksId: 'dash-sales-0001',
    });
  });

  it('defaults: TicketNum 1, 240 minutes, the report owner', async () => {
    const ticket = await createTicket();
    const info = (await t.call('QueryTicketInfo', { Ticket: ticket })).json['Result'];
    expect(info).toMatchObject({
      MaxTicketNum: 1,
      InvalidTime: '2026-01-15 16:00:00',
      UserId: 'user-alice-0001',
    });
  });

  it('resolves the deprecated AccountName + AccountType', async () => {
    const ticket = await createTicket({ AccountName: 'demo:carol', AccountType: '5' });
    const info = (await t.call('QueryTicketInfo', { Ticket: ticket })).json['Result'];
    expect(info).toMatchObject({ UserId: 'user-carol-0003' });
  });

  it('binds a dashboard component', async () => {
    const ticket = await createTicket({ CmptId: 'cmpt-sales-chart' });
    const info = (await t.call('QueryTicketInfo', { Ticket: ticket })).json['Result'];
    expect(info).toMatchObject({ CmptId: 'cmpt-sales-chart' });
  });

  it.each([
    [
      { TicketNum: '0' },
      400,
      'Authorize3rdTicket.Num.Exceed',
      'The number of tickets 0 is invalid.',
    ],
    [{ TicketNum: '100000' }, 400, 'Authorize3rdTicket.Num.Exceed', undefined],
    [
      { TicketNum: 'abc' },
      400,
      'InvalidParameter',
      'The specified parameter "TicketNum" is not valid.',
    ],
    [{ ExpireTime: '241' }, 400, 'Invalid.Parameter.Error', 'The parameter is invalid:ExpireTime.'],
    [{ ExpireTime: '0' }, 400, 'Invalid.Parameter.Error', undefined],
    [{ WatermarkParam: 'x'.repeat(51) }, 400, 'Invalid.Parameter.Error', undefined],
    [
      { GlobalParam: '{"paramKey":"region"}' },
      400,
      'Invalid.Parameter.Error',
      "The parameter is invalid:exepct '['",
    ],
    [{ GlobalParam: '[{"paramKey":' }, 400, 'Invalid.Parameter.Error', undefined],
    [{ UserId: 'nobody' }, 400, 'User.Not.In.Organization', undefined],
    [{ AccountName: 'alice' }, 400, 'Invalid.Parameter.Error', undefined],
    [{ AccountName: 'zed', AccountType: '1' }, 400, 'ApiUser.Not.Exists', undefined],
    [{ AccountName: 'alice', AccountType: '2' }, 400, 'Invalid.Parameter.Error', undefined],
    [
      { WorksId: 'nope' },
      400,
      'Report.NotExist.Error',
      'This work does not exist. It may have been deleted. Work ID is nope.',
    ],
    [
      { WorksId: 'dash-private-0003' },
      400,
      'Access.ReportTree.Unauthorized',
      'The access report tree is not authorized.',
    ],
    [{ WorksId: 'dash-draft-0004' }, 400, 'Access.ReportTree.Unauthorized', undefined],
    [
      { WorksId: 'book-finance-0001', CmptId: 'cmpt-sales-chart' },
      400,
      'Invalid.Parameter.Error',
      undefined,
    ],
    [{ WorksId: '' }, 400, 'System.Param.Empty', 'You must specify the WorksId parameter.'],
  ])('rejects %j with %i %s', async (params, status, code, message) => {
    const r = await t.call('CreateTicket', { WorksId: 'dash-sales-0001', ...params });
    expect(r.status, r.text).toBe(status);
    expect(r.json).toMatchObject({
      Code: code,
      RequestId: expect.any(String),
      HostId: expect.any(String),
    });
    expect(String(r.json['Recommend'])).toContain(code);
    if (message) expect(r.json['Message']).toBe(message);
    expect(t.emulator.stats().ticketsCreated).toBe(0);
  });

  it('MissingParameter when WorksId is absent', async () => {
    const r = await t.call('CreateTicket', {});
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ Code: 'MissingParameter' });
    expect(String(r.json['Message'])).toContain('"WorksId"');
  });

  it('QueryTicketInfo on an unknown ticket', async () => {
    const r = await t.call('QueryTicketInfo', { Ticket: 'nope' });
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({
      Code: 'Authorize3rdTicket.NotExist',
      Message: 'Ticket nope does not exist.',
    });
  });
});

describe('uses, expiry and in-place edits', () => {
  it('each page load consumes one use; the last one is refused with AE0130010026', async () => {
    const ticket = await createTicket({ TicketNum: '2' });
    expect(await openPage(ticket)).not.toContain('data-error-code');
    expect(await openPage(ticket)).not.toContain('data-error-code');
    const third = await openPage(ticket);
    expect(third).toContain(
      'AE0130010026 There is no ticket number left, please generate new ticket',
    );
    const info = (await t.call('QueryTicketInfo', { Ticket: ticket })).json['Result'];
    expect(info).toMatchObject({ UsedTicketNum: 2, MaxTicketNum: 2 });
    expect(t.emulator.stats()).toMatchObject({ pageLoads: 2, pageErrors: 1, usesConsumed: 2 });
    expect(t.emulator.stats().ticketUses[ticket]).toBe(2);
  });

  it('a ticket opens only its own works', async () => {
    const ticket = await createTicket();
    expect(await openPage(ticket, 'dash-ops-0002')).toContain(
      'The report bound by ticket mismatch the actual report',
    );
    const info = (await t.call('QueryTicketInfo', { Ticket: ticket })).json['Result'];
    expect(info).toMatchObject({ UsedTicketNum: 0 });
  });

  it('UpdateTicketNum sets MaxTicketNum (setMax default) in place', async () => {
    const ticket = await createTicket();
    await openPage(ticket);
    const r = await t.call('UpdateTicketNum', { Ticket: ticket, TicketNum: '3' });
    expect(r.json).toMatchObject({ Result: true, Success: true });
    const info = (await t.call('QueryTicketInfo', { Ticket: ticket })).json['Result'];
    expect(info).toMatchObject({ MaxTicketNum: 3, UsedTicketNum: 1, AccessTicket: ticket });
    expect(await openPage(ticket)).not.toContain('data-error-code');
  });

  it.each([
    ['0', 'Authorize3rdTicket.Num.Exceed'],
    ['99999', 'Authorize3rdTicket.Num.Exceed'],
    ['x', 'InvalidParameter'],
  ])('UpdateTicketNum rejects TicketNum=%s', async (value, code) => {
    const ticket = await createTicket();
    const r = await t.call('UpdateTicketNum', { Ticket: ticket, TicketNum: value });
    expect(r.json['Code']).toBe(code);
  });

  it('DelayTicketExpireTime extends from now (default) while valid', async () => {
    const ticket = await createTicket({ ExpireTime: '10' });
    t.emulator.advanceClock(5 * MINUTE);
    const r = await t.call('DelayTicketExpireTime', { Ticket: ticket, ExpireTime: '60' });
    expect(r.json).toMatchObject({ Result: true });
    const info = (await t.call('QueryTicketInfo', { Ticket: ticket })).json['Result'];
    expect(info).toMatchObject({ InvalidTime: '2026-01-15 13:05:00' });
  });

  it('an expired ticket cannot be delayed, topped up or opened', async () => {
    const ticket = await createTicket({ ExpireTime: '10', TicketNum: '5' });
    t.emulator.advanceClock(10 * MINUTE);
    const delay = await t.call('DelayTicketExpireTime', { Ticket: ticket, ExpireTime: '60' });
    expect(delay.status).toBe(400);
    expect(delay.json).toMatchObject({
      Code: 'Authorize3rdTicket.Expired',
      Message: `Ticket [${ticket}] has expired.`,
    });
    const update = await t.call('UpdateTicketNum', { Ticket: ticket, TicketNum: '9' });
    expect(update.json['Code']).toBe('Authorize3rdTicket.Expired');
    expect(await openPage(ticket)).toContain(`Ticket[${ticket}]has expired`);
  });

  it('DelayTicketExpireTime validates ExpireTime 0..240', async () => {
    const ticket = await createTicket();
    expect(
      (await t.call('DelayTicketExpireTime', { Ticket: ticket, ExpireTime: '241' })).json['Code'],
    ).toBe('Invalid.Parameter.Error');
    expect(
      (await t.call('DelayTicketExpireTime', { Ticket: ticket, ExpireTime: '-1' })).json['Code'],
    ).toBe('Invalid.Parameter.Error');
    expect((await t.call('DelayTicketExpireTime', { Ticket: ticket })).json['Code']).toBe(
      'MissingParameter',
    );
    expect(
      (await t.call('DelayTicketExpireTime', { Ticket: ticket, ExpireTime: '0' })).json['Result'],
    ).toBe(true);
  });

  it('DeleteTicket removes the ticket; its page then shows not exist', async () => {
    const ticket = await createTicket();
    expect((await t.call('DeleteTicket', { Ticket: ticket })).json['Result']).toBe(true);
    expect((await t.call('DeleteTicket', { Ticket: ticket })).json['Code']).toBe(
      'Authorize3rdTicket.NotExist',
    );
    expect(await openPage(ticket)).toContain(`Ticket[${ticket}]not exist`);
  });
});

describe('embedding status', () => {
  it('QueryEmbeddedStatus and UpdateEmbeddedStatus toggle a works', async () => {
    expect(
      (await t.call('QueryEmbeddedStatus', { WorksId: 'dash-private-0003' })).json['Result'],
    ).toBe(false);
    const r = await t.call('UpdateEmbeddedStatus', {
      WorksId: 'dash-private-0003,dash-ops-0002',
      ThirdPartAuthFlag: 'true',
    });
    expect(r.json).toMatchObject({ Result: 2, Success: true });
    expect(
      (await t.call('QueryEmbeddedStatus', { WorksId: 'dash-private-0003' })).json['Result'],
    ).toBe(true);
    await createTicket({ WorksId: 'dash-private-0003' });
    expect(t.emulator.works.find((w) => w.worksId === 'dash-private-0003')?.embedEnabled).toBe(
      true,
    );
  });

  it('errors', async () => {
    expect((await t.call('QueryEmbeddedStatus', { WorksId: 'nope' })).json['Code']).toBe(
      'Report.NotExist.Error',
    );
    const bad = await t.call('UpdateEmbeddedStatus', {
      WorksId: 'dash-ops-0002',
      ThirdPartAuthFlag: 'yes',
    });
    expect(bad.json['Code']).toBe('InvalidParameter');
    const unknown = await t.call('UpdateEmbeddedStatus', {
      WorksId: 'dash-ops-0002,nope',
      ThirdPartAuthFlag: 'false',
    });
    expect(unknown.json['Code']).toBe('Report.NotExist.Error');
    expect((await t.call('QueryEmbeddedStatus', { WorksId: 'dash-ops-0002' })).json['Result']).toBe(
      true,
    );
  });
});
