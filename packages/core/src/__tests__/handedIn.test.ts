import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Credential, TicketCredential } from '../contract.js';
import { EmbedEngine } from '../embedEngine.js';
import type { ReportRequest } from '../engineTypes.js';
import { createFakeAdapter } from './fakeAdapter.js';

// A credential handed to the engine (a server prefetch passed as `initialCredential`, or one
// seeded from a query cache) is shown only for the report it was issued for; otherwise it is
// ignored, with a dev warning, and the report asks for its own.
const EAST = [{ paramKey: 'region', values: ['华东'] }];
const SALES: ReportRequest = { worksId: 'dash-sales-0001' };
const flush = () => vi.advanceTimersByTimeAsync(0);

let warn: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(Date.UTC(2026, 10, 23, 9));
  warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

async function setup() {
  const fake = createFakeAdapter();
  const prefetch = async (request: Parameters<typeof fake.adapter.createTicket>[0]) => {
    const credential = await fake.adapter.createTicket(request);
    fake.calls.createTicket = 0;
    fake.bodies.length = 0;
    return credential as Credential;
  };
  return { fake, engine: new EmbedEngine({ adapter: fake.adapter }), prefetch };
}

describe('EmbedEngine: what it is handed', () => {
  it('a ticket issued without the report’s filters is not shown for the report asked with them', async () => {
    const { fake, engine, prefetch } = await setup();
    const unfiltered = await prefetch(SALES);
    const report = engine.report({ ...SALES, filters: EAST });
    // Not in the server-rendered HTML either.
    expect(engine.initialSrc(unfiltered, report)).toBeUndefined();

    const embed = engine.embed();
    embed.attach(report, unfiltered);
    expect(embed.getState().src).toBeUndefined();
    await flush();
    // The report asked for its own ticket, with its filters, and shows that one.
    expect(fake.bodies).toEqual([{ ...SALES, filters: EAST }]);
    const shown = embed.getState().credential as TicketCredential;
    expect(embed.getState().src).toBe(shown.reportUrl);
    expect(shown.ticket).not.toBe((unfiltered as TicketCredential).ticket);
    expect(shown.globalParam).toContainEqual({
      paramKey: 'region',
      joinType: 'and',
      conditionList: [{ operate: 'in', value: ['华东'] }],
    });
    // Told once, naming the report.
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/prefetched credential .* ignored.*region/);
  });

  it('the one issued with the same filters is shown at once, without a call', async () => {
    const { fake, engine, prefetch } = await setup();
    // Another order of the same choice is the same choice.
    const filters = [
      { paramKey: 'region', values: ['华北', '华东'] },
      { paramKey: 'city', values: ['x'] },
    ];
    const prefetched = await prefetch({ ...SALES, filters });
    const report = engine.report({ ...SALES, filters: [...filters].reverse() });
    expect(engine.initialSrc(prefetched, report)).toBe(prefetched.reportUrl);
    const embed = engine.embed();
    embed.attach(report, prefetched);
    expect(embed.getState().src).toBe(prefetched.reportUrl);
    await flush();
    expect(fake.calls.createTicket).toBe(0);
    expect(warn).not.toHaveBeenCalled();
  });

  it('a filtered ticket is not shown for another choice', async () => {
    const { engine, prefetch } = await setup();
    const east = await prefetch({ ...SALES, filters: EAST });
    const north = engine.report({ ...SALES, filters: [{ paramKey: 'region', values: ['华北'] }] });
    expect(engine.initialSrc(east, north)).toBeUndefined();
  });

  it('another works, component or kind is ignored; an expired one too', async () => {
    const { engine, prefetch } = await setup();
    const sales = await prefetch(SALES);
    expect(engine.initialSrc(sales, engine.report(SALES))).toBe(sales.reportUrl);
    expect(engine.initialSrc(sales, engine.report({ worksId: 'other' }))).toBeUndefined();
    expect(engine.initialSrc(sales, engine.report({ ...SALES, cmptId: 'c1' }))).toBeUndefined();
    expect(
      engine.initialSrc(sales, engine.report({ ...SALES, credential: 'token' })),
    ).toBeUndefined();
    const component = await prefetch({ ...SALES, cmptId: 'c1' });
    expect(engine.initialSrc(component, engine.report(SALES))).toBeUndefined();
    const expired = { ...sales, expiresAt: sales.serverNow };
    expect(engine.initialSrc(expired, engine.report(SALES))).toBeUndefined();
  });

  it('a seed from a query cache is held to the same check', async () => {
    const fake = createFakeAdapter();
    const unfiltered = await fake.adapter.createTicket(SALES);
    fake.calls.createTicket = 0;
    // A cache that answers every request with the same credential (a wrong key).
    const engine = new EmbedEngine({
      adapter: fake.adapter,
      seed: () => ({ credential: unfiltered, receivedAt: Date.now() }),
    });
    const filtered = engine.report({ ...SALES, filters: EAST });
    expect(filtered.getState().credential).toBeUndefined();
    expect(engine.report(SALES).getState().credential).toBe(unfiltered);
  });
});
