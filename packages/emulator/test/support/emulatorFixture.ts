import { afterAll, beforeEach } from 'vitest';
import {
  DEFAULT_ACCESS_KEY,
  startEmulator,
  type Emulator,
  type EmulatorOptions,
} from '../../src/index.js';
import { createTestClient, type TestClient } from './signingClient.js';

/** A fixed base clock, so tests move time only through the emulator's clock. */
export const BASE_TIME = Date.parse('2026-01-15T04:00:00Z');

/** One emulator per test file, reset before each test. */
export function setupEmulator(options: EmulatorOptions = {}) {
  const ctx = {} as { emulator: Emulator; call: TestClient };
  const ready = startEmulator({ now: () => BASE_TIME, ...options }).then((emulator) => {
    ctx.emulator = emulator;
    ctx.call = createTestClient(emulator.endpoint, {
      key: options.accessKeys?.[0] ?? DEFAULT_ACCESS_KEY,
      now: () => emulator.now(),
    });
  });
  beforeEach(async () => {
    await ready;
    ctx.emulator.reset();
  });
  afterAll(async () => {
    await ready;
    await ctx.emulator.stop();
  });
  return ctx;
}
