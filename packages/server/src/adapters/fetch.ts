import type { QuickBIHandler } from '../handler/createQuickBIHandler.js';

/** For runtimes that take `export default { fetch }` (Bun, Deno, Cloudflare Workers). */
export function createFetchHandler(handler: QuickBIHandler): {
  fetch: (request: Request) => Promise<Response>;
} {
  return { fetch: (request: Request) => handler(request) };
}
