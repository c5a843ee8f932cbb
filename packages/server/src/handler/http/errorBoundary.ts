import { isQuickBIEmbedError } from '@quickbi-embed/core';
import { QuickBIApiError } from '../../client/quickbiApiError.js';
import { NON_IDEMPOTENT_ACTIONS, mayHaveSucceeded } from '../../client/retry.js';
import { errorResponse } from '../jsonResponse.js';
import type { HandlerContext } from '../setup/handlerContext.js';
import { createNotConfiguredLog } from './notConfigured.js';
import { Refusal, quoted, say } from './refusal.js';
import { requestIdOf } from './requestId.js';
import { toHttpError } from './toErrorBody.js';
import { upstreamAdvice } from './upstreamAdvice.js';

/**
 * The one place an error becomes an answer: its status from core's `ERROR_STATUS` (through
 * `toHttpError`), its headers, and the `x-request-id` its log line carries. Used by every handler
 * this package builds.
 */
export function errorAnswer(
  error: unknown,
  headers: Record<string, string>,
  requestId: string,
): Response {
  const mapped = toHttpError(error);
  return errorResponse(mapped.status, mapped.error, {
    ...headers,
    ...mapped.headers,
    'x-request-id': requestId,
  });
}

export interface RequestScope {
  request: Request;
  /** The contract route's name (`ticket`), or the unknown path asked for: `onEvent`'s `route`. */
  route: string;
  /** The path asked for: where the log line says it happened. */
  where: string;
  cors: Record<string, string>;
}

/**
 * The handler's error boundary: reports the error (`onEvent`, and one log line naming its code,
 * cause and fix), then answers it. A 4xx the shell refused logs only when the app's own setup
 * causes it (origin, mount path), once; other 4xx are the caller's and stay at `info`.
 */
export function createErrorBoundary(shell: HandlerContext) {
  const logNotConfigured = createNotConfiguredLog(shell.log);
  return function answer(error: unknown, scope: RequestScope): Response {
    const requestId = requestIdOf(scope.request);
    const mapped = toHttpError(error);
    const fields = { code: mapped.error.code, requestId, route: scope.route };
    if (error instanceof QuickBIApiError) {
      const notRetried = NON_IDEMPOTENT_ACTIONS.has(error.action) && mayHaveSucceeded(error.code);
      shell.emit({
        type: 'upstream.error',
        action: error.action,
        status: error.status,
        code: error.code,
        ...(error.requestId ? { requestId: error.requestId } : {}),
        ...(notRetried ? { notRetried: 'create-may-have-succeeded' as const } : {}),
      });
      const advice = upstreamAdvice(error.code);
      const upstreamId = error.requestId ? `, Quick BI requestId ${error.requestId}` : '';
      shell.log[advice.config ? 'error' : 'warn'](
        say(
          mapped.error.code,
          scope.where,
          `Quick BI answered ${error.action} with ${error.code} (HTTP ${error.status}${upstreamId}): ${quoted(error.message, 200)}. Check: ${advice.check}`,
        ),
        {
          ...fields,
          event: 'quickbi.upstream.error',
          action: error.action,
          upstreamCode: error.code,
          upstreamStatus: error.status,
          upstreamRequestId: error.requestId,
        },
      );
    } else if (logNotConfigured(error, scope.where, fields)) {
      // Logged once per handler.
    } else if (mapped.status >= 500) {
      const cause = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      shell.log.error(say(mapped.error.code, scope.where, cause.slice(0, 500)), {
        ...fields,
        event: 'quickbi.handler.error',
      });
    } else {
      shell.emit({
        type: 'request.refused',
        route: scope.route,
        status: mapped.status,
        code: mapped.error.code,
        message: mapped.error.message,
      });
      const explained = error instanceof Refusal ? error.explanation : undefined;
      if (explained)
        shell.log.once('warn', explained.key, explained.line, { ...fields, ...explained.fields });
      else if (isQuickBIEmbedError(error))
        shell.log.info(say(mapped.error.code, scope.where, mapped.error.message), {
          ...fields,
          event: 'quickbi.request.refused',
        });
    }
    return errorAnswer(error, scope.cors, requestId);
  };
}
