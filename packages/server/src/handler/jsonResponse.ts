import { CONTRACT_VERSION, CONTRACT_VERSION_HEADER } from '@quickbi-embed/core';
import type { ErrorBody } from '@quickbi-embed/core';
import { createJsonResponse } from './fastPath.js';

const BASE_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  // Credentials are per user and short-lived: no shared cache may keep them.
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  [CONTRACT_VERSION_HEADER]: String(CONTRACT_VERSION),
};

/**
 * A JSON answer. A real `Response` to every reader; our node adapter writes its text straight to
 * the socket without building the undici object (see fastPath.ts).
 */
// The headers of an answer with none of its own (most of them): one shared, frozen record (the
// node adapter only reads it; a real Response copies it).
const PLAIN_HEADERS: Record<string, string> = Object.freeze({ ...BASE_HEADERS, vary: 'Origin' });

export function jsonResponse(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): Response {
  let own = false;
  for (const _ in headers) {
    own = true;
    break;
  }
  if (!own) return createJsonResponse(status, PLAIN_HEADERS, JSON.stringify(body));
  const merged: Record<string, string> = { ...BASE_HEADERS, vary: 'Origin' };
  // Lower-case names, as a `Headers` would hold them (the node adapter writes these as they are).
  for (const name in headers) merged[name.toLowerCase()] = headers[name]!;
  return createJsonResponse(status, merged, JSON.stringify(body));
}

export function errorResponse(
  status: number,
  error: ErrorBody['error'],
  headers: Record<string, string> = {},
): Response {
  return jsonResponse(status, { error } satisfies ErrorBody, headers);
}
