import { ERROR_STATUS, isQuickBIEmbedError } from '@quickbi-embed/core';
import type { EmbedErrorCode, ErrorBody } from '@quickbi-embed/core';
import { QuickBIApiError } from '../../client/quickbiApiError.js';
import { QuotaExceededError } from '../quota.js';
import { Refusal } from './refusal.js';

export interface HttpError {
  status: number;
  error: ErrorBody['error'];
  headers?: Record<string, string>;
}

/**
 * Quick BI refused the server itself (keys, signature, clock, permissions): the browser learns only
 * that upstream failed; the details go to the server's log and `onEvent`.
 */
const SERVER_SIDE_CODES =
  /^(InvalidAccessKeyId|SignatureDoesNotMatch|IncompleteSignature|IllegalTimestamp|SignatureNonceUsed|InvalidSecurityToken|Forbidden|Access\.Forbidden|InvalidAction|InvalidVersion|MissingParameter|InvalidParameter|UnsupportedHTTPMethod|Instance\.|NoPermission|UPSTREAM_ERROR)/;

const TRANSIENT =
  /^(InternalError|Internal\.System\.Error|ServiceUnavailable|UPSTREAM_UNAVAILABLE)/;

/** Every status comes from core's one table; nothing here decides one. */
function typed(
  code: EmbedErrorCode,
  message: string,
  extra: { requestId?: string; headers?: Record<string, string> } = {},
): HttpError {
  return {
    status: ERROR_STATUS[code],
    error: { code, message, ...(extra.requestId ? { requestId: extra.requestId } : {}) },
    ...(extra.headers ? { headers: extra.headers } : {}),
  };
}

function upstream(error: QuickBIApiError): HttpError {
  const requestId = error.requestId;
  if (error.isThrottling)
    return typed('UPSTREAM_THROTTLED', 'Quick BI is throttling requests; retry shortly', {
      ...(requestId ? { requestId } : {}),
      headers: { 'retry-after': '1' },
    });
  if (error.code === 'UPSTREAM_TIMEOUT')
    return typed('UPSTREAM_TIMEOUT', 'Quick BI did not answer in time');
  if (error.code === 'NETWORK_ERROR')
    return typed('UPSTREAM_UNAVAILABLE', 'Quick BI could not be reached');
  if (TRANSIENT.test(error.code))
    return typed(
      error.status === 503 ? 'UPSTREAM_UNAVAILABLE' : 'UPSTREAM_ERROR',
      'Quick BI failed to answer; retry shortly',
      requestId ? { requestId } : {},
    );
  if (SERVER_SIDE_CODES.test(error.code))
    return typed('UPSTREAM_ERROR', 'Quick BI refused the server’s request', {
      ...(requestId ? { requestId } : {}),
    });
  // A Quick BI business answer (report not embeddable, ticket expired, …): its code explains it,
  // with the status of any upstream refusal.
  return {
    status: ERROR_STATUS.UPSTREAM_ERROR,
    error: { code: error.code, message: error.message, ...(requestId ? { requestId } : {}) },
  };
}

/** The table's status for a code; undefined for a code not ours (an app's own, Quick BI's). */
export const statusOf = (code: string): number | undefined =>
  (ERROR_STATUS as Record<string, number | undefined>)[code];

function extraHeaders(error: unknown, status: number): Record<string, string> | undefined {
  if (error instanceof Refusal && Object.keys(error.headers).length > 0) return error.headers;
  if (error instanceof QuotaExceededError)
    return { 'retry-after': String(error.retryAfterSeconds) };
  return status === 503 ? { 'retry-after': '1' } : undefined;
}

// 500s that are the app's configuration, not a bug, and whose messages name a setting, never a value.
const CONFIGURATION_ERRORS = new Set(['SCHEME_VIOLATION', 'NOT_CONFIGURED']);

export function toHttpError(error: unknown): HttpError {
  if (error instanceof QuickBIApiError) return upstream(error);
  // Our own typed errors carry safe messages (e.g. a store's 503 STORE_UNAVAILABLE); a plain 500
  // may hide a bug, so it stays generic. A typed code's status is the table's, whatever was thrown.
  if (isQuickBIEmbedError(error)) {
    const status = statusOf(error.code) ?? error.status;
    if (status >= 400 && (status !== 500 || CONFIGURATION_ERRORS.has(error.code))) {
      const headers = extraHeaders(error, status);
      return {
        status,
        error: { code: error.code, message: error.message },
        ...(headers ? { headers } : {}),
      };
    }
  }
  return typed('INTERNAL', 'The embed server failed; see its logs');
}
