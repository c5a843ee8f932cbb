import { createNextRouteHandlers } from '@quickbi-embed/server/next';
import { createHandler } from '../../../../../lib/quickbi';

// The same handler on the edge runtime: the server's main entry imports no node:* module.
//
// Its own store: the edge runtime is a sandbox with its own globalThis, so lib/quickbi.ts's memory
// store here is not the Node routes' one. This route renews only the tickets it minted itself and
// answers 403 TICKET_NOT_OWNED for a ticket the Node page prefetched. Give the pages that use it
// their own adapter, `createHttpAdapter({ baseUrl: '/api/edge/quickbi' })`, with no Node prefetch;
// to share tickets between the runtimes, pass both a store they both reach.
export const runtime = 'edge';

export const { GET, POST, OPTIONS } = createNextRouteHandlers(createHandler('/api/edge/quickbi'));
