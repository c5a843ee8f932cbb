/**
 * Where a `createQuickBIHandler` handler is mounted, readable by adapters (Express) so they can
 * pass other paths on without building a Request or reading their bodies.
 */
export const BASE_PATH: unique symbol = Symbol.for('@quickbi-embed/server.basePath');

/** The handler's base path (`/api/quickbi`), or undefined for any other fetch handler. */
export function basePathOf(handler: object): string | undefined {
  const value = (handler as { [BASE_PATH]?: unknown })[BASE_PATH];
  return typeof value === 'string' ? value : undefined;
}
