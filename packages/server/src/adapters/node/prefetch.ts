import type { IncomingMessage } from 'node:http';
import type { Credential } from '@quickbi-embed/core';
import type { PrefetchOptions } from '../../handler/prefetch.js';
import { createNodeRequest } from './nodeRequest.js';

export interface NodePrefetchOptions {
  /** See `NodeHandlerOptions.origin`: the origin the browser reaches the app at. */
  origin?: string;
}

/**
 * `handler.prefetch` for a node:http request: Next.js Pages Router `getServerSideProps`
 * (`context.req`), or any node server rendering a page. Runs the app's `authorize` with this
 * request (its cookies, its session) and answers the credential as plain JSON data with no
 * `undefined` anywhere, which is what `getServerSideProps` props must be.
 */
export async function prefetch(
  handler: { prefetch(request: Request, options: PrefetchOptions): Promise<Credential> },
  req: IncomingMessage,
  options: PrefetchOptions,
  nodeOptions: NodePrefetchOptions = {},
): Promise<Credential> {
  // The page request's own body (a form POST) is not ours to read: the lazy request never does.
  const request = createNodeRequest(req, {
    ...(nodeOptions.origin !== undefined ? { origin: nodeOptions.origin } : {}),
  });
  const credential = await handler.prefetch(request, options);
  // JSON round trip: drops `undefined` fields (Next refuses them in props) and anything not data.
  return JSON.parse(JSON.stringify(credential)) as Credential;
}
