/**
 * Concurrent callers with the same key share one in-flight promise (per process). Across
 * processes the handler adds a store lock on top.
 */
export function createSingleFlight() {
  const inFlight = new Map<string, Promise<unknown>>();
  return function run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const existing = inFlight.get(key);
    if (existing) return existing as Promise<T>;
    const promise = work().finally(() => inFlight.delete(key));
    inFlight.set(key, promise);
    return promise;
  };
}
