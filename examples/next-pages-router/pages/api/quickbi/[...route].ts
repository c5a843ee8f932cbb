import { toNodeHandler } from '@quickbi-embed/server/node';
import { quickbi } from '../../../lib/quickbi';

// The whole contract (/api/quickbi/ticket, /ticket/renew, …) under one catch-all API route. Next's
// body parser stays on: the adapter takes the body it already parsed (`req.body`).
export default toNodeHandler(quickbi);
