import type { HandlerContext } from '../setup/handlerContext.js';
import { corsHeaders, isOriginAllowed } from './cors.js';
import { quoted, refuse, say } from './refusal.js';
import type { Explanation } from './refusal.js';
import { ownOrigin } from './sameOrigin.js';

export interface OriginVerdict {
  /** Headers every answer to this request carries (CORS for an allowed cross-origin caller). */
  cors: Record<string, string>;
  /** Throws 403 FORBIDDEN_ORIGIN (its explanation for the log) unless the origin may call. */
  enforce(where: string): void;
}

/** A request without `Origin`: no CORS headers, nothing to enforce (one shared, frozen verdict). */
const NO_ORIGIN: OriginVerdict = Object.freeze({
  cors: Object.freeze({}),
  enforce: () => undefined,
});

/**
 * The request's `Origin` against the handler's own origin and `allowedOrigins`. No `Origin` (a
 * server, curl, a same-origin GET) passes. Throws `BAD_HOST` for a malformed Host.
 */
export function checkOrigin(request: Request, shell: HandlerContext): OriginVerdict {
  const origin = request.headers.get('origin');
  if (origin === null) return NO_ORIGIN;
  const allowed = isOriginAllowed(origin, request, shell.options.allowedOrigins, shell.trustProxy);
  return {
    cors: allowed ? corsHeaders(origin) : {},
    enforce(where) {
      if (!allowed)
        refuse('FORBIDDEN_ORIGIN', 'This origin may not call the embed server', {
          explain: explainOrigin(origin, request, shell, where),
        });
    },
  };
}

/** Why an origin was refused and which setting fixes it: seen, expected, the headers behind it. */
function explainOrigin(
  origin: string,
  request: Request,
  shell: HandlerContext,
  where: string,
): Explanation {
  const expected = ownOrigin(request, shell.trustProxy);
  const forwarded =
    request.headers.get('forwarded') ?? request.headers.get('x-forwarded-host') ?? undefined;
  const source = shell.trustProxy
    ? forwarded
      ? 'from Forwarded / X-Forwarded-Host, trustProxy is on'
      : 'from the Host header: trustProxy is on but no Forwarded / X-Forwarded-Host arrived'
    : 'from the Host header, trustProxy is off';
  let fix: string;
  if (origin === 'null')
    fix =
      'Origin null comes from a sandboxed iframe or a file: page and is never allowed: serve the page over http(s)';
  else if (forwarded && !shell.trustProxy)
    fix = `a proxy sent ${quoted(forwarded)} as the forwarded host: if that proxy is yours and strips these headers from clients, set trustProxy: true; or add ${quoted(origin)} to allowedOrigins`;
  else if (shell.trustProxy && !forwarded)
    fix =
      "the proxy in front rewrote Host and said nothing: a Vite dev proxy (server.proxy: { '/api': 'http://…' } sets changeOrigin: true and no X-Forwarded-*) needs { target, changeOrigin: false } or { target, xfwd: true }; " +
      `or add ${quoted(origin)} to allowedOrigins`;
  else
    fix =
      `if pages at ${quoted(origin)} should embed reports, add it to allowedOrigins; ` +
      "if a dev proxy forwards to this server (Vite's server.proxy shorthand sets changeOrigin: true and sends no X-Forwarded-*), " +
      'give it { target, changeOrigin: false }, or { target, xfwd: true } and set trustProxy: true here';
  return {
    key: `FORBIDDEN_ORIGIN ${origin} ${expected}`,
    line: say(
      'FORBIDDEN_ORIGIN',
      where,
      `refused Origin ${quoted(origin)}; this server's own origin is ${quoted(expected)} (${source}). Fix: ${fix}`,
    ),
    fields: { event: 'quickbi.origin.refused', origin: origin.slice(0, 100), expected },
  };
}
