/**
 * `@quickbi-embed/emulator/playwright`: fixtures for Playwright Test. One emulator per worker
 * (started once, stopped at the end), reset before every test and handed to it as `quickbi`, with
 * its clock (`advanceClock`, `setClockOffset`, `now`), faults (`setFaults`, `clearFaults`) and
 * `stats()`. Point your app's server at `quickbi.endpoint` / `quickbi.reportOrigin`.
 *
 *   import { test as base } from '@playwright/test';
 *   import { quickbiFixtures, type QuickBIFixtures } from '@quickbi-embed/emulator/playwright';
 *   export const test = base.extend<QuickBIFixtures, QuickBIWorkerFixtures>(quickbiFixtures());
 *
 * No import of Playwright here: the fixtures are plain functions in the shape `test.extend` takes.
 */
import type { EmulatorOptions } from './options.js';
import { startEmulator, type Emulator } from './server.js';

type Use<T> = (value: T) => Promise<void>;

export interface QuickBIFixtures {
  /** The worker's emulator, reset (state, faults, clock) before this test. */
  quickbi: Emulator;
}

export interface QuickBIWorkerFixtures {
  quickbiEmulator: Emulator;
}

/** Fixtures for `test.extend`; `options` go to `startEmulator` (port 0 by default: a free one). */
export function quickbiFixtures(options: EmulatorOptions = {}) {
  const worker: [(args: object, provide: Use<Emulator>) => Promise<void>, { scope: 'worker' }] = [
    // (`provide` is what Playwright calls `use`.) Playwright reads the first parameter's destructuring to learn a fixture's dependencies.
    // eslint-disable-next-line no-empty-pattern
    async ({}: object, provide: Use<Emulator>) => {
      const emulator = await startEmulator({ port: 0, ...options });
      try {
        await provide(emulator);
      } finally {
        await emulator.stop();
      }
    },
    { scope: 'worker' },
  ];
  return {
    quickbiEmulator: worker,
    quickbi: async ({ quickbiEmulator }: QuickBIWorkerFixtures, provide: Use<Emulator>) => {
      quickbiEmulator.reset();
      await provide(quickbiEmulator);
    },
  };
}
