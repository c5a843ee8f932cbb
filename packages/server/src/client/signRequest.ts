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
  /** `application/x-www-form-urlencoded` business parameters; absent: all are in the query. */
  body?: string;
}

export interface RpcCall {
  action: string;
  version: string;
  params: Record<string, string>;
  /**
   * `'body'`: the business parameters go in a form body, as the official SDKs send an
   * `OpenApiRequest({ body })` (darabonba-openapi `doRPCRequest` / `doRequest`): V1 signs them with
   * the query's common parameters, V3 hashes the body into `x-acs-content-sha256` and signs
   * `content-type`. Default `'query'`, as the generated Quick BI client sends them (spec §1.0).
   */
  placement?: 'query' | 'body';
}

/** `a=1&b=2`, RFC 3986 encoded (space `%20`, `+` `%2B`): valid form and query text alike. */
export function encodeParams(params: Record<string, string>): string {
  return Object.entries(params)
    .map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`)
    .join('&');
}

const FORM = 'application/x-www-form-urlencoded';

/** `yyyy-MM-ddTHH:mm:ssZ`, UTC: the timestamp format both signers expect. */
function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function withQuery(origin: string, query: Record<string, string>): string {
  const text = encodeParams(query);
  return `${origin}/${text ? `?${text}` : ''}`;
}

/**
 * Builds one signed RPC request: POST `/`, every parameter in the query string and an empty body,
 * as the official SDK sends these actions (spec §1.0); or, with `placement: 'body'`, the business
 * parameters in a form body (long row filters).
 */
export async function signRequest(
  origin: string,
  call: RpcCall,
  credentials: AccessKeyCredentials,
  version: SignatureVersion,
  nowMs: number,
  /** Fixed only by the vector tests; a fresh random one per request otherwise. */
  nonce: string = randomNonce(),
): Promise<SignedRequest> {
  const inBody = call.placement === 'body';
  const body = inBody ? encodeParams(call.params) : undefined;
  if (version === 'v1') {
    const common: Record<string, string> = {
      Action: call.action,
      Version: call.version,
      Format: 'JSON',
      AccessKeyId: credentials.accessKeyId,
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
      SignatureNonce: nonce,
      Timestamp: isoSeconds(nowMs),
      ...(credentials.securityToken ? { SecurityToken: credentials.securityToken } : {}),
    };
    // V1 signs every parameter, wherever it travels (query or form body).
    const { signature } = await signV1(
      'POST',
      { ...call.params, ...common },
      credentials.accessKeySecret,
    );
    const query = inBody ? common : { ...call.params, ...common };
    return {
      url: withQuery(origin, { ...query, Signature: signature }),
      method: 'POST',
      headers: inBody ? { 'content-type': FORM } : {},
      ...(body === undefined ? {} : { body }),
    };
  }
  const query = inBody ? {} : call.params;
  const headers: Record<string, string> = {
    host: new URL(origin).host,
    'x-acs-action': call.action,
    'x-acs-version': call.version,
    'x-acs-date': isoSeconds(nowMs),
    'x-acs-signature-nonce': nonce,
    'x-acs-content-sha256': await sha256Hex(body ?? ''),
    ...(inBody ? { 'content-type': FORM } : {}),
    ...(credentials.securityToken ? { 'x-acs-security-token': credentials.securityToken } : {}),
  };
  const signed = await signV3({
    method: 'POST',
    query,
    headers,
    accessKeyId: credentials.accessKeyId,
    accessKeySecret: credentials.accessKeySecret,
  });
  // fetch sets Host from the URL itself; sending it would be refused by some runtimes.
  const { host: _host, ...sent } = headers;
  return {
    url: withQuery(origin, query),
    method: 'POST',
    headers: { ...sent, authorization: signed.authorization, accept: 'application/json' },
    ...(body === undefined ? {} : { body }),
  };
}
