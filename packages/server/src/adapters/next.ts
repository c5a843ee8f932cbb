import type { QuickBIHandler } from '../handler/createQuickBIHandler.js';

/**
 * Next.js App Router route handlers. In `app/api/quickbi/[...route]/route.ts`:
 * `export const { GET, POST, OPTIONS } = createNextRouteHandlers(handler);`
 * Imports nothing from Next.js or node, so the route may run on the edge runtime too.
 */
export function createNextRouteHandlers(handler: QuickBIHandler) {
  const route = (request: Request) => handler(request);
  return { POST: route, OPTIONS: route, GET: route };
}
