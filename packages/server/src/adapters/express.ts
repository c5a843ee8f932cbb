import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from 'express';
import type { QuickBIHandler } from '../handler/createQuickBIHandler.js';
import { incomingMessageToRequest } from './node/incomingMessageToRequest.js';
import { writeResponse } from './node/writeResponse.js';

export interface ExpressMiddlewareOptions {
  /** See `incomingMessageToRequest`: the origin the browser reaches the app at. */
  origin?: string;
}

/**
 * Express middleware: `app.use(expressMiddleware(handler))`. Requests the handler answers 404
 * (outside its base path) go on to `next()`, so it can sit in front of other routes.
 */
export function expressMiddleware(handler: QuickBIHandler, options: ExpressMiddlewareOptions = {}) {
  return async function quickBIExpress(
    req: ExpressRequest,
    res: ExpressResponse,
    next: NextFunction,
  ) {
    try {
      // express.json() may already have read the body; otherwise the stream is still unread.
      const parsed =
        req.body !== undefined && req.readableEnded ? { parsedBody: req.body as unknown } : {};
      const request = incomingMessageToRequest(req, {
        ...(options.origin ? { origin: options.origin } : {}),
        path: req.originalUrl,
        ...parsed,
      });
      const response = await handler(request);
      if (response.status === 404 && response.headers.get('content-type')?.includes('json')) {
        const body = (await response.clone().json()) as { error?: { code?: string } };
        if (body.error?.code === 'NOT_FOUND') return next();
      }
      await writeResponse(response, res);
    } catch (error) {
      next(error);
    }
  };
}
