/**
 * A test-only Quick BI OpenAPI client written from spec §6, sharing no code with the emulator
 * or packages/server, so a misreading on one side cannot hide behind the other.
 */
import { createHash, createHmac, randomUUID } from 'node:crypto';

export interface ClientKey {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

export interface CallOptions {
  scheme?: 'v3' | 'v1';
  method?: 'GET' | 'POST';
  /** Send business params in a form body instead of the query. */
  form?: boolean;
  version?: string;
  key?: ClientKey;
  /** Override the request time (epoch ms) the client signs. */
  at?: number;
  nonce?: string;
  /** Mutate the request after signing (tamper tests). */
  tamper?: (r: { url: URL; headers: Record<string, string>; body: string }) => void;
  format?: 'JSON' | 'XML' | null;
}

export interface CallResult {
  status: number;
  headers: Headers;
  text: string;
  json: Record<string, unknown>;
}

// RFC 3986: only unreserved characters stay literal.
export const rfc3986 = (s: string) =>
  encodeURIComponent(s).replace(
    /[!'()*]/g,
    (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase(),
  );

const sortedQuery = (params: Record<string, string>) =>
  Object.keys(params)
    .sort()
    .map((k) => `${rfc3986(k)}=${rfc3986(params[k] ?? '')}`)
    .join('&');

export const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export function signV1(method: string, params: Record<string, string>, secret: string) {
  const stringToSign = `${method}&${rfc3986('/')}&${rfc3986(sortedQuery(params))}`;
  const signature = createHmac('sha1', `${secret}&`).update(stringToSign).digest('base64');
  return { stringToSign, signature };
}

export function signV3(input: {
  method: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  secret: string;
}) {
  const names = Object.keys(input.headers)
    .map((h) => h.toLowerCase())
    .filter((h) => h === 'host' || h === 'content-type' || h.startsWith('x-acs-'))
    .sort();
  const lower = Object.fromEntries(
    Object.entries(input.headers).map(([k, v]) => [k.toLowerCase(), v]),
  );
  const canonical = [
    input.method,
    '/',
    sortedQuery(input.query),
    names.map((n) => `${n}:${(lower[n] ?? '').trim()}\n`).join(''),
    names.join(';'),
    lower['x-acs-content-sha256'] ?? '',
  ].join('\n');
  const hashed = createHash('sha256').update(canonical).digest('hex');
  const signature = createHmac('sha256', input.secret)
    .update(`ACS3-HMAC-SHA256\n${hashed}`)
    .digest('hex');
  return { hashed, signature, signedHeaders: names.join(';') };
}

/** Encodes a query the way some SDKs put it on the wire: spaces as `+`, `*` and quotes literal. */
const wireQuery = (params: Record<string, string>) =>
  Object.entries(params)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v).replace(/%20/g, '+')}`)
    .join('&');

export function createTestClient(
  endpoint: string,
  defaults: { key: ClientKey; now?: () => number; fetch?: typeof globalThis.fetch },
) {
  return async function call(
    action: string,
    params: Record<string, string> = {},
    options: CallOptions = {},
  ): Promise<CallResult> {
    const key = options.key ?? defaults.key;
    const at = options.at ?? (defaults.now ?? Date.now)();
    const nonce = options.nonce ?? randomUUID();
    const method = options.method ?? 'POST';
    const version =
      options.version ??
      (['CreateEmbedToken', 'DelayEmbedToken', 'QueryEmbedTokenInfo', 'DeleteEmbedToken'].includes(
        action,
      )
        ? '2021-03-25'
        : '2022-01-01');
    const url = new URL(endpoint);
    url.pathname = '/';
    const headers: Record<string, string> = {};
    let body = '';
    if ((options.scheme ?? 'v3') === 'v3') {
      // Business params in the query, or (form) in a body the signature covers through its hash.
      if (options.form) {
        body = wireQuery(params);
        headers['content-type'] = 'application/x-www-form-urlencoded';
      } else {
        url.search = wireQuery(params);
      }
      Object.assign(headers, {
        host: url.host,
        'x-acs-action': action,
        'x-acs-version': version,
        'x-acs-date': isoSeconds(at),
        'x-acs-signature-nonce': nonce,
        'x-acs-content-sha256': createHash('sha256').update(body).digest('hex'),
      });
      if (key.securityToken) headers['x-acs-security-token'] = key.securityToken;
      const { signature, signedHeaders } = signV3({
        method,
        query: options.form ? {} : params,
        headers,
        secret: key.accessKeySecret,
      });
      headers['authorization'] =
        `ACS3-HMAC-SHA256 Credential=${key.accessKeyId},SignedHeaders=${signedHeaders},Signature=${signature}`;
    } else {
      const all: Record<string, string> = {
        ...params,
        Action: action,
        Version: version,
        AccessKeyId: key.accessKeyId,
        SignatureMethod: 'HMAC-SHA1',
        SignatureVersion: '1.0',
        SignatureNonce: nonce,
        Timestamp: isoSeconds(at),
      };
      if (options.format !== null) all['Format'] = options.format ?? 'JSON';
      if (key.securityToken) all['SecurityToken'] = key.securityToken;
      all['Signature'] = signV1(method, all, key.accessKeySecret).signature;
      if (options.form) {
        body = wireQuery(all);
        headers['content-type'] = 'application/x-www-form-urlencoded';
      } else {
        url.search = wireQuery(all);
      }
    }
    const wire = { url, headers, body };
    options.tamper?.(wire);
    delete headers['host'];
    const response = await (defaults.fetch ?? fetch)(wire.url, {
      method,
      headers,
      ...(method === 'POST' && wire.body ? { body: wire.body } : {}),
    });
    const text = await response.text();
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // XML answers are read as text.
    }
    return { status: response.status, headers: response.headers, text, json };
  };
}

export type TestClient = ReturnType<typeof createTestClient>;
