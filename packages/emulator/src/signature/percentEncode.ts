/**
 * RFC 3986 percent-encoding as Alibaba Cloud signs it: only `A-Z a-z 0-9 - _ . ~` stay literal,
 * space is `%20` (never `+`) and `*` is `%2A`.
 */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Sorted `k=v&k=v` over decoded params, re-encoded: the canonical form both signatures use. */
export function canonicalQuery(params: ReadonlyArray<readonly [string, string]>): string {
  return params
    .map(([k, v]) => [percentEncode(k), percentEncode(v)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}
