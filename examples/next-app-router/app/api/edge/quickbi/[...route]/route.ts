import { createNextRouteHandlers } from '@quickbi-embed/server/next';
import { createHandler } from '../../../../../lib/quickbi';

// The same handler on the edge runtime: the server's main entry imports no node:* module.
export const runtime = 'edge';

export const { GET, POST, OPTIONS } = createNextRouteHandlers(createHandler('/api/edge/quickbi'));
