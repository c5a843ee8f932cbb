/**
 * Smart Q and inventory actions over signed HTTP: CreateTicket4Copilot, QueryEmbeddedInfo,
 * GetWorksEmbedList, ListPortalMenus, with their documented parameters, limits and shapes.
 */
import { describe, expect, it } from 'vitest';
import { setupEmulator } from './support/emulatorFixture.js';

const t = setupEmulator({ rateLimitPerSecond: 0 });

interface EmbedInfo {
  EmbeddedCount: number;
  MaxCount: number;
  Detail: Record<string, number>;
}
interface EmbedList {
  Data: Array<{ WorksId: string } & Record<string, unknown>>;
  PageNo: number;
  PageSize: number;
  TotalNum: number;
  TotalPages: number;
}
interface Menu {
  menuId: string;
  children?: Menu[];
  [field: string]: unknown;
}

const ok = async (action: string, params: Record<string, string> = {}) => {
  const { status, json } = await t.call(action, params);
  expect(status, JSON.stringify(json)).toBe(200);
  expect(json['Success']).toBe(true);
  return json['Result'];
};
const code = async (action: string, params: Record<string, string> = {}) => {
  const { status, json } = await t.call(action, params);
  return { status, code: json['Code'] };
};

describe('CreateTicket4Copilot', () => {
  it('issues a ticket for a Smart Q module, bound to the user, default 1 use and 240 minutes', async () => {
    const ticket = String(
      await ok('CreateTicket4Copilot', {
        CopilotId: 'copilot-sales-0001',
        UserId: 'user-bob-0002',
      }),
    );
    expect(ticket).toMatch(/^[0-9a-f-]{36}$/);
    const info = (await ok('QueryTicketInfo', { Ticket: ticket })) as Record<string, unknown>;
    expect(info).toMatchObject({
      WorksId: 'copilot-sales-0001',
      UserId: 'user-bob-0002',
      MaxTicketNum: 1,
      UsedTicketNum: 0,
    });
    const minutes =
      (Date.parse(String(info['InvalidTime']).replace(' ', 'T') + '+08:00') -
        Date.parse(String(info['RegisterTime']).replace(' ', 'T') + '+08:00')) /
      60_000;
    expect(minutes).toBe(240);
  });

  it('enforces the documented limits: TicketNum 1..99999, ExpireTime ≤ 240, AccountType', async () => {
    const base = { CopilotId: 'copilot-sales-0001' };
    expect(await code('CreateTicket4Copilot', { ...base, TicketNum: '100000' })).toMatchObject({
      status: 400,
      code: 'Authorize3rdTicket.Num.Exceed',
    });
    expect((await code('CreateTicket4Copilot', { ...base, ExpireTime: '241' })).code).toBe(
      'Invalid.Parameter.Error',
    );
    expect((await code('CreateTicket4Copilot', { ...base, AccountName: 'bob' })).code).toBe(
      'Invalid.Parameter.Error',
    );
    expect(
      await ok('CreateTicket4Copilot', { ...base, AccountName: 'bob', AccountType: '1' }),
    ).toEqual(expect.any(String));
    expect((await code('CreateTicket4Copilot', {})).code).toBe('MissingParameter');
  });

  it('refuses report ids, and CreateTicket refuses a Smart Q id', async () => {
    expect((await code('CreateTicket4Copilot', { CopilotId: 'dash-sales-0001' })).code).toBe(
      'Invalid.Parameter.Error',
    );
    expect((await code('CreateTicket', { WorksId: 'copilot-sales-0001' })).code).toBe(
      'Report.NotExist.Error',
    );
  });

  it('is a 2022-01-01 action only', async () => {
    const { status, json } = await t.call(
      'CreateTicket4Copilot',
      { CopilotId: 'copilot-sales-0001' },
      { version: '2021-03-25' },
    );
    expect([status, json['Code']]).toEqual([404, 'InvalidAction.NotFound']);
  });
});

describe('QueryEmbeddedInfo', () => {
  it('counts embedded works per kind against the quota, and follows UpdateEmbeddedStatus', async () => {
    const before = (await ok('QueryEmbeddedInfo')) as EmbedInfo;
    // Sample org: 2 dashboards, 1 workbook, 1 screen, 1 download, 1 ad hoc, 1 form embedded.
    expect(before).toEqual({
      EmbeddedCount: 7,
      MaxCount: 100,
      Detail: { Page: 2, Report: 1, DashboardOfflineQuery: 1 },
    });
    await ok('UpdateEmbeddedStatus', { WorksId: 'dash-ops-0002', ThirdPartAuthFlag: 'false' });
    const after = (await ok('QueryEmbeddedInfo')) as EmbedInfo;
    expect(after['EmbeddedCount']).toBe(6);
    expect(after['Detail']['Page']).toBe(1);
  });
});

describe('GetWorksEmbedList', () => {
  it('pages embedded works with the documented defaults and shape', async () => {
    const all = (await ok('GetWorksEmbedList')) as EmbedList;
    expect(all).toMatchObject({ PageNo: 1, PageSize: 10, TotalNum: 7, TotalPages: 1 });
    expect(all['Data'][0]).toEqual({
      WorksId: 'dash-sales-0001',
      WorksName: 'Sales overview',
      WorksType: 'page',
      WorkspaceId: 'ws-demo-0001',
      EmbedTime: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
    });
    const ids = (all['Data'] as Array<{ WorksId: string }>).map((w) => w.WorksId);
    expect(ids).not.toContain('dash-private-0003');
    expect(ids).not.toContain('dash-draft-0004');
    expect(ids).not.toContain('copilot-sales-0001');

    const page2 = (await ok('GetWorksEmbedList', { PageNo: '2', PageSize: '3' })) as EmbedList;
    expect(page2).toMatchObject({ PageNo: 2, PageSize: 3, TotalNum: 7, TotalPages: 3 });
    expect((page2['Data'] as unknown[]).length).toBe(3);
  });

  it('filters by WorksType wire names, Keyword (fuzzy) and WsId', async () => {
    const types = async (worksType: string) =>
      ((await ok('GetWorksEmbedList', { WorksType: worksType })) as EmbedList)['Data'].map(
        (w: { WorksId: string }) => w.WorksId,
      );
    expect(await types('ANALYSIS')).toEqual(['analysis-orders-0001']);
    expect(await types('dataForm')).toEqual(['form-orders-0001']);
    expect(await types('screen')).toEqual(['screen-live-0001']);
    const keyword = (await ok('GetWorksEmbedList', { Keyword: 'finance' })) as EmbedList;
    expect(keyword['Data'].map((w: { WorksId: string }) => w.WorksId)).toEqual([
      'book-finance-0001',
    ]);
    const other = (await ok('GetWorksEmbedList', { WsId: 'ws-other' })) as EmbedList;
    expect(other).toMatchObject({ TotalNum: 0, TotalPages: 0, Data: [] });
  });

  it('refuses an unknown WorksType and non-positive paging', async () => {
    expect((await code('GetWorksEmbedList', { WorksType: 'dashboard' })).code).toBe(
      'Invalid.Parameter.Error',
    );
    expect((await code('GetWorksEmbedList', { PageNo: '0' })).code).toBe('Invalid.Parameter.Error');
    expect((await code('GetWorksEmbedList', { PageSize: 'ten' })).code).toBe('InvalidParameter');
  });
});

describe('ListPortalMenus', () => {
  const menus = async (params: Record<string, string>) =>
    JSON.parse(String(await ok('ListPortalMenus', params))) as Menu[];

  it('answers the menu tree as a JSON string with the documented fields', async () => {
    const tree = await menus({ DataPortalId: 'portal-sales-0001' });
    expect(tree.map((m) => m['menuId'])).toEqual(['menu-reports', 'menu-export', 'menu-help']);
    expect(tree[0]).toMatchObject({
      menuType: 4,
      showOnlyWithAccess: false,
      dependentPermisson: true,
    });
    expect(tree[0]?.children?.[0]).toEqual({
      menuId: 'menu-sales',
      menuName: 'Sales overview',
      menuType: 0,
      showOnlyWithAccess: false,
      dependentPermisson: true,
      uri: 'dash-sales-0001',
    });
  });

  it('with a UserId lists only the menus that user may see', async () => {
    const ids = (tree: Menu[]): string[] =>
      tree.flatMap((m) => [m.menuId, ...(m.children ? ids(m.children) : [])]);
    expect(
      ids(await menus({ DataPortalId: 'portal-sales-0001', UserId: 'user-alice-0001' })),
    ).toContain('menu-finance');
    expect(
      ids(await menus({ DataPortalId: 'portal-sales-0001', UserId: 'user-bob-0002' })),
    ).not.toContain('menu-finance');
    expect(
      (await code('ListPortalMenus', { DataPortalId: 'portal-sales-0001', UserId: 'ghost' })).code,
    ).toBe('User.Not.In.Organization');
  });

  it('refuses an id that is not a portal and a missing DataPortalId', async () => {
    expect((await code('ListPortalMenus', { DataPortalId: 'dash-sales-0001' })).code).toBe(
      'Invalid.Parameter.Error',
    );
    expect((await code('ListPortalMenus')).code).toBe('MissingParameter');
  });
});

describe('business-error faults', () => {
  const DOCUMENTED = [
    ['Instance.Expired', 'Your instance has expired.'],
    ['Instance.Not.Exist', 'The specified instance does not exist.'],
    ['NoPermissionTo.Operate.Object', 'You are not authorized to operate the objects.'],
    [
      'Access.Forbidden',
      'Access forbidden. Your instance version or access key is not allowed to call the API operation.',
    ],
    ['Authorize3rdTicket.HasNo.LoginToken', 'The request [dash-sales-0001] has no token.'],
  ] as const;

  it.each(DOCUMENTED)(
    'answers %s by code, with its documented text, once',
    async (faultCode, message) => {
      t.emulator.setFaults({ action: 'CreateTicket', code: faultCode, count: 1 });
      const first = await t.call('CreateTicket', { WorksId: 'dash-sales-0001' });
      expect([first.status, first.json['Code'], first.json['Message']]).toEqual([
        400,
        faultCode,
        message,
      ]);
      expect((await t.call('CreateTicket', { WorksId: 'dash-sales-0001' })).status).toBe(200);
      expect(t.emulator.stats().ticketsCreated).toBe(1);
    },
  );

  it('is settable over the control API, uses the 2021 status on 2021 actions, and refuses unknown codes', async () => {
    const post = (body: unknown) =>
      fetch(`${t.emulator.url}/__emulator/faults`, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json' },
      });
    expect(
      (await post({ action: 'CreateEmbedToken', code: 'Instance.Expired', count: 1 })).status,
    ).toBe(200);
    const token = await t.call('CreateEmbedToken', { WorksId: 'dash-sales-0001' });
    expect([token.status, token.json['Code']]).toEqual([500, 'Instance.Expired']);
    expect((await post({ action: 'CreateTicket', code: 'Made.Up', count: 1 })).status).toBe(400);
  });

  it('still checks the signature first: a bad signature is not masked by the fault', async () => {
    t.emulator.setFaults({ action: 'CreateTicket', code: 'Instance.Expired', count: 1 });
    const bad = await t.call(
      'CreateTicket',
      { WorksId: 'dash-sales-0001' },
      { key: { accessKeyId: 'LTAI-emulator-default', accessKeySecret: 'wrong' } },
    );
    expect(bad.json['Code']).toBe('SignatureDoesNotMatch');
  });
});
