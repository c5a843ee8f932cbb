import { isSameOrigin } from './sameOrigin.js';

/**
 * Which browser origins may call the handler, and the CORS headers they get. Default: only the
 * handler's own host. Listed origins are echoed with credentials allowed (never `*`), so an app
 * whose API lives on another subdomain keeps its session cookies.
 */
export type AllowedOrigins = readonly string[] | ((origin: string) => boolean);

/**
 * The app's own origin (scheme, host and port, see `sameOrigin.ts`) is always allowed; then the
 * listed origins. `null` (sandboxed frames, `file:`) never is. Throws `BAD_HOST` for a malformed Host.
 */
export function isOriginAllowed(
  origin: string,
  request: Request,
  allowed: AllowedOrigins | undefined,
  trustProxy = false,
): boolean {
  if (origin === 'null') return false;
  if (isSameOrigin(origin, request, trustProxy)) return true;
  if (allowed === undefined) return false;
  if (typeof allowed === 'function') return allowed(origin);
  return allowed.includes(origin);
}

export function corsHeaders(origin: string | null): Record<string, string> {
  if (!origin) return {};
  return {
    'access-control-allow-origin': origin,
    'access-control-allow-credentials': 'true',
    // x-request-id: the browser's error can name the server log line it matches.
    'access-control-expose-headers': 'x-quickbi-embed-contract, x-request-id',
  };
}

const HEADER_NAME = /^[A-Za-z0-9-]+$/;

export function preflightHeaders(
  origin: string,
  requestedHeaders: string | null,
): Record<string, string> {
  const asked = (requestedHeaders ?? '')
    .split(',')
    .map((h) => h.trim())
    .filter((h) => HEADER_NAME.test(h));
  const allowHeaders = new Set([
    'content-type',
    'x-quickbi-embed-contract',
    ...asked.map((h) => h.toLowerCase()),
  ]);
  return {
    ...corsHeaders(origin),
    'access-control-allow-methods': 'POST, OPTIONS',
    'access-control-allow-headers': [...allowHeaders].join(', '),
    'access-control-max-age': '600',
  };
}
