import type { QuickBILogger } from '../logger.js';
import type { CredentialsProvider } from './credentials.js';
import { checkCredentials, redactSecrets } from './credentials.js';
import { QuickBIApiError } from './quickbiApiError.js';
import { backoffDelay, isRetryable, throttlingTimeLeft } from './retry.js';
import type { ResolvedRetry } from './retry.js';
import { signRequest } from './signRequest.js';
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
}

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
    const signed = await signRequest(
      options.origin,
      { action, version, params },
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
    const code = text(json?.Code) ?? text(json?.code);
    if (response.ok && json && json.Success !== false && code === undefined) {
      return { ok: true, result: { result: json.Result, requestId } };
    }
    const attemptResult = fail(
      code ?? (response.status >= 500 ? 'UPSTREAM_UNAVAILABLE' : 'UPSTREAM_ERROR'),
      text(json?.Message) ??
        text(json?.message) ??
        `Quick BI ${action} answered HTTP ${response.status}`,
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
