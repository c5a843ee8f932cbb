import type { IncomingMessage, ServerResponse } from 'node:http';
import { ERROR_STATUS } from '@quickbi-embed/core';
import type { QuickBIHandler } from '../../handler/createQuickBIHandler.js';
import { MAX_BODY_BYTES } from '../../handler/fastPath.js';
import { errorResponse } from '../../handler/jsonResponse.js';
import { handlerLogOf } from '../../handler/http/shellLog.js';
import type { QuickBILogger } from '../../logger.js';
import { consoleLogger } from '../../logger.js';
import { BODY_ALREADY_READ, BODY_ALREADY_READ_MESSAGE, frameworkBody } from './frameworkBody.js';
import { incomingMessageToRequest } from './incomingMessageToRequest.js';
import { forbiddenMethodResponse } from './methods.js';
import { createNodeRequest } from './nodeRequest.js';
import { readBoundedBody } from './readBoundedBody.js';

export interface ToRequestOptions {
  origin?: string;
  /** Instead of `req.url` (Express mounts rewrite it). */
  path?: string;
  /** Told once per adapter when a framework read the body and left none. */
  onBodyAlreadyRead: () => void;
}

/**
 * What every node adapter does before calling the fetch handler: methods no `Request` can carry
 * answer 405; a body a framework already read (`req.body`) is used as is, and one read without a
 * `req.body` answers 500 NOT_CONFIGURED naming the fix instead of waiting forever on an ended
 * stream. A `createQuickBIHandler` handler gets a lazy Request over a buffered body (bounded by
 * its `maxBodyBytes`); any other fetch handler a full `Request` with a streamed body.
 */
export async function toRequest(
  handler: QuickBIHandler,
  req: IncomingMessage,
  res: ServerResponse,
  options: ToRequestOptions,
): Promise<{ request: Request } | { refusal: Response }> {
  const refusal = forbiddenMethodResponse(req.method);
  if (refusal) return { refusal };
  const limit = (handler as { [MAX_BODY_BYTES]?: number })[MAX_BODY_BYTES];
  const method = req.method ?? 'GET';
  let body: Uint8Array | undefined;
  if (method !== 'GET' && method !== 'HEAD') {
    const given = frameworkBody(req);
    if (given === BODY_ALREADY_READ) {
      options.onBodyAlreadyRead();
      return {
        refusal: errorResponse(ERROR_STATUS.NOT_CONFIGURED, {
          code: 'NOT_CONFIGURED',
          message: BODY_ALREADY_READ_MESSAGE,
        }),
      };
    }
    body = given ?? (limit !== undefined ? await readBoundedBody(req, limit) : undefined);
  }
  const where = {
    ...(options.origin !== undefined ? { origin: options.origin } : {}),
    ...(options.path !== undefined ? { path: options.path } : {}),
  };
  if (limit !== undefined)
    return { request: createNodeRequest(req, { ...where, res, ...(body ? { body } : {}) }) };
  return {
    request: incomingMessageToRequest(req, {
      ...where,
      signal: abortOnClose(res),
      ...(body ? { bufferedBody: body } : {}),
    }),
  };
}

/**
 * Logs the body-already-read misconfiguration once per adapter, through the handler's own log
 * (its `logger` option; `console` for any other fetch handler). `logger`: the adapter's deprecated
 * option, still obeyed when given (`false`: silent), with one warning naming the fix.
 */
export function bodyAlreadyReadReporter(
  handler: QuickBIHandler,
  logger: QuickBILogger | false | undefined,
  adapter: 'toNodeHandler' | 'expressMiddleware',
) {
  const own = handlerLogOf(handler);
  if (logger !== undefined)
    (own ?? shellLike(consoleLogger)).warn(
      `${adapter}'s logger option is deprecated: the handler's logger gets the adapter's lines too. ` +
        `Fix: pass logger to createQuickBIHandler and drop it from ${adapter}`,
      { event: 'quickbi.adapter.logger_deprecated' },
    );
  let told = false;
  return () => {
    if (told) return;
    told = true;
    if (logger !== undefined) {
      // The deprecated adapter option: the line as it always was.
      if (logger)
        logger.error?.('quickbi.node.body_already_read', { message: BODY_ALREADY_READ_MESSAGE });
      return;
    }
    (own ?? shellLike(consoleLogger)).error(BODY_ALREADY_READ_MESSAGE, {
      event: 'quickbi.node.body_already_read',
      code: 'NOT_CONFIGURED',
    });
  };
}

/** A plain logger for a fetch handler that has no log of its own. */
function shellLike(logger: QuickBILogger) {
  return {
    warn: (message: string, fields: Record<string, unknown>) => logger.warn?.(message, fields),
    error: (message: string, fields: Record<string, unknown>) => logger.error?.(message, fields),
  };
}

function abortOnClose(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller.signal;
}
