// `@quickbi-embed/server/express`: the only entry whose types name Express.
export { expressMiddleware } from './adapters/express.js';
export type { ExpressMiddlewareOptions } from './adapters/express.js';
