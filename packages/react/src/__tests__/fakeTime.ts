import { act } from '@testing-library/react';
import { vi } from 'vitest';

export const MIN = 60_000;

/** Moves fake time by `ms` inside act, then one more millisecond for timers that fire 1 ms late. */
export async function advance(ms: number) {
  await act(() => vi.advanceTimersByTimeAsync(ms));
  await act(() => vi.advanceTimersByTimeAsync(1));
}

/** Lets pending promises and zero-delay timers settle. */
export const flush = () => advance(0);

export const frames = () => Array.from(document.querySelectorAll('iframe'));
