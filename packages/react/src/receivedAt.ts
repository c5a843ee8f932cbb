import { localExpiresAt, type ExpiringCredential } from '@quickbi-embed/core';

// The local time each credential object arrived, for skew correction. Kept beside the data, not
// in it, so the cache holds the wire shape; a credential hydrated from the server is stamped when
// first seen here, the closest local time we have.
const stamps = new WeakMap<object, number>();

export function stamp<T extends object>(credential: T): T {
  stamps.set(credential, Date.now());
  return credential;
}

export function receivedAt(credential: object): number {
  let at = stamps.get(credential);
  if (at === undefined) stamps.set(credential, (at = Date.now()));
  return at;
}

/** Expiry on this browser's clock. */
export const expiresLocally = (credential: ExpiringCredential) =>
  localExpiresAt(credential, receivedAt(credential));
