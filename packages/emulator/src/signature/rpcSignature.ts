import { canonicalQuery, percentEncode } from './percentEncode.js';
import { hmac, toBase64 } from './webCrypto.js';

/** RPC HMAC-SHA1 (SignatureVersion=1.0): the StringToSign over every param except `Signature`. */
export function rpcStringToSign(
  method: string,
  params: ReadonlyArray<readonly [string, string]>,
): string {
  const signed = params.filter(([k]) => k !== 'Signature');
  return `${method.toUpperCase()}&${percentEncode('/')}&${percentEncode(canonicalQuery(signed))}`;
}

export async function rpcSign(stringToSign: string, accessKeySecret: string): Promise<string> {
  return toBase64(await hmac('SHA-1', `${accessKeySecret}&`, stringToSign));
}
