import type { EmbedErrorCode } from './contract.js';

/** HTTP status for each of our own error codes (one table, as in tRPC / Auth.js). */
export const ERROR_STATUS: Record<EmbedErrorCode, number> = {
  BAD_REQUEST: 400,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PAYLOAD_TOO_LARGE: 413,
  METHOD_NOT_ALLOWED: 405,
  NOT_FOUND: 404,
  FORBIDDEN_ORIGIN: 403,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  TICKET_NOT_OWNED: 403,
  TICKET_EXHAUSTED: 409,
  UPSTREAM_ERROR: 502,
  UPSTREAM_THROTTLED: 503,
  UPSTREAM_TIMEOUT: 504,
  UPSTREAM_UNAVAILABLE: 503,
  NETWORK_ERROR: 0,
  INTERNAL: 500,
  STORE_UNAVAILABLE: 503,
  CREDENTIAL_KIND_REFUSED: 403,
  COMPONENT_NOT_ALLOWED: 403,
  FILTER_NOT_ALLOWED: 403,
  QUOTA_EXCEEDED: 429,
  BAD_HOST: 400,
  NOT_CONFIGURED: 500,
  SCHEME_VIOLATION: 500,
  REPORT_ORIGIN_REJECTED: 0,
};

export interface QuickBIEmbedErrorOptions {
  code: EmbedErrorCode | (string & {});
  message: string;
  /**
   * HTTP status as seen by the caller (0 when no response arrived): `ERROR_STATUS[code]` for our
   * codes. Required rather than looked up here, so the browser's bundle does not carry the table.
   */
  status: number;
  requestId?: string;
  cause?: unknown;
}

/** The one error type our packages throw and return. Never carries a secret in its message. */
export class QuickBIEmbedError extends Error {
  override readonly name = 'QuickBIEmbedError';
  readonly code: EmbedErrorCode | (string & {});
  readonly status: number;
  readonly requestId: string | undefined;

  constructor(options: QuickBIEmbedErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code;
    this.status = options.status;
    this.requestId = options.requestId;
  }

  /** True for failures the caller caused (4xx): retrying the same request will not help. */
  get isClientError(): boolean {
    return this.status >= 400 && this.status < 500;
  }

  toJSON() {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.requestId ? { requestId: this.requestId } : {}),
      },
    };
  }
}

export function isQuickBIEmbedError(value: unknown): value is QuickBIEmbedError {
  return value instanceof QuickBIEmbedError;
}
