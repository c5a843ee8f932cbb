import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Credential } from '../contract.js';
import { EmbedEngine } from '../embedEngine.js';
import type { ReportRequest } from '../engineTypes.js';
import type { QuickBIEmbedError } from '../errors.js';
import { createFakeAdapter } from './fakeAdapter.js';

// Sign-out in a single-page app: `engine.clear()` drops the previous user's credentials, and a
// 401 or 403 while renewing or reserving ends a waiting embed's wait at once, never a loop.
const MIN = 60_000;
const SALES: ReportRequest = { worksId: 'dash-sales-0001' };
const advance = (ms: number) => vi.advanceTimersByTimeAsync(ms);
const flush = () => advance(0);

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(Date.UTC(2026, 10, 23, 9));
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const calls = (fake: ReturnType<typeof createFakeAdapter>) =>
  fake.calls.createTicket + fake.calls.renewTicket;

describe('EmbedEngine: refused while the report shows', () => {
  it('a 401 while reserving a use for a second embed shows UNAUTHORIZED at once and asks no more', async () => {
    const fake = createFakeAdapter({ lifetimeMs: 10 * MIN });
    const engine = new EmbedEngine({ adapter: fake.adapter });
    const report = engine.report(SALES);
    const first = engine.embed();
    first.attach(report);
    await flush();
    expect(first.getState().src).toContain('accessTicket=t-1');

    // Signed out on the server: the renewal that reserves a use and the new ticket are refused.
    fake.failNext(2, 'UNAUTHORIZED', 401);
    const errors: QuickBIEmbedError[] = [];
    const second = engine.embed({ onError: (e) => errors.push(e) });
    second.attach(report);
    await flush();
    await flush();
    expect(second.getState()).toMatchObject({ src: undefined, error: { code: 'UNAUTHORIZED' } });
    expect(errors.map((e) => e.code)).toEqual(['UNAUTHORIZED']);

    // No loading loop: nothing asked again while the ticket on screen lives.
    const asked = calls(fake);
    await advance(130_000);
    expect(calls(fake)).toBe(asked);
    // The first embed keeps its report and says its renewal was refused.
    expect(first.getState()).toMatchObject({ error: null, renewalError: { code: 'UNAUTHORIZED' } });

    // The user's Retry (signed in again) asks once and shows the report.
    second.retry();
    await flush();
    await flush();
    expect(second.getState().error).toBeNull();
    expect(second.getState().src).toContain('accessTicket=');
  });

  it('a 403 while renewing the ticket on screen is not retried every 30 s', async () => {
    const fake = createFakeAdapter({ lifetimeMs: 10 * MIN });
    const engine = new EmbedEngine({ adapter: fake.adapter });
    const embed = engine.embed();
    embed.attach(engine.report(SALES));
    await flush();
    fake.failNext(2, 'FORBIDDEN', 403);
    // Past the renewal point (a minute before expiry): renewal and a new ticket are refused.
    await advance(9 * MIN);
    const asked = calls(fake);
    await advance(MIN - 1000);
    expect(calls(fake)).toBe(asked);
    expect(embed.getState().renewalError?.code).toBe('FORBIDDEN');
    // Once the ticket is dead the report shows the refusal, not "Loading report…".
    await advance(2000);
    expect(embed.getState()).toMatchObject({ src: undefined, error: { code: 'FORBIDDEN' } });
    await advance(5 * MIN);
    expect(calls(fake)).toBe(asked);
  });
});

describe('EmbedEngine: clear (sign-out)', () => {
  it('drops every credential at once; embeds on screen ask again for the next user', async () => {
    const fake = createFakeAdapter({ lifetimeMs: 10 * MIN, maxUses: 1 });
    const engine = new EmbedEngine({ adapter: fake.adapter });
    const embed = engine.embed();
    embed.attach(engine.report(SALES));
    await flush();
    expect(embed.getState().src).toContain('accessTicket=t-1');
    const listener = vi.fn();
    engine.subscribe(listener);

    engine.clear();
    // The previous user's report is gone from the screen and from the engine.
    expect(embed.getState()).toMatchObject({ src: undefined, credential: undefined });
    expect(engine.credentials.size).toBe(0);
    expect(listener).toHaveBeenCalled();
    await flush();
    expect(embed.getState().src).toContain('accessTicket=t-2');
    expect([...engine.credentials.keys()]).toEqual(['t-2']);
  });

  it('forgets reports nobody holds, stops their timers, refuses the old prefetch', async () => {
    const fake = createFakeAdapter({ lifetimeMs: 10 * MIN });
    const prefetched = (await fake.adapter.createTicket(SALES)) as Credential;
    fake.calls.createTicket = 0;
    const engine = new EmbedEngine({ adapter: fake.adapter });
    const report = engine.report(SALES);
    const embed = engine.embed();
    const release = embed.attach(report, prefetched);
    expect(embed.getState().src).toBe(prefetched.reportUrl);
    await flush();
    expect(fake.calls.createTicket).toBe(0);
    release();
    engine.clear();
    expect(engine.reports.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);

    // The page renders again with the old user's prefetched credential: not shown.
    const again = engine.report(SALES);
    expect(again).not.toBe(report);
    expect(engine.initialSrc(prefetched, again)).toBeUndefined();
    const next = engine.embed();
    next.attach(again, prefetched);
    expect(next.getState().src).toBeUndefined();
    await flush();
    expect(fake.calls.createTicket).toBe(1);
    expect(next.getState().src).toContain('accessTicket=');
  });

  it('an answer asked for before the sign-out is not shown after it', async () => {
    const fake = createFakeAdapter({ lifetimeMs: 10 * MIN });
    const answers: ((c: Awaited<ReturnType<typeof fake.adapter.createTicket>>) => void)[] = [];
    const slow = {
      ...fake.adapter,
      createTicket: vi.fn(
        () =>
          new Promise<Awaited<ReturnType<typeof fake.adapter.createTicket>>>((resolve) => {
            answers.push(resolve);
          }),
      ),
    };
    const engine = new EmbedEngine({ adapter: slow });
    const embed = engine.embed();
    embed.attach(engine.report(SALES));
    await flush();
    expect(slow.createTicket).toHaveBeenCalledTimes(1);
    engine.clear();
    await flush();
    // The previous user's answer arrives late: dropped, never shown.
    answers[0]!(await fake.adapter.createTicket(SALES));
    await flush();
    expect(embed.getState().src).toBeUndefined();
    expect(engine.credentials.has('t-1')).toBe(false);
    // Then the embed asks again, for the next user.
    expect(slow.createTicket).toHaveBeenCalledTimes(2);
    // The next user's answer is shown.
    answers[1]!(await fake.adapter.createTicket({ ...SALES, cmptId: 'other' }));
    await flush();
    expect(embed.getState().src).toContain('accessTicket=t-2');
    expect([...engine.credentials.keys()]).toEqual(['t-2']);
  });
});
