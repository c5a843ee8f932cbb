import { isQuickBIEmbedError } from '@quickbi-embed/core';
import { fail } from './httpErrors.js';
import { errorResponse, jsonResponse } from './jsonResponse.js';
import { readJsonBody } from './readJsonBody.js';
import type { RevokeInput, RevokeResult } from './revoke.js';
import { toHttpError } from './toErrorBody.js';

export interface RevokeHandlerOptions {
  /**
   * Required: your own check that the caller may revoke (an admin session, a service token). Return
   * false to refuse (403); throw for "not signed in" (401). Revocation is never open to browsers
   * by default: the embed handler has no revoke route, and this one exists only where you mount it.
   */
  authorize: (request: Request) => boolean | Promise<boolean>;
  /** Default 1024 bytes. */
  maxBodyBytes?: number;
}

/**
 * An optional route for `handler.revoke`: `POST` `{ "subject": "…" }` → `RevokeResult`. Mount it
 * on a path of your choosing, behind your own auth.
 */
export function createRevokeHandler(
  handler: { revoke(input: RevokeInput): Promise<RevokeResult> },
  options: RevokeHandlerOptions,
): (request: Request) => Promise<Response> {
  if (typeof options?.authorize !== 'function')
    throw new TypeError(
      'createRevokeHandler needs authorize(request): revocation must sit behind your own auth',
    );
  const maxBodyBytes = options.maxBodyBytes ?? 1024;
  return async (request) => {
    try {
      if (request.method !== 'POST') fail('METHOD_NOT_ALLOWED', 'Use POST');
      let allowed: boolean;
      try {
        allowed = await options.authorize(request);
      } catch {
        fail('UNAUTHORIZED', 'Not signed in');
      }
      if (allowed !== true) fail('FORBIDDEN', 'Not allowed to revoke credentials');
      const body = (await readJsonBody(request, maxBodyBytes)) as { subject?: unknown } | null;
      const keys = body && typeof body === 'object' ? Object.keys(body) : [];
      if (typeof body?.subject !== 'string' || keys.length !== 1)
        fail('BAD_REQUEST', 'Send exactly { "subject": "…" }');
      return jsonResponse(200, await handler.revoke({ subject: body.subject }));
    } catch (error) {
      const mapped = toHttpError(error);
      const headers = {
        ...mapped.headers,
        ...(isQuickBIEmbedError(error) && error.code === 'METHOD_NOT_ALLOWED'
          ? { allow: 'POST' }
          : {}),
      };
      return errorResponse(mapped.status, mapped.error, headers);
    }
  };
}
