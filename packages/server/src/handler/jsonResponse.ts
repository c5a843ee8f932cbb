import { CONTRACT_VERSION, CONTRACT_VERSION_HEADER } from '@quickbi-embed/core';
import type { ErrorBody } from '@quickbi-embed/core';

const BASE_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  // Credentials are per user and short-lived: no shared cache may keep them.
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  [CONTRACT_VERSION_HEADER]: String(CONTRACT_VERSION),
};

import { attachResponseText } from './fastPath.js';

export function jsonResponse(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): Response {
  const text = JSON.stringify(body);
  return attachResponseText(
    new Response(text, { status, headers: { ...BASE_HEADERS, vary: 'Origin', ...headers } }),
    text,
  );
}

export function errorResponse(
  status: number,
  error: ErrorBody['error'],
  headers: Record<string, string> = {},
): Response {
  return jsonResponse(status, { error } satisfies ErrorBody, headers);
}
