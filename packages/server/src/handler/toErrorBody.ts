import { isQuickBIEmbedError } from '@quickbi-embed/core';
import type { ErrorBody } from '@quickbi-embed/core';
import { QuickBIApiError } from '../client/quickbiApiError.js';

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

function upstream(error: QuickBIApiError): HttpError {
  const requestId = error.requestId ? { requestId: error.requestId } : {};
  if (error.isThrottling)
    return {
      status: 503,
      error: {
        code: 'UPSTREAM_THROTTLED',
        message: 'Quick BI is throttling requests; retry shortly',
        ...requestId,
      },
      headers: { 'retry-after': '1' },
    };
  if (error.code === 'UPSTREAM_TIMEOUT')
    return {
      status: 504,
      error: { code: 'UPSTREAM_TIMEOUT', message: 'Quick BI did not answer in time' },
    };
  if (error.code === 'NETWORK_ERROR')
    return {
      status: 503,
      error: { code: 'UPSTREAM_UNAVAILABLE', message: 'Quick BI could not be reached' },
    };
  if (TRANSIENT.test(error.code))
    return {
      status: error.status === 503 ? 503 : 502,
      error: {
        code: error.status === 503 ? 'UPSTREAM_UNAVAILABLE' : 'UPSTREAM_ERROR',
        message: 'Quick BI failed to answer; retry shortly',
        ...requestId,
      },
    };
  if (SERVER_SIDE_CODES.test(error.code))
    return {
      status: 502,
      error: {
        code: 'UPSTREAM_ERROR',
        message: 'Quick BI refused the server’s request',
        ...requestId,
      },
    };
  // A Quick BI business answer (report not embeddable, ticket expired, …): its code explains it.
  return { status: 502, error: { code: error.code, message: error.message, ...requestId } };
}

export function toHttpError(error: unknown): HttpError {
  if (error instanceof QuickBIApiError) return upstream(error);
  // Our own typed errors carry safe messages (e.g. a store's 503 STORE_UNAVAILABLE); a plain 500
  // may hide a bug, so it stays generic.
  if (isQuickBIEmbedError(error) && error.status >= 400 && error.status !== 500)
    return {
      status: error.status,
      error: { code: error.code, message: error.message },
      ...(error.status === 503 ? { headers: { 'retry-after': '1' } } : {}),
    };
  return {
    status: 500,
    error: { code: 'INTERNAL', message: 'The embed server failed; see its logs' },
  };
}
