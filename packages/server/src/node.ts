// `@quickbi-embed/server/node`: the handler on node:http (and any node-style server).
export { toNodeHandler } from './adapters/node/toNodeHandler.js';
export type { NodeHandlerOptions } from './adapters/node/toNodeHandler.js';
export { incomingMessageToRequest } from './adapters/node/incomingMessageToRequest.js';
export type { IncomingMessageToRequestOptions } from './adapters/node/incomingMessageToRequest.js';
export { writeResponse } from './adapters/node/writeResponse.js';
