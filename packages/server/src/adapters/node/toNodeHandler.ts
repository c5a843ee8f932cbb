import type { IncomingMessage, ServerResponse } from 'node:http';
import type { QuickBIHandler } from '../../handler/createQuickBIHandler.js';
import { incomingMessageToRequest } from './incomingMessageToRequest.js';
import type { IncomingMessageToRequestOptions } from './incomingMessageToRequest.js';
import { writeResponse } from './writeResponse.js';
import { readBoundedBody } from './readBoundedBody.js';
import { MAX_BODY_BYTES } from '../../handler/fastPath.js';

export type NodeHandlerOptions = Pick<IncomingMessageToRequestOptions, 'origin'>;

/** The handler as a node:http listener: `http.createServer(toNodeHandler(handler))`. */
export function toNodeHandler(handler: QuickBIHandler, options: NodeHandlerOptions = {}) {
  return async function quickBINodeHandler(
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const controller = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) controller.abort();
    });
    try {
      const limit = (handler as { [MAX_BODY_BYTES]?: number })[MAX_BODY_BYTES];
      const method = req.method ?? 'GET';
      // Our own handler takes a pre-read body (bounded by its limit); any other gets a stream.
      const bufferedBody =
        limit !== undefined && method !== 'GET' && method !== 'HEAD'
          ? await readBoundedBody(req, limit)
          : undefined;
      const request = incomingMessageToRequest(req, {
        ...options,
        signal: controller.signal,
        ...(bufferedBody ? { bufferedBody } : {}),
      });
      const response = await handler(request);
      await writeResponse(response, res);
    } catch {
      // Only a broken connection gets here: the handler itself answers every failure.
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end('{"error":{"code":"INTERNAL","message":"The embed server failed"}}');
    }
  };
}
