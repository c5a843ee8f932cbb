import { fail } from '../httpErrors.js';

/**
 * The origin the browser reached this app at, and whether a request's `Origin` is it.
 *
 * Why not `request.url`: Next.js hands route handlers `http://localhost:PORT` whatever host the
 * browser used, and node adapters only know the socket. The `Host` header is what the browser
 * actually sent (a page cannot forge it), so it decides; the scheme comes from `request.url`
 * (http behind a TLS-terminating proxy). A proxy that rewrites `Host` or terminates TLS states
 * the browser's view in `Forwarded` / `X-Forwarded-Host` / `X-Forwarded-Proto`, which anyone can
 * send, so those count only when the app says it sits behind a proxy it trusts (`trustProxy`).
 */

// RFC 3986 host: a reg-name (letters, digits, `-`, `.`, `_`, `~`), IPv4, or a bracketed IPv6;
// then an optional port. Anything else (spaces, `@`, `/`, several colons) is a malformed Host.
const HOST = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._~-]+)(?::\d{1,5})?$/;
const SCHEME = /^https?$/i;

function firstListItem(value: string | null): string | undefined {
  const first = value?.split(',')[0]?.trim();
  return first === '' ? undefined : first;
}

/** The first element of an RFC 7239 `Forwarded` header: `for=…;host=…;proto=…`. */
function parseForwarded(value: string | null): { host?: string; proto?: string } {
  const first = firstListItem(value);
  if (!first) return {};
  const out: { host?: string; proto?: string } = {};
  for (const pair of first.split(';')) {
    const eq = pair.indexOf('=');
    if (eq < 0) continue;
    const name = pair.slice(0, eq).trim().toLowerCase();
    const raw = pair.slice(eq + 1).trim();
    const text = raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw;
    if (name === 'host') out.host = text;
    if (name === 'proto') out.proto = text;
  }
  return out;
}

function checkedHost(host: string, header: string): string {
  if (!HOST.test(host) || Number(host.match(/:(\d+)$/)?.[1] ?? 0) > 65535)
    fail('BAD_HOST', `The ${header} header is not a valid host`);
  return host;
}

/**
 * `scheme://host[:port]` as the browser sees this app. Throws `BAD_HOST` (400) for a malformed
 * `Host` (or trusted forwarded host / proto).
 */
export function ownOrigin(request: Request, trustProxy: boolean): string {
  const url = new URL(request.url);
  let scheme = url.protocol.slice(0, -1);
  const hostHeader = request.headers.get('host');
  // A Request built in-process (prefetch, tests) has no Host: its URL is all there is.
  let host = hostHeader === null ? url.host : checkedHost(hostHeader.trim(), 'Host');
  if (trustProxy) {
    const forwarded = parseForwarded(request.headers.get('forwarded'));
    const fwdHost = forwarded.host ?? firstListItem(request.headers.get('x-forwarded-host'));
    const fwdProto = forwarded.proto ?? firstListItem(request.headers.get('x-forwarded-proto'));
    if (fwdHost !== undefined) host = checkedHost(fwdHost, 'forwarded host');
    if (fwdProto !== undefined) {
      if (!SCHEME.test(fwdProto)) fail('BAD_HOST', 'The forwarded proto is not http or https');
      scheme = fwdProto.toLowerCase();
    }
  }
  try {
    // Normalises case and default ports: `https://app.example.com:443` is `https://app.example.com`.
    return new URL(`${scheme}://${host}`).origin;
  } catch {
    fail('BAD_HOST', 'The Host header is not a valid host');
  }
}

/** `origin` normalised, or undefined when it is not an http(s) origin. */
function normalisedOrigin(origin: string): string | undefined {
  try {
    const url = new URL(origin);
    return SCHEME.test(url.protocol.slice(0, -1)) ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

/** True when `origin` (the request's `Origin` header) is this app itself: scheme, host and port. */
export function isSameOrigin(origin: string, request: Request, trustProxy: boolean): boolean {
  const own = ownOrigin(request, trustProxy);
  const theirs = normalisedOrigin(origin);
  return theirs !== undefined && theirs === own;
}
