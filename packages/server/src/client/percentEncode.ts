/**
 * RFC 3986 percent-encoding as Alibaba Cloud's signers use it (spec §6.2): only `A-Z a-z 0-9 - _ . ~`
 * stay literal; space is `%20`, `*` is `%2A`. `encodeURIComponent` leaves `!'()*` literal, so those
 * are patched.
 */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase(),
  );
}

/** Sorted by encoded name (byte order), `k=v` joined with `&`; the canonical query of both signers. */
export function canonicalQuery(params: Record<string, string>): string {
  return Object.keys(params)
    .map((name) => [percentEncode(name), percentEncode(params[name] ?? '')] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}
