import { createHmac } from 'node:crypto';
import { canonicalQuery, percentEncode } from './percentEncode.js';

/** RPC HMAC-SHA1 (SignatureVersion=1.0): the StringToSign over every param except `Signature`. */
export function rpcStringToSign(
  method: string,
  params: ReadonlyArray<readonly [string, string]>,
): string {
  const signed = params.filter(([k]) => k !== 'Signature');
  return `${method.toUpperCase()}&${percentEncode('/')}&${percentEncode(canonicalQuery(signed))}`;
}

export function rpcSign(stringToSign: string, accessKeySecret: string): string {
  return createHmac('sha1', `${accessKeySecret}&`).update(stringToSign, 'utf8').digest('base64');
}
