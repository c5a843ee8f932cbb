import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EmbedEngine } from '../embedEngine.js';
import type { EmbedEngineOptions, ReportRequest } from '../engineTypes.js';
import { createFakeAdapter } from './fakeAdapter.js';

// The engine's records through their transitions: each report is its own subscribable, and a
// report nobody holds is collected after `gcTime` (its record, credential and timers).
const MIN = 60_000;
const advance = (ms: number) => vi.advanceTimersByTimeAsync(ms);
const flush = () => advance(0);
const SALES: ReportRequest = { worksId: 'dash-sales-0001' };
const OPS: ReportRequest = { worksId: 'dash-ops-0002' };

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(Date.UTC(2026, 10, 23, 9));
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

function setup(options: Partial<EmbedEngineOptions> = {}) {
  const fake = createFakeAdapter({ maxUses: 100 });
  const engine = new EmbedEngine({ adapter: fake.adapter, ...options });
  const mount = (request: ReportRequest = SALES) => {
    const embed = engine.embed();
    const release = embed.attach(engine.report(request));
    return { embed, release };
  };
  return { fake, engine, mount };
}

describe('a report is its own subscribable', () => {
  it("one report's changes reach its subscribers, not another report's", async () => {
    const { engine, mount } = setup();
    const sales = engine.report(SALES);
    const ops = engine.report(OPS);
    const heard = { sales: 0, ops: 0 };
    sales.subscribe(() => heard.sales++);
    const stop = ops.subscribe(() => heard.ops++);
    const opsBefore = ops.getSnapshot();
    const salesBefore = sales.getSnapshot();
    mount(SALES);
    await flush();
    expect(sales.getState().status).toBe('success');
    expect(heard.sales).toBeGreaterThan(0);
    expect(sales.getSnapshot()).not.toBe(salesBefore);
    expect(heard.ops).toBe(0);
    expect(ops.getSnapshot()).toBe(opsBefore);
    // Unsubscribed: a change of its own is not heard either.
    stop();
    mount(OPS);
    await flush();
    expect(ops.getState().status).toBe('success');
    expect(heard.ops).toBe(0);
  });
});

describe('a report nobody holds is collected after gcTime', () => {
  it('not before the grace period; then its record, credential and timers are gone', async () => {
    const { engine, mount, fake } = setup({ gcTime: 2 * MIN });
    const { release } = mount();
    await flush();
    expect(fake.calls.createTicket).toBe(1);
    // Held: its renewal only.
    expect(vi.getTimerCount()).toBe(1);
    release();
    await flush();
    // Unheld: the renewal stops, the collection is pending.
    expect(vi.getTimerCount()).toBe(1);
    await advance(2 * MIN - 1);
    expect(engine.reports.size).toBe(1);
    expect(engine.credentials.size).toBe(1);
    await advance(1);
    expect(engine.reports.size).toBe(0);
    expect(engine.credentials.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    // Asked again: a new record, a new ticket.
    mount();
    await flush();
    expect(fake.calls.createTicket).toBe(2);
  });

  it('holding it again within the grace period cancels the collection and reuses the credential', async () => {
    const { engine, mount, fake } = setup({ gcTime: 2 * MIN });
    const first = engine.report(SALES);
    mount().release();
    await flush();
    await advance(MIN);
    const { embed } = mount();
    await flush();
    expect(engine.report(SALES)).toBe(first);
    expect(fake.calls.createTicket).toBe(1);
    expect(embed.getState().src).toContain('accessTicket=t-1');
    // Held again: no collection pending, only the renewal.
    expect(vi.getTimerCount()).toBe(1);
    await advance(5 * MIN);
    expect(engine.reports.size).toBe(1);
  });

  it('a hook (retain) holds it like an embed', async () => {
    const { engine, fake } = setup({ gcTime: MIN });
    const release = engine.report(SALES).retain();
    await flush();
    expect(fake.calls.createTicket).toBe(1);
    await advance(2 * MIN);
    expect(engine.reports.size).toBe(1);
    release();
    await flush();
    await advance(MIN);
    expect(engine.reports.size).toBe(0);
    expect(engine.credentials.size).toBe(0);
  });

  it('without a window (a server render) and no gcTime, nothing is timed: reports live with the engine', async () => {
    const { engine, mount } = setup();
    mount().release();
    await flush();
    expect(vi.getTimerCount()).toBe(0);
    expect(engine.reports.size).toBe(1);
  });
});
