/**
 * A minimal RPC HMAC-SHA1 ("V1", spec §6.2) caller, just enough for the page tests to create
 * tickets and tokens on a running emulator. Written from the spec, independent of other code.
 */
import { createHmac, randomUUID } from 'node:crypto';

export interface SignedCallKey {
  accessKeyId: string;
  accessKeySecret: string;
}

/** RFC 3986: encodeURIComponent leaves !'()* alone, Alibaba's canonical form encodes them. */
function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function utcTimestamp(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 19)}Z`;
}

export async function signedCall(
  endpoint: string,
  key: SignedCallKey,
  params: Record<string, string>,
  nowMs: number,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const all: Record<string, string> = {
    Format: 'JSON',
    AccessKeyId: key.accessKeyId,
    SignatureMethod: 'HMAC-SHA1',
    SignatureNonce: randomUUID(),
    SignatureVersion: '1.0',
    Timestamp: utcTimestamp(nowMs),
    ...params,
  };
  const canonical = Object.keys(all)
    .sort()
    .map((name) => `${percentEncode(name)}=${percentEncode(all[name] ?? '')}`)
    .join('&');
  const stringToSign = `GET&${percentEncode('/')}&${percentEncode(canonical)}`;
  const signature = createHmac('sha1', `${key.accessKeySecret}&`)
    .update(stringToSign)
    .digest('base64');
  const response = await fetch(`${endpoint}/?${canonical}&Signature=${percentEncode(signature)}`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
