import { QuickBIEmbedError } from '@quickbi-embed/core';

export interface QuickBIApiErrorOptions {
  /** Quick BI's `Code`, or ours (`UPSTREAM_TIMEOUT`, `NETWORK_ERROR`) when no answer arrived. */
  code: string;
  message: string;
  /** HTTP status of Quick BI's answer; 0 when none arrived. */
  status: number;
  requestId?: string;
  recommend?: string;
  hostId?: string;
  action: string;
  /** How many attempts were made (retries included). */
  attempts: number;
  cause?: unknown;
}

/** A failed Quick BI OpenAPI call. Carries Quick BI's Code, HTTP status, RequestId and Recommend. */
export class QuickBIApiError extends QuickBIEmbedError {
  readonly recommend: string | undefined;
  readonly hostId: string | undefined;
  readonly action: string;
  readonly attempts: number;

  constructor(options: QuickBIApiErrorOptions) {
    super({
      code: options.code,
      message: options.message,
      status: options.status,
      ...(options.requestId === undefined ? {} : { requestId: options.requestId }),
      ...(options.cause === undefined ? {} : { cause: options.cause }),
    });
    this.recommend = options.recommend;
    this.hostId = options.hostId;
    this.action = options.action;
    this.attempts = options.attempts;
  }

  /** `Throttling`, `Throttling.User`, `Throttling.Api`: the SDK's throttling codes (spec §7). */
  get isThrottling(): boolean {
    return isThrottlingCode(this.code);
  }
}

export function isThrottlingCode(code: string): boolean {
  return code === 'Throttling' || code.startsWith('Throttling.');
}

export function isQuickBIApiError(value: unknown): value is QuickBIApiError {
  return value instanceof QuickBIApiError;
}

/** The shape of a value, for messages: never the value itself (it may be a ticket). */
export function describeShape(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'string')
    return value === '' ? 'an empty string' : `a string of ${value.length} characters`;
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * A successful answer whose `Result` is not what the action documents (`Result: ""`, `null`, a
 * non-JSON string where JSON is documented): a typed error, never a raw TypeError/SyntaxError.
 */
export function unexpectedResult(
  action: string,
  answer: { requestId: string },
  expected: string,
  got: unknown,
): QuickBIApiError {
  return new QuickBIApiError({
    code: 'UPSTREAM_ERROR',
    message: `Quick BI ${action} answered Success without ${expected} (Result was ${describeShape(got)})`,
    status: 200,
    action,
    attempts: 1,
    ...(answer.requestId ? { requestId: answer.requestId } : {}),
  });
}
