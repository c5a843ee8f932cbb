/** The emulator's movable clock: a base clock plus an offset that tests and the control API set. */
export interface MovableClock {
  now(): number;
  offsetMs(): number;
  setOffset(ms: number): void;
  advance(ms: number): void;
}

export function createMovableClock(base: () => number): MovableClock {
  let offset = 0;
  return {
    now: () => base() + offset,
    offsetMs: () => offset,
    setOffset(ms) {
      offset = ms;
    },
    advance(ms) {
      offset += ms;
    },
  };
}
