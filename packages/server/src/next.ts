// `@quickbi-embed/server/next`: App Router route handlers (node or edge runtime).
export { createNextRouteHandlers } from './adapters/next.js';
