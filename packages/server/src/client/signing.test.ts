import { describe, expect, it } from 'vitest';
import { canonicalQuery, percentEncode } from './percentEncode.js';
import { signV1 } from './signV1.js';
import { signRequest } from './signRequest.js';
import { signV3 } from './signV3.js';

describe('percentEncode', () => {
  it('keeps only RFC 3986 unreserved characters literal', () => {
    expect(percentEncode('a b*c~d+e/f')).toBe('a%20b%2Ac~d%2Be%2Ff');
    expect(percentEncode("!'()")).toBe('%21%27%28%29');
    expect(percentEncode('办公')).toBe('%E5%8A%9E%E5%85%AC');
  });

  it('sorts the canonical query by encoded name', () => {
    expect(canonicalQuery({ b: '2', a: 'x y', B: '' })).toBe('B=&a=x%20y&b=2');
  });
});

describe('V1 (RPC HMAC-SHA1) signing: spec §6.2 vector', () => {
  it('reproduces the published StringToSign and signature', async () => {
    const result = await signV1(
      'GET',
      {
        AccessKeyId: 'testid',
        Action: 'DescribeDedicatedHosts',
        Format: 'JSON',
        RegionId: 'cn-beijing',
        SignatureMethod: 'HMAC-SHA1',
        SignatureNonce: 'edb2b34af0af9a6d14deaf7c1a5315eb',
        SignatureVersion: '1.0',
        Timestamp: '2023-03-13T08:34:30Z',
        Version: '2014-05-26',
      },
      'testsecret',
    );
    expect(result.stringToSign).toBe(
      'GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeDedicatedHosts%26Format%3DJSON%26RegionId%3Dcn-beijing%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3Dedb2b34af0af9a6d14deaf7c1a5315eb%26SignatureVersion%3D1.0%26Timestamp%3D2023-03-13T08%253A34%253A30Z%26Version%3D2014-05-26',
    );
    expect(result.signature).toBe('9NaGiOspFP5UPcwX8Iwt2YJXXuk=');
  });
});

describe('V3 (ACS3-HMAC-SHA256) signing: spec §6.3 vector', () => {
  it('reproduces the published hashed canonical request, signature and Authorization', async () => {
    const result = await signV3({
      method: 'POST',
      query: {
        RegionId: 'cn-shanghai',
        ImageId: 'win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd',
      },
      headers: {
        host: 'ecs.cn-shanghai.aliyuncs.com',
        'x-acs-action': 'RunInstances',
        'x-acs-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
        'x-acs-date': '2023-10-26T10:22:32Z',
        'x-acs-signature-nonce': '3156853299f313e23d1673dc12e1703d',
        'x-acs-version': '2014-05-26',
      },
      accessKeyId: 'YourAccessKeyId',
      accessKeySecret: 'YourAccessKeySecret',
    });
    expect(result.hashedCanonicalRequest).toBe(
      '7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259',
    );
    expect(result.signature).toBe(
      '06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0',
    );
    expect(result.authorization).toBe(
      'ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0',
    );
  });

  it('hashes the empty body itself when no content hash header is given', async () => {
    const result = await signV3({
      method: 'POST',
      query: {},
      headers: { host: 'h', 'x-acs-action': 'A', other: 'ignored' },
      accessKeyId: 'id',
      accessKeySecret: 's',
    });
    expect(result.signedHeaders).toBe('host;x-acs-action');
    expect(
      result.canonicalRequest.endsWith(
        'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      ),
    ).toBe(true);
  });
});

/**
 * Body mode against the official SDK runtime: the expected values were computed by
 * `@alicloud/openapi-util` (the runtime of `@alicloud/openapi-client` 0.4.15) for the same request:
 * `toForm(body)` for the form, `getAuthorization` (V3) and `getRPCSignature(query ∪ body)` (V1), as
 * its `doRequest` / `doRPCRequest` send an `OpenApiRequest({ body })`.
 */
describe('body mode (long parameters): official SDK vectors', () => {
  const params = {
    WorksId: 'dash-sales-0001',
    GlobalParam:
      '[{"paramKey":"region","joinType":"and","conditionList":[{"operate":"in","value":["华东","华北 x"]}]}]',
    TicketNum: '2',
  };
  const call = {
    action: 'CreateTicket',
    version: '2022-01-01',
    params,
    placement: 'body' as const,
  };
  const keys = { accessKeyId: 'AKID-vector', accessKeySecret: 'vector-secret' };
  const at = Date.parse('2026-01-02T03:04:05Z');
  const FORM =
    'WorksId=dash-sales-0001&GlobalParam=%5B%7B%22paramKey%22%3A%22region%22%2C%22joinType%22%3A%22and%22%2C%22conditionList%22%3A%5B%7B%22operate%22%3A%22in%22%2C%22value%22%3A%5B%22%E5%8D%8E%E4%B8%9C%22%2C%22%E5%8D%8E%E5%8C%97%20x%22%5D%7D%5D%7D%5D&TicketNum=2';

  it('V3: the form, its hash in x-acs-content-sha256, content-type signed, nothing in the query', async () => {
    const signed = await signRequest(
      'https://quickbi-public.cn-hangzhou.aliyuncs.com',
      call,
      keys,
      'v3',
      at,
      'doctor-vector-nonce-0001',
    );
    expect(signed.body).toBe(FORM);
    expect(signed.url).toBe('https://quickbi-public.cn-hangzhou.aliyuncs.com/');
    expect(signed.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(signed.headers['x-acs-content-sha256']).toBe(
      '02c5aa3e5968535889272f485b19e36b9f0464aae3595c48b426dab96881e487',
    );
    expect(signed.headers.authorization).toBe(
      'ACS3-HMAC-SHA256 Credential=AKID-vector,SignedHeaders=content-type;host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=5ac81029a8394c8c5c398067ec0080b677c3cbcafcab1d82a8587297b8419f63',
    );
  });

  it('V1: the common parameters and Signature in the query, the business ones in the form', async () => {
    const signed = await signRequest(
      'https://quickbi-public.cn-hangzhou.aliyuncs.com',
      call,
      keys,
      'v1',
      at,
      'doctor-vector-nonce-0001',
    );
    expect(signed.body).toBe(FORM);
    const query = new URL(signed.url).searchParams;
    expect(query.get('Signature')).toBe('ZuayNcdcv43sCQvQgsc06yPae6k=');
    expect(query.get('Action')).toBe('CreateTicket');
    expect(query.has('WorksId')).toBe(false);
  });
});
