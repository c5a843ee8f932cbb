import { canonicalQuery } from './percentEncode.js';
import { hmac, sha256, toHex } from './webCrypto.js';

export const V3_ALGORITHM = 'ACS3-HMAC-SHA256';

export interface V3CanonicalInput {
  method: string;
  /** Decoded query params. */
  query: ReadonlyArray<readonly [string, string]>;
  /** Header names (lower case) listed in SignedHeaders, and a lookup for their values. */
  signedHeaders: readonly string[];
  header: (name: string) => string | undefined;
  /** Hex SHA-256 of the body, as the client declared it in x-acs-content-sha256. */
  hashedPayload: string;
}

export function v3CanonicalRequest(input: V3CanonicalInput): string {
  const names = [...input.signedHeaders].map((h) => h.toLowerCase()).sort();
  const headers = names.map((h) => `${h}:${(input.header(h) ?? '').trim()}\n`).join('');
  return [
    input.method.toUpperCase(),
    '/',
    canonicalQuery(input.query),
    headers,
    names.join(';'),
    input.hashedPayload,
  ].join('\n');
}

export async function sha256Hex(data: string | Uint8Array): Promise<string> {
  return toHex(await sha256(data));
}

export async function v3StringToSign(canonicalRequest: string): Promise<string> {
  return `${V3_ALGORITHM}\n${await sha256Hex(canonicalRequest)}`;
}

export async function v3Sign(stringToSign: string, accessKeySecret: string): Promise<string> {
  return toHex(await hmac('SHA-256', accessKeySecret, stringToSign));
}

export interface V3Authorization {
  credential: string;
  signedHeaders: string[];
  signature: string;
}

/** `ACS3-HMAC-SHA256 Credential=AK,SignedHeaders=a;b,Signature=hex`; null when malformed. */
export function parseV3Authorization(value: string): V3Authorization | null {
  const trimmed = value.trim();
  if (!trimmed.startsWith(`${V3_ALGORITHM} `)) return null;
  const fields = new Map<string, string>();
  for (const part of trimmed.slice(V3_ALGORITHM.length + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) return null;
    fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const credential = fields.get('Credential');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!credential || !signedHeaders || !signature) return null;
  return { credential, signedHeaders: signedHeaders.split(';').filter(Boolean), signature };
}
