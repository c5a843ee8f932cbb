const INCOMING = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * The id a log line and its answer share: the proxy's `x-request-id` when it sent a sane one,
 * else a fresh random one. Computed only when something is logged or refused.
 */
export function requestIdOf(request: Request): string {
  const incoming = request.headers.get('x-request-id');
  if (incoming !== null && INCOMING.test(incoming)) return incoming;
  return crypto.randomUUID().slice(0, 13);
}
