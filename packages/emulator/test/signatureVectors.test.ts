import { describe, expect, it } from 'vitest';
import { percentEncode } from '../src/signature/percentEncode.js';
import { rpcSign, rpcStringToSign } from '../src/signature/rpcSignature.js';
import {
  parseV3Authorization,
  v3CanonicalRequest,
  v3Sign,
  v3StringToSign,
} from '../src/signature/v3Signature.js';
import { createHash } from 'node:crypto';

describe('spec §6.2 RPC HMAC-SHA1 vector', () => {
  const params: Array<[string, string]> = [
    ['AccessKeyId', 'testid'],
    ['Action', 'DescribeDedicatedHosts'],
    ['Format', 'JSON'],
    ['RegionId', 'cn-beijing'],
    ['SignatureMethod', 'HMAC-SHA1'],
    ['SignatureNonce', 'edb2b34af0af9a6d14deaf7c1a5315eb'],
    ['SignatureVersion', '1.0'],
    ['Timestamp', '2023-03-13T08:34:30Z'],
    ['Version', '2014-05-26'],
  ];

  it('builds the published StringToSign and signature', async () => {
    const stringToSign = rpcStringToSign('GET', [...params].reverse());
    expect(stringToSign).toBe(
      'GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeDedicatedHosts%26Format%3DJSON%26RegionId%3Dcn-beijing%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3Dedb2b34af0af9a6d14deaf7c1a5315eb%26SignatureVersion%3D1.0%26Timestamp%3D2023-03-13T08%253A34%253A30Z%26Version%3D2014-05-26',
    );
    expect(await rpcSign(stringToSign, 'testsecret')).toBe('9NaGiOspFP5UPcwX8Iwt2YJXXuk=');
  });

  it('ignores the Signature param itself', () => {
    expect(rpcStringToSign('GET', [...params, ['Signature', 'x']])).toBe(
      rpcStringToSign('GET', params),
    );
  });
});

describe('spec §6.3 V3 ACS3-HMAC-SHA256 vector', () => {
  const headers: Record<string, string> = {
    host: 'ecs.cn-shanghai.aliyuncs.com',
    'x-acs-action': 'RunInstances',
    'x-acs-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    'x-acs-date': '2023-10-26T10:22:32Z',
    'x-acs-signature-nonce': '3156853299f313e23d1673dc12e1703d',
    'x-acs-version': '2014-05-26',
  };
  const canonical = v3CanonicalRequest({
    method: 'POST',
    query: [
      ['RegionId', 'cn-shanghai'],
      ['ImageId', 'win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd'],
    ],
    signedHeaders: Object.keys(headers).reverse(),
    header: (name) => headers[name],
    hashedPayload: headers['x-acs-content-sha256'] ?? '',
  });

  it('hashes the canonical request and signs as published', async () => {
    expect(createHash('sha256').update(canonical).digest('hex')).toBe(
      '7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259',
    );
    expect(await v3Sign(await v3StringToSign(canonical), 'YourAccessKeySecret')).toBe(
      '06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0',
    );
  });

  it('parses the published Authorization header', () => {
    const auth = parseV3Authorization(
      'ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0',
    );
    expect(auth?.credential).toBe('YourAccessKeyId');
    expect(auth?.signedHeaders).toHaveLength(6);
    expect(parseV3Authorization('HMAC Credential=x')).toBeNull();
    expect(parseV3Authorization('ACS3-HMAC-SHA256 Credential=x,Signature=y')).toBeNull();
  });
});

describe('percentEncode (RFC 3986)', () => {
  it.each([
    [' ', '%20'],
    ['*', '%2A'],
    ['~', '~'],
    ['+', '%2B'],
    ['/', '%2F'],
    ["'()!", '%27%28%29%21'],
    ['"', '%22'],
    ['中', '%E4%B8%AD'],
    ['😀', '%F0%9F%98%80'],
    ['a-_.Z9', 'a-_.Z9'],
  ])('%s → %s', (input, expected) => {
    expect(percentEncode(input)).toBe(expected);
  });
});
