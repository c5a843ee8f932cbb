import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { credentialTiming } from '../credentialTiming.js';
import { EmbedEngine } from '../embedEngine.js';
import { createFakeAdapter } from './fakeAdapter.js';

// Expiry and next renewal as the devtools show them, read from the engine (its clock and its
// renewal policy), not from formulas repeated in the panel.
const MIN = 60_000;
beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(Date.UTC(2026, 10, 23, 9));
});
afterEach(() => vi.useRealTimers());

it('gives expiry and next renewal by the policy the engine was configured with', async () => {
  const fake = createFakeAdapter({ lifetimeMs: 10 * MIN });
  const engine = new EmbedEngine({ adapter: fake.adapter });
  // The provider hands the policy to the engine later (`configure`): the devtools need no copy.
  engine.configure({ renewal: { margin: () => 2 * MIN } });
  const embed = engine.embed();
  embed.attach(engine.report({ worksId: 'dash-sales-0001' }));
  await vi.advanceTimersByTimeAsync(0);
  const [entry] = [...engine.credentials.values()];
  const start = Date.now();
  expect(credentialTiming(engine, entry!)).toEqual({
    expiresAt: start + 10 * MIN,
    renewsAt: start + 8 * MIN,
  });
  // An explicit policy (the devtools' `renewal` prop) overrides it.
  expect(credentialTiming(engine, entry!, { margin: () => MIN }).renewsAt).toBe(start + 9 * MIN);
  // The engine renews it when it said it would.
  await vi.advanceTimersByTimeAsync(8 * MIN - 1);
  expect(fake.calls.renewTicket).toBe(0);
  await vi.advanceTimersByTimeAsync(1);
  expect(fake.calls.renewTicket).toBe(1);
});
