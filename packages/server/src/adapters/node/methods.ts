import { ERROR_STATUS } from '@quickbi-embed/core';
import { errorResponse } from '../../handler/jsonResponse.js';

/**
 * Methods a Web `Request` cannot carry (the constructor throws on them): a fetch handler never
 * sees them, so the node adapters answer them 405 themselves. node:http delivers TRACE to a
 * request listener; its parser refuses TRACK (400) and hands CONNECT to the server's `'connect'`
 * event, but hosts that build their own `IncomingMessage` may pass them on.
 */
const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);

export function forbiddenMethodResponse(method: string | undefined): Response | undefined {
  if (method === undefined || !FORBIDDEN_METHODS.has(method.toUpperCase())) return undefined;
  return errorResponse(
    ERROR_STATUS.METHOD_NOT_ALLOWED,
    { code: 'METHOD_NOT_ALLOWED', message: 'Use POST' },
    { allow: 'POST, OPTIONS' },
  );
}
