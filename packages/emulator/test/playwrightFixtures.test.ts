/**
 * `@quickbi-embed/emulator/playwright`'s fixtures called as Playwright calls them: a worker
 * emulator, reset before each test unless `reset: false`, and `onReset` after each reset.
 */
import { describe, expect, it } from 'vitest';
import { quickbiFixtures, type QuickBIFixtureOptions } from '../src/playwright.js';
import type { Emulator } from '../src/server.js';

/** Runs `tests` test bodies inside one worker, as Playwright would. */
async function runWorker(fixture: QuickBIFixtureOptions, tests: Array<(e: Emulator) => unknown>) {
  const fixtures = quickbiFixtures({}, fixture);
  const [worker] = fixtures.quickbiEmulator;
  await worker({}, async (quickbiEmulator) => {
    for (const body of tests)
      await fixtures.quickbi({ quickbiEmulator }, async (e) => void (await body(e)));
  });
}

describe('Playwright fixtures', () => {
  it('reset the emulator before each test by default, then call onReset', async () => {
    const offsetsSeenByOnReset: number[] = [];
    await runWorker(
      { onReset: (e) => void offsetsSeenByOnReset.push(Math.round((e.now() - Date.now()) / 1000)) },
      [(e) => e.setClockOffset(60_000), (e) => e.setClockOffset(120_000)],
    );
    // Once per test, each after that test's reset (the clock moved by the test before is back).
    expect(offsetsSeenByOnReset).toEqual([0, 0]);
  });

  it('keep the state across tests with reset: false, and call no onReset', async () => {
    const offsets: number[] = [];
    let called = 0;
    await runWorker({ reset: false, onReset: () => void (called += 1) }, [
      (e) => e.setClockOffset(60_000),
      (e) => offsets.push(Math.round((e.now() - Date.now()) / 1000)),
    ]);
    expect(offsets).toEqual([60]);
    expect(called).toBe(0);
  });

  it('reset the clock between tests by default', async () => {
    const offsets: number[] = [];
    await runWorker({}, [
      (e) => e.setClockOffset(60_000),
      (e) => offsets.push(Math.round((e.now() - Date.now()) / 1000)),
    ]);
    expect(offsets).toEqual([0]);
  });
});
