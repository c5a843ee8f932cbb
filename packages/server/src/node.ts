// `@quickbi-embed/server/node`: the handler on node:http (and any node-style server, Next.js Pages
// Router API routes included).
export { toNodeHandler } from './adapters/node/toNodeHandler.js';
export type { NodeHandlerOptions } from './adapters/node/toNodeHandler.js';
export { prefetch } from './adapters/node/prefetch.js';
export type { NodePrefetchOptions } from './adapters/node/prefetch.js';
export { incomingMessageToRequest } from './adapters/node/incomingMessageToRequest.js';
export type { IncomingMessageToRequestOptions } from './adapters/node/incomingMessageToRequest.js';
export { writeResponse } from './adapters/node/writeResponse.js';
