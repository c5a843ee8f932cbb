import type { IncomingMessage, ServerResponse } from 'node:http';
import { ERROR_STATUS } from '@quickbi-embed/core';
import type { QuickBIHandler } from '../../handler/createQuickBIHandler.js';
import type { QuickBILogger } from '../../logger.js';
import type { IncomingMessageToRequestOptions } from './incomingMessageToRequest.js';
import { bodyAlreadyReadReporter, toRequest } from './toRequest.js';
import { writeResponse } from './writeResponse.js';

export interface NodeHandlerOptions extends Pick<IncomingMessageToRequestOptions, 'origin'> {
  /**
   * @deprecated Pass `logger` to `createQuickBIHandler` instead: the adapter's own line (a body a
   * framework read and left no `req.body` for) goes to the handler's logger. Still obeyed when
   * given here (`false` silences that line), with a warning.
   */
  logger?: QuickBILogger | false;
}

/**
 * The handler as a node:http listener: `http.createServer(toNodeHandler(handler))`, a Next.js
 * Pages Router API route (`export default toNodeHandler(handler)`), or any node-style server.
 *
 * For a `createQuickBIHandler` handler it takes a fast path: the body is buffered here (never past
 * the handler's `maxBodyBytes`), the `Request` is a lazy one reading the `IncomingMessage`
 * directly, and the JSON answer is written straight to the socket; any other fetch handler gets a
 * full Web `Request` with a streamed body. A body a framework already read (`req.body`, as Next.js's
 * and Express's body parsers set it) is used as is.
 */
export function toNodeHandler(handler: QuickBIHandler, options: NodeHandlerOptions = {}) {
  const onBodyAlreadyRead = bodyAlreadyReadReporter(handler, options.logger, 'toNodeHandler');
  const where = options.origin !== undefined ? { origin: options.origin } : {};
  return async function quickBINodeHandler(
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    try {
      const made = await toRequest(handler, req, res, { ...where, onBodyAlreadyRead });
      await writeResponse('refusal' in made ? made.refusal : await handler(made.request), res);
    } catch {
      // Only a broken connection gets here: the handler itself answers every failure.
      if (!res.headersSent)
        res.writeHead(ERROR_STATUS.INTERNAL, { 'content-type': 'application/json' });
      res.end('{"error":{"code":"INTERNAL","message":"The embed server failed"}}');
    }
  };
}
