import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ACCESS_KEY } from '../src/index.js';
import { BASE_TIME, setupEmulator } from './support/emulatorFixture.js';
import { createTestClient, isoSeconds, signV1 } from './support/signingClient.js';

const STS_KEY = {
  accessKeyId: 'STS.emulator',
  accessKeySecret: 'sts-secret',
  securityToken: 'sts-token-1',
};
const t = setupEmulator({ accessKeys: [DEFAULT_ACCESS_KEY, STS_KEY] });

const TRICKY = [
  '中文 水印',
  'quote " and \' apostrophe',
  'spaces  and\ttab',
  'star * tilde ~ plus + slash /',
  'emoji 😀🎉',
  "!()'&=?#%",
];

async function roundTrip(watermark: string, options: Parameters<typeof t.call>[2]) {
  const created = await t.call(
    'CreateTicket',
    { WorksId: 'dash-sales-0001', WatermarkParam: watermark },
    options,
  );
  expect(created.status, created.text).toBe(200);
  const info = await t.call('QueryTicketInfo', { Ticket: String(created.json['Result']) }, options);
  expect(info.status, info.text).toBe(200);
  return (info.json['Result'] as Record<string, unknown>)['WatermarkParam'];
}

describe('both signature kinds, GET / POST-query / POST-form, tricky values', () => {
  it.each(TRICKY)('V3 POST carries %j', async (value) => {
    expect(await roundTrip(value, { scheme: 'v3' })).toBe(value);
  });
  it.each(TRICKY)('V3 GET carries %j', async (value) => {
    expect(await roundTrip(value, { scheme: 'v3', method: 'GET' })).toBe(value);
  });
  it.each(TRICKY)('V1 GET carries %j', async (value) => {
    expect(await roundTrip(value, { scheme: 'v1', method: 'GET' })).toBe(value);
  });
  it.each(TRICKY)('V1 POST query carries %j', async (value) => {
    expect(await roundTrip(value, { scheme: 'v1', method: 'POST' })).toBe(value);
  });
  it.each(TRICKY)('V1 POST form carries %j', async (value) => {
    expect(await roundTrip(value, { scheme: 'v1', method: 'POST', form: true })).toBe(value);
  });

  it.each(TRICKY)('V3 POST form carries %j', async (value) => {
    expect(await roundTrip(value, { scheme: 'v3', method: 'POST', form: true })).toBe(value);
  });

  it('V1 without Format answers XML (the documented default)', async () => {
    const r = await t.call('QueryTicketInfo', { Ticket: 'x' }, { scheme: 'v1', format: null });
    expect(r.headers.get('content-type')).toContain('application/xml');
    expect(r.text).toContain('<Code>Authorize3rdTicket.NotExist</Code>');
  });
});

describe('rejections', () => {
  it('unknown AccessKeyId', async () => {
    const key = { accessKeyId: 'nobody', accessKeySecret: 'x' };
    for (const scheme of ['v3', 'v1'] as const) {
      const r = await t.call('QueryTicketInfo', { Ticket: 'x' }, { scheme, key });
      expect(r.status).toBe(404);
      expect(r.json).toMatchObject({
        Code: 'InvalidAccessKeyId.NotFound',
        Message: 'Specified access key is not found.',
      });
    }
  });

  it('wrong secret', async () => {
    const key = { ...DEFAULT_ACCESS_KEY, accessKeySecret: 'wrong' };
    for (const scheme of ['v3', 'v1'] as const) {
      const r = await t.call('QueryTicketInfo', { Ticket: 'x' }, { scheme, key });
      expect(r.status).toBe(403);
      expect(r.json['Code']).toBe('SignatureDoesNotMatch');
      expect(r.text).not.toContain(DEFAULT_ACCESS_KEY.accessKeySecret);
    }
  });

  it('tampered param after signing', async () => {
    const tamper = ({ url }: { url: URL }) => url.searchParams.set('WorksId', 'dash-ops-0002');
    for (const scheme of ['v3', 'v1'] as const) {
      const r = await t.call('CreateTicket', { WorksId: 'dash-sales-0001' }, { scheme, tamper });
      expect(r.json['Code']).toBe('SignatureDoesNotMatch');
    }
    expect(t.emulator.stats().ticketsCreated).toBe(0);
  });

  it('V3 body that does not match x-acs-content-sha256', async () => {
    const r = await t.call(
      'QueryTicketInfo',
      { Ticket: 'x' },
      {
        tamper: (req) => {
          req.body = 'Ticket=y';
        },
      },
    );
    expect(r.json['Code']).toBe('SignatureDoesNotMatch');
    expect(String(r.json['Message'])).toContain('x-acs-content-sha256');
  });

  it('stale and future timestamps (V3 15 min, V1 31 min)', async () => {
    const now = t.emulator.now();
    const v3Old = await t.call('QueryTicketInfo', { Ticket: 'x' }, { at: now - 16 * 60_000 });
    expect(v3Old).toMatchObject({ status: 400, json: { Code: 'IllegalTimestamp' } });
    const v3Ok = await t.call('QueryTicketInfo', { Ticket: 'x' }, { at: now - 14 * 60_000 });
    expect(v3Ok.json['Code']).toBe('Authorize3rdTicket.NotExist');
    const v1Future = await t.call(
      'QueryTicketInfo',
      { Ticket: 'x' },
      { scheme: 'v1', at: now + 32 * 60_000 },
    );
    expect(v1Future.json['Code']).toBe('IllegalTimestamp');
    const v1Ok = await t.call(
      'QueryTicketInfo',
      { Ticket: 'x' },
      { scheme: 'v1', at: now - 30 * 60_000 },
    );
    expect(v1Ok.json['Code']).toBe('Authorize3rdTicket.NotExist');
  });

  it('moving the emulated clock hours ahead never breaks a call signed on real time', async () => {
    t.emulator.advanceClock(3 * 60 * 60_000);
    for (const scheme of ['v3', 'v1'] as const) {
      const r = await t.call('QueryTicketInfo', { Ticket: 'x' }, { scheme, at: BASE_TIME });
      expect(r.json['Code']).toBe('Authorize3rdTicket.NotExist');
    }
    // A client that signs on the emulator's own clock (the demo, this suite's signer) works too.
    const own = await t.call('QueryTicketInfo', { Ticket: 'x' });
    expect(own.json['Code']).toBe('Authorize3rdTicket.NotExist');
  });

  it('a timestamp far from both real time and the emulated clock is refused', async () => {
    t.emulator.advanceClock(60 * 60_000);
    const between = await t.call(
      'QueryTicketInfo',
      { Ticket: 'x' },
      { at: BASE_TIME + 30 * 60_000 },
    );
    expect(between.json['Code']).toBe('IllegalTimestamp');
  });

  it('reused nonce', async () => {
    for (const scheme of ['v3', 'v1'] as const) {
      const nonce = `nonce-${scheme}`;
      const first = await t.call('QueryTicketInfo', { Ticket: 'x' }, { scheme, nonce });
      expect(first.json['Code']).toBe('Authorize3rdTicket.NotExist');
      const again = await t.call('QueryTicketInfo', { Ticket: 'x' }, { scheme, nonce });
      expect(again).toMatchObject({ status: 400, json: { Code: 'SignatureNonceUsed' } });
    }
  });

  it('STS: token required and must match', async () => {
    for (const scheme of ['v3', 'v1'] as const) {
      const ok = await t.call('QueryTicketInfo', { Ticket: 'x' }, { scheme, key: STS_KEY });
      expect(ok.json['Code']).toBe('Authorize3rdTicket.NotExist');
      const wrong = await t.call(
        'QueryTicketInfo',
        { Ticket: 'x' },
        {
          scheme,
          key: { ...STS_KEY, securityToken: 'other' },
        },
      );
      expect(wrong.json['Code']).toBe('InvalidSecurityToken.MismatchWithAccessKey');
      expect(wrong.text).not.toContain('sts-token-1');
      const { securityToken: _, ...noToken } = STS_KEY;
      const missing = await t.call('QueryTicketInfo', { Ticket: 'x' }, { scheme, key: noToken });
      expect(missing.json['Code']).toBe('MissingSecurityToken');
    }
  });

  it('incomplete V3 Authorization, missing V1 signature pieces', async () => {
    const broken = await t.call(
      'QueryTicketInfo',
      { Ticket: 'x' },
      {
        tamper: ({ headers }) => {
          headers['authorization'] = 'ACS3-HMAC-SHA256 Credential=x';
        },
      },
    );
    expect(broken.json['Code']).toBe('IncompleteSignature');
    const unsignedHeader = await t.call(
      'QueryTicketInfo',
      { Ticket: 'x' },
      {
        tamper: ({ headers }) => {
          headers['x-acs-extra'] = '1';
        },
      },
    );
    expect(unsignedHeader.json['Code']).toBe('IncompleteSignature');
    const unsigned = await fetch(
      `${t.emulator.endpoint}/?Action=QueryTicketInfo&Version=2022-01-01&Ticket=x`,
    );
    expect(unsigned.status).toBe(400);
    expect(((await unsigned.json()) as Record<string, unknown>)['Code']).toBe(
      'IncompleteSignature',
    );
  });

  it('V1 with a bad SignatureMethod', async () => {
    const params: Record<string, string> = {
      Action: 'QueryTicketInfo',
      Version: '2022-01-01',
      Format: 'JSON',
      Ticket: 'x',
      AccessKeyId: DEFAULT_ACCESS_KEY.accessKeyId,
      SignatureMethod: 'HMAC-MD5',
      SignatureVersion: '1.0',
      SignatureNonce: 'n1',
      Timestamp: isoSeconds(t.emulator.now()),
    };
    params['Signature'] = signV1('GET', params, DEFAULT_ACCESS_KEY.accessKeySecret).signature;
    const r = await fetch(`${t.emulator.endpoint}/?${new URLSearchParams(params)}`);
    expect(((await r.json()) as Record<string, unknown>)['Code']).toBe('InvalidSignatureMethod');
  });
});

describe('gateway routing errors', () => {
  it('unknown action, unknown version, missing Action, wrong method, wrong path', async () => {
    const unknown = await t.call('DescribeNothing', {});
    expect(unknown).toMatchObject({ status: 404, json: { Code: 'InvalidAction.NotFound' } });
    const version = await t.call(
      'CreateTicket',
      { WorksId: 'dash-sales-0001' },
      { version: '2019-01-01' },
    );
    expect(version).toMatchObject({ status: 400, json: { Code: 'InvalidVersion' } });
    const noAction = await fetch(`${t.emulator.endpoint}/?Version=2022-01-01`);
    expect(((await noAction.json()) as Record<string, unknown>)['Code']).toBe('MissingParameter');
    const put = await fetch(`${t.emulator.endpoint}/?Action=CreateTicket&Version=2022-01-01`, {
      method: 'PUT',
    });
    expect(put.status).toBe(403);
    const path = await fetch(`${t.emulator.endpoint}/api/whatever`);
    expect(path.status).toBe(404);
    expect(t.emulator.stats().totalCalls).toBe(0);
  });

  it('ticket actions are also published under 2021-03-25 (older SDKs)', async () => {
    const r = await t.call(
      'CreateTicket',
      { WorksId: 'dash-sales-0001' },
      { version: '2021-03-25' },
    );
    expect(r.status).toBe(200);
    const bad = await t.call('CreateTicket', { WorksId: 'nope' }, { version: '2021-03-25' });
    expect(bad.status).toBe(500);
    const status = await t.call(
      'QueryEmbeddedStatus',
      { WorksId: 'dash-sales-0001' },
      { version: '2021-03-25' },
    );
    expect(status.status).toBe(404);
  });

  it('hash helper sanity: empty body hash is the documented constant', () => {
    expect(createHash('sha256').update('').digest('hex')).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });
});

// Keeps the import used when tests are filtered.
void createTestClient;
