import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from 'express';
import type { QuickBIHandler } from '../handler/createQuickBIHandler.js';
import { basePathOf } from '../handler/mount.js';
import type { QuickBILogger } from '../logger.js';
import { bodyAlreadyReadReporter, toRequest } from './node/toRequest.js';
import { writeResponse } from './node/writeResponse.js';

export interface ExpressMiddlewareOptions {
  /** See `incomingMessageToRequest`: the origin the browser reaches the app at. */
  origin?: string;
  /** @deprecated Pass `logger` to `createQuickBIHandler` instead (see `NodeHandlerOptions.logger`). */
  logger?: QuickBILogger | false;
}

/**
 * Express middleware: `app.use(expressMiddleware(handler))`. Requests outside the handler's base
 * path (and any other handler's 404s) go on to `next()`, so it can sit in front of other routes.
 * Behind `express.json()` it uses the parsed `req.body`; otherwise it reads the body itself.
 */
export function expressMiddleware(handler: QuickBIHandler, options: ExpressMiddlewareOptions = {}) {
  const onBodyAlreadyRead = bodyAlreadyReadReporter(handler, options.logger, 'expressMiddleware');
  return async function quickBIExpress(
    req: ExpressRequest,
    res: ExpressResponse,
    next: NextFunction,
  ) {
    // Pages and assets outside the handler's base path go straight on: no Request is built, no
    // body is touched, and no `request.refused` event is emitted for them.
    const base = basePathOf(handler);
    const pathname = (req.originalUrl ?? req.url ?? '/').split('?')[0] ?? '/';
    if (base !== undefined && !pathname.startsWith(base + '/')) return next();
    try {
      const made = await toRequest(handler, req, res, {
        ...(options.origin ? { origin: options.origin } : {}),
        path: req.originalUrl,
        onBodyAlreadyRead,
      });
      if ('refusal' in made) return await writeResponse(made.refusal, res);
      const response = await handler(made.request);
      // Another fetch handler (unknown base path): its NOT_FOUND means "not mine".
      if (
        base === undefined &&
        response.status === 404 &&
        response.headers.get('content-type')?.includes('json')
      ) {
        const body = (await response.clone().json()) as { error?: { code?: string } };
        if (body.error?.code === 'NOT_FOUND') return next();
      }
      await writeResponse(response, res);
    } catch (error) {
      next(error);
    }
  };
}
