import { canonicalQuery } from './percentEncode.js';
import { hmacSha256Hex, sha256Hex } from './webCrypto.js';

export const V3_ALGORITHM = 'ACS3-HMAC-SHA256';

export interface V3SignInput {
  method: string;
  /** `/` for RPC-style APIs. */
  path?: string;
  query: Record<string, string>;
  /** Headers to sign: `host`, every `x-acs-*` and `content-type` when present. */
  headers: Record<string, string>;
  /** The request body (empty for our RPC calls). */
  body?: string;
  accessKeyId: string;
  accessKeySecret: string;
}

export interface V3Signature {
  canonicalRequest: string;
  hashedCanonicalRequest: string;
  signature: string;
  signedHeaders: string;
  authorization: string;
}

function isSignedHeader(name: string): boolean {
  return name === 'host' || name === 'content-type' || name.startsWith('x-acs-');
}

/** Alibaba Cloud V3 signature (spec §6.3). */
export async function signV3(input: V3SignInput): Promise<V3Signature> {
  const headers = Object.entries(input.headers)
    .map(([name, value]) => [name.toLowerCase().trim(), value.trim()] as const)
    .filter(([name]) => isSignedHeader(name))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const signedHeaders = headers.map(([name]) => name).join(';');
  const canonicalHeaders = headers.map(([name, value]) => `${name}:${value}\n`).join('');
  const hashedPayload =
    input.headers['x-acs-content-sha256'] ?? (await sha256Hex(input.body ?? ''));
  const canonicalRequest = [
    input.method.toUpperCase(),
    input.path ?? '/',
    canonicalQuery(input.query),
    canonicalHeaders,
    signedHeaders,
    hashedPayload,
  ].join('\n');
  const hashedCanonicalRequest = await sha256Hex(canonicalRequest);
  const signature = await hmacSha256Hex(
    input.accessKeySecret,
    `${V3_ALGORITHM}\n${hashedCanonicalRequest}`,
  );
  return {
    canonicalRequest,
    hashedCanonicalRequest,
    signature,
    signedHeaders,
    authorization: `${V3_ALGORITHM} Credential=${input.accessKeyId},SignedHeaders=${signedHeaders},Signature=${signature}`,
  };
}
