import { isThrottlingCode } from './quickbiApiError.js';

export interface RetryOptions {
  /** Total attempts, the first included. Default 3; 1 disables retries. */
  maxAttempts?: number;
  /** First backoff step. Default 200 ms; doubled per attempt. */
  baseDelayMs?: number;
  /** Cap on any single wait, hints included. Default 5000 ms. */
  maxDelayMs?: number;
  /** Source of jitter in [0, 1). Default Math.random. */
  random?: () => number;
}

export type ResolvedRetry = Required<RetryOptions>;

export function resolveRetry(options: RetryOptions | false | undefined): ResolvedRetry {
  if (options === false)
    return { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0, random: Math.random };
  return {
    maxAttempts: Math.max(1, Math.floor(options?.maxAttempts ?? 3)),
    baseDelayMs: options?.baseDelayMs ?? 200,
    maxDelayMs: options?.maxDelayMs ?? 5000,
    random: options?.random ?? Math.random,
  };
}

/**
 * Server-side failures that a later attempt may not meet. Quick BI's 2021-03-25 actions answer
 * business errors (`Report.NotExist`, ...) with HTTP 500 too, so a 5xx is retried only when its code
 * is a generic gateway one or missing.
 */
const TRANSIENT_5XX_CODES = new Set([
  'InternalError',
  'Internal.System.Error',
  'ServiceUnavailable',
  'ServiceUnavailableTemporary',
  'ServiceTimeout',
  'GatewayTimeout',
  'BadGateway',
  'UPSTREAM_UNAVAILABLE',
  'UPSTREAM_ERROR',
]);

/**
 * Actions that mint a credential on every call. After a timeout the first attempt may still mint
 * (Quick BI keeps working after we stop waiting), and a retry would mint a second one for the same
 * request (an orphan nobody deletes), so these are not retried after a timeout; they are retried
 * after an answer that says nothing was done (throttling, a 5xx), and after a connection failure
 * with no answer (usually refused before the request left; a reset mid-request could in theory mint
 * an unused orphan, which then expires unused: availability is preferred there).
 */
export const NON_IDEMPOTENT_ACTIONS: ReadonlySet<string> = new Set([
  'CreateTicket',
  'CreateEmbedToken',
  'CreateTicket4Copilot',
]);

/** Failures after which Quick BI may have done the work anyway (we or a gateway gave up waiting). */
const MAY_HAVE_SUCCEEDED = new Set([
  'UPSTREAM_TIMEOUT',
  'ServiceTimeout',
  'GatewayTimeout',
  'BadGateway',
]);

export function mayHaveSucceeded(code: string): boolean {
  return MAY_HAVE_SUCCEEDED.has(code);
}

export function isRetryable(code: string, status: number, action?: string): boolean {
  if (isThrottlingCode(code)) return true;
  if (action !== undefined && NON_IDEMPOTENT_ACTIONS.has(action) && mayHaveSucceeded(code))
    return false;
  if (code === 'NETWORK_ERROR' || code === 'UPSTREAM_TIMEOUT') return true;
  if (status >= 500) return code === '' || TRANSIENT_5XX_CODES.has(code);
  return false;
}

/**
 * `x-ratelimit-user-api` / `x-ratelimit-user` carry `Key:Value` pairs, one of them `TimeLeft:<ms>`
 * (spec §7). Returns the largest TimeLeft found, or undefined.
 */
export function throttlingTimeLeft(headers: Headers): number | undefined {
  let best: number | undefined;
  for (const name of ['x-ratelimit-user-api', 'x-ratelimit-user']) {
    const value = headers.get(name);
    if (!value) continue;
    for (const pair of value.split(',')) {
      const [key, raw] = pair.split(':').map((part) => part.trim());
      if (key?.toLowerCase() !== 'timeleft') continue;
      const ms = Number(raw);
      if (Number.isFinite(ms) && ms >= 0) best = Math.max(best ?? 0, ms);
    }
  }
  return best;
}

/** Exponential backoff with full jitter, never shorter than the server's hint, capped. */
export function backoffDelay(retry: ResolvedRetry, attempt: number, hintMs?: number): number {
  const exponential = retry.baseDelayMs * 2 ** (attempt - 1);
  const jittered = exponential / 2 + (retry.random() * exponential) / 2;
  return Math.min(retry.maxDelayMs, Math.max(jittered, hintMs ?? 0));
}
