import type { AccessKeyCredentials } from './credentials.js';
import { percentEncode } from './percentEncode.js';
import { signV1 } from './signV1.js';
import { signV3 } from './signV3.js';
import { randomNonce, sha256Hex } from './webCrypto.js';

export type SignatureVersion = 'v3' | 'v1';

export interface SignedRequest {
  url: string;
  method: 'POST';
  headers: Record<string, string>;
}

export interface RpcCall {
  action: string;
  version: string;
  params: Record<string, string>;
}

/** `yyyy-MM-ddTHH:mm:ssZ`, UTC: the timestamp format both signers expect. */
function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function withQuery(origin: string, query: Record<string, string>): string {
  const text = Object.entries(query)
    .map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`)
    .join('&');
  return `${origin}/${text ? `?${text}` : ''}`;
}

/**
 * Builds one signed RPC request: POST `/`, every parameter in the query string and an empty body,
 * as the official SDK sends these actions (spec §1.0).
 */
export async function signRequest(
  origin: string,
  call: RpcCall,
  credentials: AccessKeyCredentials,
  version: SignatureVersion,
  nowMs: number,
): Promise<SignedRequest> {
  if (version === 'v1') {
    const params: Record<string, string> = {
      ...call.params,
      Action: call.action,
      Version: call.version,
      Format: 'JSON',
      AccessKeyId: credentials.accessKeyId,
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
      SignatureNonce: randomNonce(),
      Timestamp: isoSeconds(nowMs),
      ...(credentials.securityToken ? { SecurityToken: credentials.securityToken } : {}),
    };
    const { signature } = await signV1('POST', params, credentials.accessKeySecret);
    return {
      url: withQuery(origin, { ...params, Signature: signature }),
      method: 'POST',
      headers: {},
    };
  }
  const headers: Record<string, string> = {
    host: new URL(origin).host,
    'x-acs-action': call.action,
    'x-acs-version': call.version,
    'x-acs-date': isoSeconds(nowMs),
    'x-acs-signature-nonce': randomNonce(),
    'x-acs-content-sha256': await sha256Hex(''),
    ...(credentials.securityToken ? { 'x-acs-security-token': credentials.securityToken } : {}),
  };
  const signed = await signV3({
    method: 'POST',
    query: call.params,
    headers,
    accessKeyId: credentials.accessKeyId,
    accessKeySecret: credentials.accessKeySecret,
  });
  // fetch sets Host from the URL itself; sending it would be refused by some runtimes.
  const { host: _host, ...sent } = headers;
  return {
    url: withQuery(origin, call.params),
    method: 'POST',
    headers: { ...sent, authorization: signed.authorization, accept: 'application/json' },
  };
}
