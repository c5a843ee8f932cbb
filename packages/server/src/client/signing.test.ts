import { describe, expect, it } from 'vitest';
import { canonicalQuery, percentEncode } from './percentEncode.js';
import { signV1 } from './signV1.js';
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
