import { afterAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_ACCESS_KEY,
  createEmulator,
  startEmulator,
  type Emulator,
  type EmulatorLogEntry,
  type EmulatorOptions,
} from '../src/index.js';
import { BASE_TIME } from './support/emulatorFixture.js';
import { createTestClient } from './support/signingClient.js';

const MINUTE = 60_000;
const started: Emulator[] = [];
afterAll(() => Promise.all(started.map((e) => e.stop())));

async function start(options: EmulatorOptions) {
  const emulator = await startEmulator({ now: () => BASE_TIME, ...options });
  started.push(emulator);
  const call = createTestClient(emulator.endpoint, {
    key: options.accessKeys?.[0] ?? DEFAULT_ACCESS_KEY,
    now: () => emulator.now(),
  });
  const ticket = async (params: Record<string, string> = {}) =>
    String((await call('CreateTicket', { WorksId: 'dash-sales-0001', ...params })).json['Result']);
  const info = async (value: string) =>
    (await call('QueryTicketInfo', { Ticket: value })).json['Result'] as Record<string, unknown>;
  return { emulator, call, ticket, info };
}

describe('options', () => {
  it('timeZone renders InvalidTime/RegisterTime in that zone', async () => {
    const { ticket, info } = await start({ timeZone: '-05:30' });
    expect(await info(await ticket({ ExpireTime: '1' }))).toMatchObject({
      RegisterTime: '2026-01-14 22:30:00',
      InvalidTime: '2026-01-14 22:31:00',
    });
    await expect(startEmulator({ timeZone: 'Asia/Shanghai' })).rejects.toThrow(TypeError);
  });

  it("ticketExtendFrom 'invalidTime' and updateTicketNumMode 'addRemaining'", async () => {
    const { emulator, call, ticket, info } = await start({
      ticketExtendFrom: 'invalidTime',
      updateTicketNumMode: 'addRemaining',
    });
    const value = await ticket({ ExpireTime: '10', TicketNum: '3' });
    emulator.backend.openPage({
      worksType: 'dashboard',
      worksId: 'dash-sales-0001',
      cmptId: null,
      accessTicket: value,
      accessToken: null,
    });
    await call('DelayTicketExpireTime', { Ticket: value, ExpireTime: '30' });
    await call('UpdateTicketNum', { Ticket: value, TicketNum: '5' });
    expect(await info(value)).toMatchObject({
      InvalidTime: '2026-01-15 12:40:00',
      UsedTicketNum: 1,
      MaxTicketNum: 6,
    });
  });

  it("tokenExtendFrom 'invalidTime' extends on top of the current expiry", async () => {
    const { emulator, call } = await start({ tokenExtendFrom: 'invalidTime' });
    await call('CreateEmbedToken', { WorksId: 'dash-sales-0001', ExpireMin: '60' });
    emulator.advanceClock(10 * MINUTE);
    const again = await call('CreateEmbedToken', { WorksId: 'dash-sales-0001', ExpireMin: '60' });
    expect(again.json['Result']).toMatchObject({ InvalidTime: '2026-01-15 14:00:00' });
  });

  it("postHeightOn: 'dashboards' by default; a bad value is a TypeError naming the option", async () => {
    const { emulator } = await start({});
    expect(
      (await (await fetch(`${emulator.url}/__emulator/options`)).json()) as object,
    ).toMatchObject({ postHeightOn: 'dashboards' });
    const all = await start({ postHeightOn: 'all' });
    expect(
      (await (await fetch(`${all.emulator.url}/__emulator/options`)).json()) as object,
    ).toMatchObject({ postHeightOn: 'all' });
    const bad = { postHeightOn: 'dashboard' } as unknown as EmulatorOptions;
    await expect(startEmulator(bad)).rejects.toThrow(TypeError);
    await expect(startEmulator(bad)).rejects.toThrow(
      'postHeightOn must be one of dashboards, reports, all, got "dashboard"',
    );
    expect(() => createEmulator(bad)).toThrow(/^postHeightOn must be one of/);
  });

  it('errorStatus and maxExpireMinutes', async () => {
    const { call, ticket, info } = await start({ errorStatus: 409, maxExpireMinutes: 600 });
    expect(await info(await ticket({ ExpireTime: '600' }))).toMatchObject({
      InvalidTime: '2026-01-15 22:00:00',
    });
    expect((await call('QueryTicketInfo', { Ticket: 'x' })).status).toBe(409);
    expect((await call('QueryEmbedTokenInfo', { Token: 'x' })).status).toBe(409);
    const perVersion = await start({ errorStatus: { '2021-03-25': 400 } });
    expect((await perVersion.call('QueryEmbedTokenInfo', { Token: 'x' })).status).toBe(400);
    expect((await perVersion.call('QueryTicketInfo', { Ticket: 'x' })).status).toBe(400);
  });

  it('custom works and users replace the sample organisation', async () => {
    const { emulator, call } = await start({
      organizationId: 'org-x',
      works: [
        {
          worksId: 'w-1',
          name: 'One',
          worksType: 'dashboard',
          published: true,
          embedEnabled: true,
          components: [],
          globalParamKeys: [],
          workspaceId: 'ws',
          ownerUserId: 'u-1',
        },
      ],
      users: [{ userId: 'u-1', accountName: 'one', accountType: 3, nickName: 'One' }],
    });
    expect(emulator.works.map((w) => w.worksId)).toEqual(['w-1']);
    expect((await call('CreateTicket', { WorksId: 'dash-sales-0001' })).json['Code']).toBe(
      'Report.NotExist.Error',
    );
    const r = await call('CreateTicket', { WorksId: 'w-1', AccountName: 'one', AccountType: '3' });
    const info = await call('QueryTicketInfo', { Ticket: String(r.json['Result']) });
    expect(info.json['Result']).toMatchObject({ UserId: 'u-1', OrganizationId: 'org-x' });
  });

  it('the logger gets one entry per call and never a secret', async () => {
    const entries: EmulatorLogEntry[] = [];
    const key = {
      accessKeyId: 'log-id',
      accessKeySecret: 'log-secret-123',
      securityToken: 'log-sts-456',
    };
    const { call } = await start({ accessKeys: [key], logger: (e) => entries.push(e) });
    await call('CreateTicket', { WorksId: 'dash-sales-0001' });
    await call('CreateTicket', { WorksId: 'nope' });
    await call(
      'CreateTicket',
      { WorksId: 'dash-sales-0001' },
      { key: { ...key, accessKeySecret: 'bad' } },
    );
    expect(entries.map((e) => e.code ?? 'ok')).toEqual([
      'ok',
      'Report.NotExist.Error',
      'SignatureDoesNotMatch',
    ]);
    const text = JSON.stringify(entries);
    expect(text).not.toContain('log-secret-123');
    expect(text).not.toContain('log-sts-456');
  });

  it('rateLimitPerSecond 0 turns throttling off', async () => {
    const { call } = await start({ rateLimitPerSecond: 0 });
    const answers = await Promise.all(
      Array.from({ length: 60 }, () => call('QueryTicketInfo', { Ticket: 'x' })),
    );
    expect(answers.filter((a) => a.json['Code'] === 'Throttling')).toHaveLength(0);
  });

  it('default rate: the 51st call within one second is throttled', async () => {
    const { call } = await start({});
    const answers = await Promise.all(
      Array.from({ length: 51 }, () => call('QueryTicketInfo', { Ticket: 'x' })),
    );
    expect(answers.filter((a) => a.json['Code'] === 'Throttling')).toHaveLength(1);
  });
});
