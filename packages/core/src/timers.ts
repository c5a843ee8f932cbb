/**
 * The clock and timers renewal runs on. Injectable (TanStack Query's `timeoutManager` idea) so
 * tests and unusual hosts can swap them; the default looks the globals up per call, so fake
 * timers installed after import still apply.
 */
export interface Timers {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
