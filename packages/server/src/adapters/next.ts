import type { QuickBIHandler } from '../handler/createQuickBIHandler.js';

/**
 * Next.js App Router route handlers. In `app/api/quickbi/[...route]/route.ts`:
 * `export const { POST, OPTIONS } = createNextRouteHandlers(handler);`
 * The handler is a plain fetch handler, so exporting it directly as `POST` works too.
 */
export function createNextRouteHandlers(handler: QuickBIHandler) {
  const route = (request: Request) => handler(request);
  return { POST: route, OPTIONS: route, GET: route };
}

/** For runtimes that take `export default { fetch }` (Bun, Deno, Cloudflare Workers). */
export function createFetchHandler(handler: QuickBIHandler): {
  fetch: (request: Request) => Promise<Response>;
} {
  return { fetch: (request: Request) => handler(request) };
}
