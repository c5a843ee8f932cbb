import { describe, expect, it } from 'vitest';
import { setupEmulator } from './support/emulatorFixture.js';

const MINUTE = 60_000;
const t = setupEmulator({ maxTokenCreatesPerWindow: 3 });

const create = (params: Record<string, string> = {}) =>
  t.call('CreateEmbedToken', { WorksId: 'dash-sales-0001', UserId: 'user-bob-0002', ...params });

async function tokenOf(call: ReturnType<typeof create>): Promise<string> {
  const r = await call;
  return String((r.json['Result'] as Record<string, unknown>)['AccessToken']);
}

describe('legacy token scheme (2021-03-25)', () => {
  it('CreateEmbedToken answers the seed shape; again within validity: same token, extended', async () => {
    const first = await create({ ExpireMin: '100' });
    expect(first.status, first.text).toBe(200);
    expect(first.json['Result']).toEqual({
      AccessToken: expect.stringMatching(/^[0-9a-f]{32}$/),
      TokeType: 4,
      InvalidTime: '2026-01-15 13:40:00',
      RegisterTime: '2026-01-15 12:00:00',
    });
    t.emulator.advanceClock(30 * MINUTE);
    const second = await create({ ExpireMin: '100' });
    const a = first.json['Result'] as Record<string, unknown>;
    const b = second.json['Result'] as Record<string, unknown>;
    expect(b['AccessToken']).toBe(a['AccessToken']);
    expect(b['InvalidTime']).toBe('2026-01-15 14:10:00');
    expect(b['RegisterTime']).toBe('2026-01-15 12:00:00');
    expect(t.emulator.stats()).toMatchObject({ tokensCreated: 1, tokensRenewed: 1 });
  });

  it('a new token after expiry; a different user gets a different token', async () => {
    const first = (await create({ ExpireMin: '10' })).json['Result'] as Record<string, unknown>;
    const other = (await create({ UserId: 'user-alice-0001' })).json['Result'] as Record<
      string,
      unknown
    >;
    expect(other['AccessToken']).not.toBe(first['AccessToken']);
    t.emulator.advanceClock(10 * MINUTE);
    const after = (await create({ ExpireMin: '10' })).json['Result'] as Record<string, unknown>;
    expect(after['AccessToken']).not.toBe(first['AccessToken']);
  });

  it('Authorize3Rd.Token.ToMuch past the configured count', async () => {
    for (let i = 0; i < 3; i++) expect((await create()).status).toBe(200);
    const r = await create();
    expect(r.status).toBe(500);
    expect(r.json['Code']).toBe('Authorize3Rd.Token.ToMuch');
    expect(String(r.json['Message'])).toContain(
      'There are too many valid tokens [dash-sales-0001]',
    );
  });

  it.each([
    [{ WorksId: 'nope' }, 'Report.NotExist.Error'],
    [{ WorksId: 'dash-private-0003' }, 'Access.ReportTree.Unauthorized'],
    [{ ExpireMin: '241' }, 'Invalid.Parameter.Error'],
    [{ ExpireMin: 'x' }, 'InvalidParameter'],
    [{ UserId: 'nobody' }, 'User.Not.In.Organization'],
    [{ WorksId: ' ' }, 'System.Param.Empty'],
  ])('CreateEmbedToken rejects %j (seed page: HTTP 500)', async (params, code) => {
    const r = await create(params);
    expect(r.json['Code']).toBe(code);
    expect(r.status).toBe(code === 'InvalidParameter' ? 400 : 500);
  });

  it('QueryEmbedTokenInfo, DelayEmbedToken, DeleteEmbedToken', async () => {
    const token = await tokenOf(create({ ExpireMin: '10' }));
    const info = await t.call('QueryEmbedTokenInfo', { Token: token });
    expect(info.json['Result']).toMatchObject({ AccessToken: token, TokeType: 4 });
    t.emulator.advanceClock(5 * MINUTE);
    expect(
      (await t.call('DelayEmbedToken', { Token: token, ExpireMin: '60' })).json['Result'],
    ).toBe(true);
    const delayed = (await t.call('QueryEmbedTokenInfo', { Token: token })).json['Result'];
    expect(delayed).toMatchObject({ InvalidTime: '2026-01-15 13:05:00' });
    expect((await t.call('DeleteEmbedToken', { Token: token })).json['Result']).toBe(true);
    const gone = await t.call('QueryEmbedTokenInfo', { Token: token });
    expect(gone.json).toMatchObject({
      Code: 'Authorize3Rd.Token.NotExist',
      Message: `The token [${token}] does not exist.`,
    });
  });

  it('expired tokens cannot be queried or delayed; pages show the error', async () => {
    const token = await tokenOf(create({ ExpireMin: '10' }));
    const page = `${t.emulator.reportOrigin}/token3rd/dashboard/view/pc.htm?pageId=dash-sales-0001&accessToken=${token}`;
    expect(await (await fetch(page)).text()).not.toContain('data-error-code');
    t.emulator.advanceClock(10 * MINUTE);
    expect((await t.call('QueryEmbedTokenInfo', { Token: token })).json['Code']).toBe(
      'Authorize3Rd.Token.NotExist',
    );
    expect((await t.call('DelayEmbedToken', { Token: token })).json['Code']).toBe(
      'Authorize3Rd.Token.NotExist',
    );
    expect(await (await fetch(page)).text()).toContain('data-error-code');
  });

  it('token actions do not exist in 2022-01-01 (gateway 404)', async () => {
    const r = await create({}).then(() =>
      t.call('CreateEmbedToken', { WorksId: 'dash-sales-0001' }, { version: '2022-01-01' }),
    );
    expect(r.status).toBe(404);
    expect(r.json['Code']).toBe('InvalidAction.NotFound');
  });
});
