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
 *
 * **An app server under test keeps what it cached** (a ticket with uses left, in its store) while
 * the emulator forgets it at each reset, so from the second test on the app would hand out a ticket
 * Quick BI "does not exist". Keep them in step one of three ways:
 * - Reset the app's store after the emulator's: give your app fixture a dependency on `quickbi`
 *   (Playwright sets that up first, reset included) and clear the store in it. Shown, with an
 *   in-process app server, in examples/test-kit/app.playwright.test.ts.
 * - `onReset`: runs right after each reset; for an app in another process, call its test-only
 *   reset endpoint there: `quickbiFixtures({}, { onReset: () => fetch(`${app}/__test/reset`) })`.
 * - `reset: false`: the emulator keeps its tickets for the whole worker (tests then share state:
 *   reset the clock and faults yourself if a test moves them).
 * A fourth needs nothing here: a different `subject` per test (the app's user), so no test meets
 * another's cached ticket.
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

export interface QuickBIFixtureOptions {
  /** Reset the emulator before each test (state, faults, clock, options). Default true. */
  reset?: boolean;
  /**
   * Runs after each reset, before the test: where an app server under test clears the
   * credentials it cached (they name tickets the emulator no longer knows).
   */
  onReset?: (emulator: Emulator) => void | Promise<void>;
}

/**
 * Fixtures for `test.extend`; `options` go to `startEmulator` (port 0 by default: a free one),
 * `fixture` says whether and how each test starts from a reset (see above).
 */
export function quickbiFixtures(
  options: EmulatorOptions = {},
  fixture: QuickBIFixtureOptions = {},
) {
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
      if (fixture.reset !== false) {
        quickbiEmulator.reset();
        await fixture.onReset?.(quickbiEmulator);
      }
      await provide(quickbiEmulator);
    },
  };
}
