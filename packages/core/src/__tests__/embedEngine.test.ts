import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Credential } from '../contract.js';
import { EmbedEngine } from '../embedEngine.js';
import type { EmbedEngineOptions, ReportRequest } from '../engineTypes.js';
import type { EmbedEvents } from '../embed.js';
import { createFakeAdapter, REPORT_ORIGIN } from './fakeAdapter.js';

// The engine on its own, with fake timers: what each embed shows, uses, pins, renewals, retries.
const MIN = 60_000;
const advance = (ms: number) => vi.advanceTimersByTimeAsync(ms);
const flush = () => advance(0);
const SALES: ReportRequest = { worksId: 'dash-sales-0001' };

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(Date.UTC(2026, 10, 23, 9));
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

function setup(
  fakeOptions: Parameters<typeof createFakeAdapter>[0] = {},
  options: Partial<EmbedEngineOptions> = {},
) {
  const fake = createFakeAdapter(fakeOptions);
  const engine = new EmbedEngine({ adapter: fake.adapter, ...options });
  /** Attaches `n` embeds of one report in one go (as one React commit would). */
  const mount = (n: number, request: ReportRequest = SALES, events: EmbedEvents = {}) =>
    Array.from({ length: n }, () => {
      const embed = engine.embed(events);
      const release = embed.attach(engine.report(request));
      return { embed, release, src: () => embed.getState().src };
    });
  const ticketOf = (src: string | undefined) =>
    src && new URL(src).searchParams.get('accessTicket');
  return { fake, engine, mount, ticketOf };
}

describe('EmbedEngine: uses across embeds', () => {
  it('makes one call reserving a use per embed attached together, with one timer', async () => {
    const { fake, mount } = setup();
    const embeds = mount(20);
    await flush();
    expect(fake.requests).toEqual([{ action: 'createTicket', uses: 20 }]);
    expect(new Set(embeds.map((e) => e.src())).size).toBe(1);
    expect(embeds[0]!.src()).toContain('accessTicket=t-1');
    expect(vi.getTimerCount()).toBe(1);
    for (const e of embeds) e.release();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('budget 3: the fourth embed gets a second ticket; the first stays pinned and renewed', async () => {
    const { fake, mount, ticketOf } = setup({ lifetimeMs: 10 * MIN, maxUses: 3, topUp: 0 });
    const embeds = mount(4);
    await flush();
    await flush();
    expect(embeds.map((e) => ticketOf(e.src()))).toEqual(['t-1', 't-1', 't-1', 't-2']);
    const srcs = embeds.map((e) => e.src());
    // One timer for the report's current ticket (t-2), one for the pinned t-1.
    expect(vi.getTimerCount()).toBe(2);
    const before = fake.requests.length;
    for (let round = 0; round < 3; round++) await advance(9 * MIN);
    await advance(MIN);
    const later = fake.requests.slice(before);
    expect(later.filter((r) => r.action === 'createTicket')).toEqual([]);
    expect(later.filter((r) => r.ticket === 't-1')).toHaveLength(3);
    expect(later.filter((r) => r.ticket === 't-2')).toHaveLength(3);
    expect(fake.expiredRenewals).toEqual([]);
    expect(embeds.map((e) => e.src())).toEqual(srcs);
    for (const e of embeds) e.release();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a server that never grants: bounded retries, then TICKET_EXHAUSTED, and Retry asks again', async () => {
    const { fake, mount } = setup({ neverGrants: true });
    const onError = vi.fn();
    const [embed] = mount(1, SALES, { onError });
    await flush();
    expect(embed!.embed.getState().error).toBeNull();
    await advance(1000);
    await advance(2000);
    expect(embed!.embed.getState().error).toMatchObject({ code: 'TICKET_EXHAUSTED' });
    expect(onError).toHaveBeenCalledTimes(1);
    expect(fake.calls).toMatchObject({ createTicket: 3, renewTicket: 2 });
    await advance(2 * MIN);
    expect(fake.calls).toMatchObject({ createTicket: 3, renewTicket: 2 });
    fake.grantAgain();
    embed!.embed.retry();
    await flush();
    expect(embed!.src()).toContain('accessTicket=');
    expect(embed!.embed.getState().error).toBeNull();
  });

  it('a second embed waits for a top-up rather than loading a spent ticket', async () => {
    const { fake, mount, ticketOf } = setup({ maxUses: 1, topUp: 1 });
    const onBudgetLow = vi.fn();
    const [a] = mount(1, SALES, { onBudgetLow });
    await flush();
    const [b] = mount(1);
    expect(b!.src()).toBeUndefined();
    await flush();
    expect(ticketOf(b!.src())).toBe('t-1');
    expect(fake.requests).toEqual([
      { action: 'createTicket' },
      { action: 'renewTicket', ticket: 't-1', uses: 1 },
    ]);
    expect(a!.src()).toBe(b!.src());
    expect(onBudgetLow).toHaveBeenCalledWith(0, 1);
  });

  it('mounted again with its ticket spent, gets a new one when renewal cannot top up', async () => {
    const { fake, mount, ticketOf } = setup({ maxUses: 1, topUp: 0 });
    const [first] = mount(1);
    await flush();
    first!.release();
    const [again] = mount(1);
    // Never the spent ticket, not even for a moment.
    expect(again!.src()).toBeUndefined();
    await flush();
    expect(ticketOf(again!.src())).toBe('t-2');
    expect(fake.calls).toMatchObject({ createTicket: 2, renewTicket: 1 });
  });

  it('detached and attached again (StrictMode rehearsal) keeps its src and one use', async () => {
    const { fake, engine } = setup({ maxUses: 1, topUp: 0 });
    const embed = engine.embed();
    const report = engine.report(SALES);
    embed.attach(report)();
    const release = embed.attach(report);
    await flush();
    const src = embed.getState().src;
    embed.attach(report);
    release();
    embed.attach(report);
    await flush();
    expect(embed.getState().src).toBe(src);
    expect(fake.calls).toMatchObject({ createTicket: 1, renewTicket: 0 });
    expect(engine.credentials.get('t-1')!.started).toBe(1);
  });

  it('on another report drops the old src at once, even when the new one fails', async () => {
    const { fake, engine } = setup();
    const embed = engine.embed();
    embed.attach(engine.report({ worksId: 'dash-a' }));
    await flush();
    expect(embed.getState().src).toContain('pageId=dash-a');
    fake.failNext(1, 'FORBIDDEN', 403);
    embed.attach(engine.report({ worksId: 'dash-b' }));
    expect(embed.getState().src).toBeUndefined();
    await flush();
    expect(embed.getState()).toMatchObject({ src: undefined, error: { code: 'FORBIDDEN' } });
  });
});

describe('EmbedEngine: events', () => {
  it('fires onRenew only for the credential on screen, and not on a report switch', async () => {
    const { engine } = setup({ lifetimeMs: 10 * MIN });
    const onRenew = vi.fn();
    const embed = engine.embed({ onRenew });
    embed.attach(engine.report({ worksId: 'dash-a' }));
    await flush();
    embed.attach(engine.report({ worksId: 'dash-b' }));
    await flush();
    expect(onRenew).not.toHaveBeenCalled();
    await advance(9 * MIN);
    expect(onRenew).toHaveBeenCalledTimes(1);
    expect(onRenew.mock.calls[0]![0]).toMatchObject({ worksId: 'dash-b' });
  });

  it('transient renewal failures go to onRenewalError, never onError, while the report shows', async () => {
    const { fake, mount } = setup({ lifetimeMs: 10 * MIN });
    const onError = vi.fn();
    const onRenewalError = vi.fn();
    const [embed] = mount(1, SALES, { onError, onRenewalError });
    await flush();
    fake.failNext(4);
    await advance(9 * MIN);
    await advance(30_000);
    expect(fake.calls.renewTicket).toBe(5);
    expect(onError).not.toHaveBeenCalled();
    expect(onRenewalError).toHaveBeenCalledTimes(1);
    expect(embed!.src()).toContain('accessTicket=t-1');
    expect(embed!.embed.getState().renewalError).toBeNull();
  });
});

describe('EmbedEngine: recovery', () => {
  it('recovers on its own after an outage outlived the credential', async () => {
    const { fake, mount } = setup({ lifetimeMs: 10 * MIN });
    const onError = vi.fn();
    const [embed] = mount(1, SALES, { onError });
    await flush();
    fake.failNext(1000);
    await advance(11 * MIN);
    expect(embed!.embed.getState()).toMatchObject({
      src: undefined,
      error: { code: 'UPSTREAM_UNAVAILABLE' },
    });
    expect(onError).toHaveBeenCalledTimes(1);
    // The server comes back; no click.
    fake.clearFailures();
    await advance(MIN);
    expect(embed!.embed.getState()).toMatchObject({ error: null });
    expect(embed!.src()).toContain('accessTicket=t-2');
  });

  it('gives up after a bounded number of attempts and does not retry refusals', async () => {
    const { fake, mount } = setup({}, { recoveries: 3 });
    fake.failNext(1000);
    mount(1);
    await advance(60 * MIN);
    expect(fake.calls.createTicket).toBe(4);
    await advance(60 * MIN);
    expect(fake.calls.createTicket).toBe(4);
    const other = setup();
    other.fake.failNext(5, 'FORBIDDEN', 403);
    other.mount(1);
    await advance(60 * MIN);
    expect(other.fake.calls.createTicket).toBe(1);
  });

  it('warns once in development with the code and requestId', async () => {
    const { fake, mount } = setup();
    fake.failNext(3);
    mount(1);
    await advance(10_000);
    expect(console.warn).toHaveBeenCalledTimes(1);
    expect(vi.mocked(console.warn).mock.calls[0]![0]).toContain('UPSTREAM_UNAVAILABLE');
  });
});

describe('EmbedEngine: tokens, works type, origins, hydration', () => {
  it('a token renewal asks for a real extension and the expiry moves at the first renewal', async () => {
    // A 60-minute token renews at 6 min left, inside the server's 5-minute... no: 6 > 5, so a
    // cache answer would keep the old expiry unless the renewal says `renew`.
    const { fake, engine } = setup({ lifetimeMs: 60 * MIN, tokenReuseMs: 5 * MIN });
    const report = engine.report({ worksId: 'dash-a', credential: 'token' });
    const release = report.retain();
    await flush();
    const first = report.getState().expiresAt!;
    await advance(54 * MIN);
    expect(fake.bodies).toEqual([{ worksId: 'dash-a' }, { worksId: 'dash-a', renew: true }]);
    expect(report.getState().expiresAt).toBeGreaterThan(first);
    release();
  });

  it('sends no worksType when the page does not know it', async () => {
    const { fake, mount } = setup();
    mount(1, { worksId: 'wb-1', cmptId: 'c1' });
    await flush();
    expect(fake.bodies).toEqual([{ worksId: 'wb-1', cmptId: 'c1' }]);
  });

  it.each([
    ['data:', { reportUrl: 'data:text/html,<script>alert(1)</script>' }],
    ['javascript:', { reportUrl: 'javascript:alert(1)' }],
    ['another host', { reportUrl: 'https://evil.example/token3rd/dashboard/view/pc.htm' }],
    [
      'http off loopback',
      { reportUrl: 'http://bi.example.com/x', reportOrigin: 'http://bi.example.com' },
    ],
    ['no origin announced or configured', { reportOrigin: null }],
  ])('never loads a reportUrl on %s', async (_label, options) => {
    const { fake, mount } = setup(options as never);
    const [embed] = mount(1);
    await advance(10 * MIN);
    expect(embed!.embed.getState()).toMatchObject({
      src: undefined,
      error: { code: 'REPORT_ORIGIN_REJECTED' },
    });
    // Not a transient failure: no retry loop.
    expect(fake.calls.createTicket).toBe(1);
  });

  it('accepts the configured origin when the server announces none, and loopback http', async () => {
    const { mount } = setup({ reportOrigin: null }, { reportOrigin: REPORT_ORIGIN });
    const [embed] = mount(1);
    await flush();
    expect(embed!.src()).toContain(REPORT_ORIGIN);
    const loop = setup({
      reportUrl: 'http://127.0.0.1:9/token3rd/dashboard/view/pc.htm?pageId=x&accessTicket=t-1',
      reportOrigin: 'http://127.0.0.1:9',
    });
    const [local] = loop.mount(1);
    await flush();
    expect(local!.src()).toContain('127.0.0.1');
  });

  it('hydrates a prefetched ticket: no call, its one reserved use, renewal from its expiry', async () => {
    const { fake, engine } = setup({ lifetimeMs: 10 * MIN, maxUses: 1, topUp: 0 });
    const prefetched = (await fake.adapter.createTicket({
      worksId: 'dash-sales-0001',
    })) as Credential;
    fake.calls.createTicket = 0;
    const embed = engine.embed();
    const report = engine.report(SALES);
    embed.attach(report, prefetched);
    // StrictMode passes it again: still one use.
    embed.attach(report, prefetched);
    expect(embed.getState().src).toBe(prefetched.reportUrl);
    await flush();
    expect(fake.calls).toMatchObject({ createTicket: 0, renewTicket: 0 });
    expect(engine.credentials.get('t-1')).toMatchObject({ granted: 1, started: 1 });
    await advance(9 * MIN - 1000);
    expect(fake.calls.renewTicket).toBe(0);
    await advance(1000);
    expect(fake.calls.renewTicket).toBe(1);
    expect(embed.getState().src).toBe(prefetched.reportUrl);
  });
});

describe('EmbedEngine: pins that end, injected timers', () => {
  it('an embed whose pinned ticket died unrenewed loads the report’s current one', async () => {
    // Budget 3, no top-up: four embeds need two tickets; t-1 is pinned by three of them.
    const { fake, mount, ticketOf } = setup({ lifetimeMs: 10 * MIN, maxUses: 3, topUp: 0 });
    const embeds = mount(4);
    await flush();
    await flush();
    expect(embeds.map((e) => ticketOf(e.src()))).toEqual(['t-1', 't-1', 't-1', 't-2']);
    // Every renewal of t-1 fails from now on; t-2's succeed.
    const renew = fake.adapter.renewTicket;
    fake.adapter.renewTicket = async (request) => {
      if (request.ticket === 't-1')
        throw Object.assign(new Error('down'), { code: 'UPSTREAM_UNAVAILABLE', status: 503 });
      return renew(request);
    };
    await advance(11 * MIN);
    // t-1 is dead: its embeds reloaded with a ticket that lives (t-2's spare uses, or a new one).
    for (const e of embeds) expect(ticketOf(e.src())).not.toBe('t-1');
    expect(embeds.every((e) => e.embed.getState().error === null)).toBe(true);
  });

  it('runs on the injected clock and timers only', async () => {
    const queue = new Map<number, { at: number; run: () => void }>();
    let clock = Date.now();
    let serial = 0;
    const fake = createFakeAdapter({ lifetimeMs: 10 * MIN });
    const engine = new EmbedEngine({
      adapter: fake.adapter,
      timers: {
        now: () => clock,
        setTimeout: (run, ms) => (queue.set(++serial, { at: clock + ms, run }), serial),
        clearTimeout: (id) => void queue.delete(id as number),
      },
    });
    const embed = engine.embed();
    embed.attach(engine.report(SALES));
    await flush();
    expect(embed.getState().src).toContain('accessTicket=t-1');
    // Nothing on the global timers; one renewal on the injected ones, at the margin before expiry.
    expect(vi.getTimerCount()).toBe(0);
    expect([...queue.values()].map((t) => t.at - clock)).toEqual([9 * MIN]);
    const [[id, next]] = [...queue.entries()] as [[number, { at: number; run: () => void }]];
    queue.delete(id);
    clock = next.at;
    next.run();
    await flush();
    expect(fake.calls.renewTicket).toBe(1);
    expect(embed.getState().src).toContain('accessTicket=t-1');
  });
});

describe('EmbedEngine: a class whose members work detached', () => {
  it('subscribe, getSnapshot and the rest work unbound, as useSyncExternalStore calls them', async () => {
    const fake = createFakeAdapter();
    const engine = new EmbedEngine({ adapter: fake.adapter, reportOrigin: REPORT_ORIGIN });
    expect(engine).toBeInstanceOf(EmbedEngine);
    const { subscribe, getSnapshot, now, report, embed, configure, initialSrc } = engine;
    const listener = vi.fn();
    const unsubscribe = subscribe(listener);
    const before = getSnapshot();
    const one = embed();
    one.attach(report(SALES));
    await flush();
    expect(listener).toHaveBeenCalled();
    expect(getSnapshot()).toBeGreaterThan(before);
    expect(report(SALES)).toBe(engine.report(SALES));
    const src = one.getState().src;
    expect(src).toContain('accessTicket=t-1');
    expect(now()).toBe(Date.now());
    configure({ timers: { now: () => 42, setTimeout, clearTimeout } });
    expect(now()).toBe(42);
    const credential = one.getState().credential;
    expect(initialSrc(credential)).toBe(src);
    unsubscribe();
    listener.mockClear();
    one.retry();
    await flush();
    expect(listener).not.toHaveBeenCalled();
  });
});
