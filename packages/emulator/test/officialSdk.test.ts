/**
 * Alibaba Cloud's official SDKs against the emulator on loopback: `@alicloud/openapi-client`
 * (the runtime the generated quickbi-public-20220101 client uses) in V3 (ACS3-HMAC-SHA256) and
 * RPC (HMAC-SHA1, signatureAlgorithm 'v2') modes, and `@alicloud/pop-core`'s RPCClient. Every
 * action the emulator implements is called, success and error shapes included. Keys are passed
 * explicitly so no credentials provider chain runs; every socket the SDKs open is recorded and
 * must go to the emulator.
 */
import net from 'node:net';
import OpenApi, * as $OpenApi from '@alicloud/openapi-client';
import RPCClient from '@alicloud/pop-core';
import * as $Util from '@alicloud/tea-util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_ACCESS_KEY, startEmulator, type Emulator } from '../src/index.js';

type Params = Record<string, string>;
/** One SDK mode: calls an action, answers `Result`, or throws `{ code }` like the SDK does. */
type Call = (action: string, version: string, params?: Params) => Promise<unknown>;

let emulator: Emulator;
const connections: string[] = [];
const originalConnect = net.Socket.prototype.connect;

beforeAll(async () => {
  // Real clock: the SDKs sign with the machine time.
  emulator = await startEmulator({ port: 0, rateLimitPerSecond: 0 });
  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    // http.Agent passes Node's normalized `[options, callback]` array; other callers pass options.
    const first = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
    const target = (first ?? {}) as net.TcpNetConnectOpts;
    connections.push(`${target.host ?? '?'}:${target.port ?? '?'}`);
    return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof net.Socket.prototype.connect;
});
afterAll(async () => {
  net.Socket.prototype.connect = originalConnect;
  await emulator?.stop();
});
beforeEach(() => emulator.reset());

const key = DEFAULT_ACCESS_KEY;

function openApiClient(signatureAlgorithm: 'v2' | undefined): Call {
  const client = new OpenApi(
    new $OpenApi.Config({
      accessKeyId: key.accessKeyId,
      accessKeySecret: key.accessKeySecret,
      endpoint: new URL(emulator.endpoint).host,
      protocol: 'http',
      ...(signatureAlgorithm ? { signatureAlgorithm } : {}),
    }),
  );
  return async (action, version, params = {}) => {
    // The generated quickbi-public client's request shape (spec §1.0): RPC, POST /, query params.
    const answer = await client.callApi(
      new $OpenApi.Params({
        action,
        version,
        protocol: 'HTTP',
        pathname: '/',
        method: 'POST',
        authType: 'AK',
        style: 'RPC',
        reqBodyType: 'formData',
        bodyType: 'json',
      }),
      new $OpenApi.OpenApiRequest({ query: params }),
      new $Util.RuntimeOptions({}),
    );
    const body = answer['body'] as { Result: unknown; Success: boolean };
    expect(body.Success).toBe(true);
    return body.Result;
  };
}

function popCoreClient(method: 'GET' | 'POST'): Call {
  const clients = new Map<string, RPCClient>();
  return async (action, version, params = {}) => {
    const client =
      clients.get(version) ??
      new RPCClient({
        accessKeyId: key.accessKeyId,
        accessKeySecret: key.accessKeySecret,
        endpoint: emulator.endpoint,
        apiVersion: version,
      });
    clients.set(version, client);
    const body = (await client.request(action, params, { method, formatParams: false })) as {
      Result: unknown;
      Success: boolean;
    };
    expect(body.Success).toBe(true);
    return body.Result;
  };
}

const MODES: Array<[string, () => Call]> = [
  ['openapi-client V3 (ACS3-HMAC-SHA256)', () => openApiClient(undefined)],
  ['openapi-client RPC (HMAC-SHA1)', () => openApiClient('v2')],
  ['pop-core RPC GET', () => popCoreClient('GET')],
  ['pop-core RPC POST', () => popCoreClient('POST')],
];

const V2022 = '2022-01-01';
const V2021 = '2021-03-25';

async function codeOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
    return 'no error';
  } catch (error) {
    return (error as { code?: unknown }).code;
  }
}

describe.each(MODES)('%s', (_name, make) => {
  it('calls every ticket and status action', async () => {
    const call = make();
    const ticket = String(
      await call('CreateTicket', V2022, {
        WorksId: 'dash-sales-0001',
        UserId: 'user-bob-0002',
        TicketNum: '3',
        ExpireTime: '30',
        WatermarkParam: '水印 watermark',
        GlobalParam: JSON.stringify([
          { paramKey: 'region', joinType: 'and', conditionList: [{ operate: '=', value: '华东' }] },
        ]),
      }),
    );
    expect(ticket).toMatch(/^[0-9a-f-]{36}$/);
    expect(await call('QueryTicketInfo', V2022, { Ticket: ticket })).toMatchObject({
      AccessTicket: ticket,
      WorksId: 'dash-sales-0001',
      UserId: 'user-bob-0002',
      MaxTicketNum: 3,
      WatermarkParam: '水印 watermark',
    });
    expect(await call('UpdateTicketNum', V2022, { Ticket: ticket, TicketNum: '9' })).toBe(true);
    expect(await call('DelayTicketExpireTime', V2022, { Ticket: ticket, ExpireTime: '60' })).toBe(
      true,
    );
    expect(await call('QueryTicketInfo', V2022, { Ticket: ticket })).toMatchObject({
      MaxTicketNum: 9,
    });
    expect(await call('DeleteTicket', V2022, { Ticket: ticket })).toBe(true);
    expect(await codeOf(call('QueryTicketInfo', V2022, { Ticket: ticket }))).toBe(
      'Authorize3rdTicket.NotExist',
    );
    expect(await call('QueryEmbeddedStatus', V2022, { WorksId: 'dash-private-0003' })).toBe(false);
    expect(
      await call('UpdateEmbeddedStatus', V2022, {
        WorksId: 'dash-private-0003,dash-ops-0002',
        ThirdPartAuthFlag: 'true',
      }),
    ).toBe(2);
    expect(await call('QueryEmbeddedStatus', V2022, { WorksId: 'dash-private-0003' })).toBe(true);
    // The older SDKs publish the ticket actions under 2021-03-25 too.
    expect(String(await call('CreateTicket', V2021, { WorksId: 'book-finance-0001' }))).toMatch(
      /^[0-9a-f-]{36}$/,
    );
  });

  it('calls the Smart Q and inventory actions', async () => {
    const call = make();
    const copilotTicket = String(
      await call('CreateTicket4Copilot', V2022, {
        CopilotId: 'copilot-sales-0001',
        AccountName: 'demo:carol',
        AccountType: '5',
      }),
    );
    expect(await call('QueryTicketInfo', V2022, { Ticket: copilotTicket })).toMatchObject({
      WorksId: 'copilot-sales-0001',
      UserId: 'user-carol-0003',
    });
    expect(await call('QueryEmbeddedInfo', V2022)).toEqual({
      EmbeddedCount: 7,
      MaxCount: 100,
      Detail: { Page: 2, Report: 1, DashboardOfflineQuery: 1 },
    });
    expect(
      await call('GetWorksEmbedList', V2022, { WorksType: 'ANALYSIS', PageNo: '1', PageSize: '5' }),
    ).toMatchObject({
      Data: [{ WorksId: 'analysis-orders-0001', WorksType: 'ANALYSIS' }],
      PageNo: 1,
      PageSize: 5,
      TotalNum: 1,
      TotalPages: 1,
    });
    const menus = JSON.parse(
      String(await call('ListPortalMenus', V2022, { DataPortalId: 'portal-sales-0001' })),
    ) as Array<{ menuId: string }>;
    expect(menus.map((m) => m.menuId)).toEqual(['menu-reports', 'menu-export', 'menu-help']);
  });

  it('calls the 2021-03-25 token actions', async () => {
    const call = make();
    const created = (await call('CreateEmbedToken', V2021, {
      WorksId: 'dash-sales-0001',
      UserId: 'user-alice-0001',
      ExpireMin: '30',
    })) as { AccessToken: string; TokeType: number };
    expect(created.TokeType).toBe(4);
    const token = created.AccessToken;
    expect(await call('DelayEmbedToken', V2021, { Token: token, ExpireMin: '60' })).toBe(true);
    expect(await call('QueryEmbedTokenInfo', V2021, { Token: token })).toMatchObject({
      AccessToken: token,
    });
    expect(await call('DeleteEmbedToken', V2021, { Token: token })).toBe(true);
    expect(await codeOf(call('QueryEmbedTokenInfo', V2021, { Token: token }))).toBe(
      'Authorize3Rd.Token.NotExist',
    );
  });

  it('reads the emulator’s errors as Quick BI errors, faults included', async () => {
    const call = make();
    expect(await codeOf(call('CreateTicket', V2022, { WorksId: 'nope' }))).toBe(
      'Report.NotExist.Error',
    );
    emulator.setFaults({ action: 'QueryEmbeddedInfo', code: 'Access.Forbidden', count: 1 });
    expect(await codeOf(call('QueryEmbeddedInfo', V2022))).toBe('Access.Forbidden');
    expect(await codeOf(call('NoSuchAction', V2022))).toBe('InvalidAction.NotFound');
  });
});

it('the SDKs opened sockets only to the emulator', () => {
  const { hostname, port } = new URL(emulator.endpoint);
  expect(connections.length).toBeGreaterThan(0);
  expect(new Set(connections)).toEqual(new Set([`${hostname}:${port}`]));
});
