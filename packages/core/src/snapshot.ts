/**
 * The previous snapshot when no field changed, else the next one: `useSyncExternalStore` (and any
 * subscriber comparing by identity) must get the same object until something changed.
 */
export function snapshot<T extends object>(previous: T | undefined, next: T): T {
  return previous && (Object.keys(next) as (keyof T)[]).every((k) => previous[k] === next[k])
    ? previous
    : next;
}
