import { CONTRACT_VERSION, CONTRACT_VERSION_HEADER } from '@quickbi-embed/core';
import type { Credential } from '@quickbi-embed/core';
import { ACTIONS } from './actions/index.js';
import { inputOf } from './actions/action.js';
import { MAX_BODY_BYTES, pathnameOf } from './fastPath.js';
import { prefetchFor } from './grant/prefetchTicket.js';
import { preflightHeaders } from './http/cors.js';
import { HANDLER_LOG } from './http/shellLog.js';
import { createErrorBoundary } from './http/errorBoundary.js';
import type { RequestScope } from './http/errorBoundary.js';
import { checkOrigin } from './http/originCheck.js';
import { refuse } from './http/refusal.js';
import { matchRoute, refuseUnknownRoute } from './http/routes.js';
import { jsonResponse } from './jsonResponse.js';
import { BASE_PATH } from './mount.js';
import type { PrefetchOptions } from './prefetch.js';
import { readJsonBody } from './readJsonBody.js';
import { revokeSubject } from './revoke.js';
import type { RevokeInput, RevokeResult } from './revoke.js';
import { createHandlerContext } from './setup/handlerContext.js';
import type { QuickBIHandlerOptions } from './setup/handlerContext.js';

export type { QuickBIHandlerOptions } from './setup/handlerContext.js';

/** What the adapters mount: a Web `Request` in, a `Response` out. */
export type QuickBIHandler = (request: Request) => Promise<Response>;

/** What `createQuickBIHandler` returns: the handler, plus a server-side `prefetch` and `revoke`. */
export interface QuickBIServerHandler extends QuickBIHandler {
  /**
   * Issues a credential for a server render (React Server Components, SSR): runs the same
   * `authorize` with this request (cookies, session), skips the origin/CSRF checks (the call is
   * server-internal, there is no browser request to forge), and reserves exactly one use for the
   * page's first embed. A loader run again for a ticket report the page already shows (its
   * `quickbi-held` cookie says so, on a data fetch: `Sec-Fetch-Mode` other than `navigate`)
   * reserves and mints nothing: the answer is the cached ticket with `reservedUses: 0`, which the
   * browser never shows. The answer is plain JSON, safe to pass to the browser.
   */
  prefetch(request: Request, options: PrefetchOptions): Promise<Credential>;
  /** Deletes every live credential of `subject` upstream and forgets it (see revoke.ts). */
  revoke(input: RevokeInput): Promise<RevokeResult>;
}

const ALLOW = 'POST, OPTIONS';

/**
 * The one server handler: a Web `Request` in, a `Response` out. Mount it with the adapters
 * (node:http, Express, Next.js) or call it from any fetch-style runtime. The shell checks the
 * route, origin, method, contract version and body, runs the route's action, and answers every
 * error in one boundary (`http/errorBoundary.ts`).
 */
export function createQuickBIHandler(options: QuickBIHandlerOptions): QuickBIServerHandler {
  const shell = createHandlerContext(options);
  const answerError = createErrorBoundary(shell);

  const handleQuickBI = async function handleQuickBI(request: Request): Promise<Response> {
    const pathname = pathnameOf(request);
    const name = matchRoute(shell.basePath, pathname);
    const scope: RequestScope = { request, route: name ?? pathname, where: pathname, cors: {} };
    try {
      const origin = checkOrigin(request, shell);
      scope.cors = origin.cors;
      if (!name) refuseUnknownRoute(shell.basePath, request.method, pathname);
      origin.enforce(pathname);
      if (request.method === 'OPTIONS') {
        const asking = request.headers.get('origin');
        if (!asking) refuse('BAD_REQUEST', 'A preflight needs an Origin');
        const headers = preflightHeaders(
          asking,
          request.headers.get('access-control-request-headers'),
        );
        return new Response(null, { status: 204, headers: { ...headers, vary: 'Origin' } });
      }
      if (request.method !== 'POST')
        refuse('METHOD_NOT_ALLOWED', 'Use POST', { headers: { allow: ALLOW } });
      const contract = request.headers.get(CONTRACT_VERSION_HEADER);
      if (contract !== null && contract !== String(CONTRACT_VERSION))
        refuse(
          'BAD_REQUEST',
          `Unsupported contract version ${JSON.stringify(contract.slice(0, 10))}; this server speaks ${CONTRACT_VERSION}`,
        );
      const body = await readJsonBody(request, shell.maxBodyBytes);
      const action = ACTIONS[name];
      const answer = await action.run(inputOf(action, body), { request, shell });
      return jsonResponse(200, answer, scope.cors);
    } catch (error) {
      return answerError(error, scope);
    }
  };

  // Lets our node:http adapter buffer the body itself, never past this limit.
  return Object.assign(handleQuickBI, {
    prefetch: (request: Request, given: PrefetchOptions) => prefetchFor(shell, request, given),
    [MAX_BODY_BYTES]: shell.maxBodyBytes,
    revoke: (input: RevokeInput) => revokeSubject(shell.issuer, input),
    [BASE_PATH]: shell.basePath,
    // The adapters log through the handler's own logger.
    [HANDLER_LOG]: shell.log,
  });
}
