import type { QuickBILogger } from '../logger.js';
import type { CredentialsProvider } from './credentials.js';
import { checkCredentials, redactSecrets } from './credentials.js';
import { QuickBIApiError } from './quickbiApiError.js';
import { backoffDelay, isRetryable, throttlingTimeLeft } from './retry.js';
import type { ResolvedRetry } from './retry.js';
import { encodeParams, signRequest } from './signRequest.js';
import type { SignatureVersion } from './signRequest.js';

export interface RpcResult {
  result: unknown;
  requestId: string;
}

export interface RpcTransportOptions {
  origin: string;
  credentials: CredentialsProvider;
  fetch: typeof globalThis.fetch;
  timeoutMs: number;
  retry: ResolvedRetry;
  signatureVersion: SignatureVersion;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  logger?: QuickBILogger;
  /** Business parameters longer than this (encoded bytes) travel in a form body. */
  maxQueryBytes: number;
}

/**
 * Default bound on the encoded business parameters in the query string. Quick BI does not document
 * its gateway's limit (UNCONFIRMED). nginx, which Alibaba Cloud's Tengine gateway derives from,
 * refuses a request line longer than its default `large_client_header_buffers 4 8k` (414), and
 * Node's HTTP server (the emulator) refuses more than 16 KB of request head (431). 4 KB of
 * parameters keeps the whole request line, common and signature parameters included, under half
 * the smaller of the two; every ordinary call (ids, a watermark, a short row filter) stays in the
 * query exactly as the official SDK sends it.
 */
export const DEFAULT_MAX_QUERY_BYTES = 4096;

type Params = Record<string, string | number | boolean | undefined>;

function wireParams(params: Params): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(params))
    if (value !== undefined) out[name] = String(value);
  return out;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Quick BI's `Code`: a string, or a number in some older answers (`code: 400`). */
function codeText(value: unknown): string | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : text(value);
}

/** Statuses a gateway or HTTP server answers a request it will not read (too long). */
const TOO_LARGE = new Set([413, 414, 431]);

interface Attempt {
  ok: boolean;
  result?: RpcResult;
  error?: QuickBIApiError;
  hintMs?: number;
}

/** One signed, timed, retried RPC call per invocation. */
export function createRpcTransport(options: RpcTransportOptions) {
  const { retry, logger } = options;

  async function attemptOnce(
    action: string,
    version: string,
    params: Record<string, string>,
    attempt: number,
  ): Promise<Attempt> {
    const credentials = checkCredentials(await options.credentials());
    const secrets = [credentials.accessKeySecret, credentials.securityToken];
    const placement =
      encodeParams(params).length > options.maxQueryBytes ? ('body' as const) : ('query' as const);
    const signed = await signRequest(
      options.origin,
      { action, version, params, placement },
      credentials,
      options.signatureVersion,
      options.now(),
    );
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), options.timeoutMs);
    const fail = (
      code: string,
      message: string,
      status: number,
      extra: Partial<QuickBIApiError> = {},
      cause?: unknown,
    ): Attempt => ({
      ok: false,
      error: new QuickBIApiError({
        code,
        message: redactSecrets(message, secrets),
        status,
        action,
        attempts: attempt,
        ...(extra.requestId ? { requestId: extra.requestId } : {}),
        ...(extra.recommend ? { recommend: extra.recommend } : {}),
        ...(extra.hostId ? { hostId: extra.hostId } : {}),
        ...(cause === undefined ? {} : { cause: redactSecrets(String(cause), secrets) }),
      }),
    });
    let response: Response;
    let body: string;
    try {
      response = await options.fetch(signed.url, {
        method: signed.method,
        headers: signed.headers,
        ...(signed.body === undefined ? {} : { body: signed.body }),
        signal: controller.signal,
      });
      body = await response.text();
    } catch (cause) {
      return controller.signal.aborted
        ? fail('UPSTREAM_TIMEOUT', `Quick BI ${action} timed out after ${options.timeoutMs} ms`, 0)
        : fail('NETWORK_ERROR', `Quick BI ${action} could not be reached`, 0, {}, cause);
    } finally {
      clearTimeout(timer);
    }
    let json: Record<string, unknown> | undefined;
    try {
      const parsed: unknown = JSON.parse(body);
      if (typeof parsed === 'object' && parsed !== null) json = parsed as Record<string, unknown>;
    } catch {
      json = undefined;
    }
    const requestId =
      text(json?.RequestId) ??
      text(json?.requestId) ??
      response.headers.get('x-acs-request-id') ??
      '';
    const code = codeText(json?.Code) ?? codeText(json?.code);
    if (response.ok && json && json.Success !== false && code === undefined) {
      return { ok: true, result: { result: json.Result, requestId } };
    }
    const contentType = response.headers.get('content-type') ?? 'no content type';
    const fallbackMessage = TOO_LARGE.has(response.status)
      ? `Quick BI ${action}: the gateway refused the request as too large (HTTP ${response.status}, ${placement === 'body' ? 'parameters in the body' : 'parameters in the query'})`
      : json
        ? `Quick BI ${action} answered HTTP ${response.status} without a Code`
        : `Quick BI ${action} answered HTTP ${response.status} with ${body === '' ? 'an empty body' : `a non-JSON body (${contentType})`}`;
    const attemptResult = fail(
      code ??
        (TOO_LARGE.has(response.status)
          ? 'REQUEST_TOO_LARGE'
          : response.status >= 500
            ? 'UPSTREAM_UNAVAILABLE'
            : 'UPSTREAM_ERROR'),
      text(json?.Message) ?? text(json?.message) ?? fallbackMessage,
      response.status,
      {
        requestId,
        ...(text(json?.Recommend) ? { recommend: text(json?.Recommend) } : {}),
        ...(text(json?.HostId) ? { hostId: text(json?.HostId) } : {}),
      },
    );
    const hintMs = throttlingTimeLeft(response.headers);
    return hintMs === undefined ? attemptResult : { ...attemptResult, hintMs };
  }

  return async function call(action: string, version: string, params: Params): Promise<RpcResult> {
    const wire = wireParams(params);
    for (let attempt = 1; ; attempt++) {
      const started = options.now();
      const outcome = await attemptOnce(action, version, wire, attempt);
      if (outcome.ok && outcome.result) {
        logger?.debug?.('quickbi.call', {
          action,
          attempt,
          requestId: outcome.result.requestId,
          ms: options.now() - started,
        });
        return outcome.result;
      }
      const error = outcome.error as QuickBIApiError;
      const retryable = isRetryable(error.code, error.status, action);
      logger?.warn?.('quickbi.call.failed', {
        action,
        attempt,
        code: error.code,
        status: error.status,
        requestId: error.requestId,
        willRetry: retryable && attempt < retry.maxAttempts,
      });
      if (!retryable || attempt >= retry.maxAttempts) throw error;
      await options.sleep(backoffDelay(retry, attempt, outcome.hintMs));
    }
  };
}
