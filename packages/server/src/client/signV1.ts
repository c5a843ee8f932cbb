import { canonicalQuery, percentEncode } from './percentEncode.js';
import { hmacSha1Base64 } from './webCrypto.js';

export interface V1Signature {
  stringToSign: string;
  signature: string;
}

/**
 * RPC HMAC-SHA1 signature ("V1" here; Alibaba calls it V2 RPC style, spec §6.2). `params` holds
 * every parameter except `Signature`, common ones included.
 */
export async function signV1(
  method: string,
  params: Record<string, string>,
  accessKeySecret: string,
): Promise<V1Signature> {
  const stringToSign = `${method.toUpperCase()}&${percentEncode('/')}&${percentEncode(canonicalQuery(params))}`;
  return { stringToSign, signature: await hmacSha1Base64(`${accessKeySecret}&`, stringToSign) };
}
