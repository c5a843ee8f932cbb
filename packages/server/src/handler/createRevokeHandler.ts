import { isAppRefusal } from './grant/authorize.js';
import { fail } from './httpErrors.js';
import { errorAnswer } from './http/errorBoundary.js';
import { refuse } from './http/refusal.js';
import { requestIdOf } from './http/requestId.js';
import { jsonResponse } from './jsonResponse.js';
import { readJsonBody } from './readJsonBody.js';
import type { RevokeInput, RevokeResult } from './revoke.js';

export interface RevokeHandlerOptions {
  /**
   * Required: the signed-in user's subject, as your policies name it (`QuickBIPolicy.subject`), read
   * from your own session; `null` when nobody is signed in (401). A caller revokes their own
   * credentials: `POST {}` (or their own `{ "subject": … }`).
   */
  subjectOf: (request: Request) => string | null | undefined | Promise<string | null | undefined>;
  /**
   * Optional: your own admin check (an admin session, a service token). Only a caller it answers
   * `true` for may name another user's subject in the body; everyone else gets 403. Default: nobody.
   */
  isAdmin?: (request: Request) => boolean | Promise<boolean>;
  /** Default 1024 bytes. */
  maxBodyBytes?: number;
}

/** An app hook's answer, under the embed handler's rule for what it throws (`isAppRefusal`). */
async function ask<T>(hook: () => T | Promise<T>): Promise<T> {
  try {
    return await hook();
  } catch (error) {
    if (isAppRefusal(error)) throw error;
    fail('UNAUTHORIZED', 'Not signed in');
  }
}

/**
 * An optional route for `handler.revoke`: `POST {}` revokes the caller's own credentials (the
 * subject comes from `subjectOf`, never from the body); `POST { "subject": "…" }` for another user
 * only when `isAdmin(request)` is true. Answers `RevokeResult`. Mount it on a path of your choosing.
 */
export function createRevokeHandler(
  handler: { revoke(input: RevokeInput): Promise<RevokeResult> },
  options: RevokeHandlerOptions,
): (request: Request) => Promise<Response> {
  if (typeof options?.subjectOf !== 'function')
    throw new TypeError(
      'createRevokeHandler needs subjectOf(request): the signed-in user, whose own credentials are revoked. ' +
        '(It no longer takes authorize: a subject from the body is honoured only when isAdmin(request) is true.)',
    );
  if (options.isAdmin !== undefined && typeof options.isAdmin !== 'function')
    throw new TypeError('createRevokeHandler: isAdmin must be a function (request) => boolean');
  const maxBodyBytes = options.maxBodyBytes ?? 1024;
  return async (request) => {
    try {
      if (request.method !== 'POST')
        refuse('METHOD_NOT_ALLOWED', 'Use POST', { headers: { allow: 'POST' } });
      const own = await ask(() => options.subjectOf(request));
      const body = (await readJsonBody(request, maxBodyBytes)) as { subject?: unknown } | null;
      const fields = body && typeof body === 'object' ? Object.keys(body) : null;
      const named = body?.subject;
      if (
        fields === null ||
        fields.some((field) => field !== 'subject') ||
        (named !== undefined && (typeof named !== 'string' || named === ''))
      )
        fail('BAD_REQUEST', 'Send {} (your own credentials) or { "subject": "…" }');
      const subject = named ?? own;
      if (typeof subject !== 'string' || subject === '') fail('UNAUTHORIZED', 'Not signed in');
      if (subject !== own && (await ask(() => options.isAdmin?.(request))) !== true) {
        if (!own) fail('UNAUTHORIZED', 'Not signed in');
        fail('FORBIDDEN', "Only an admin may revoke another user's credentials");
      }
      return jsonResponse(200, await handler.revoke({ subject }));
    } catch (error) {
      return errorAnswer(error, {}, requestIdOf(request));
    }
  };
}
