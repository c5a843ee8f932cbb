import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { QuickBIClientAdapter } from '../adapter.js';
import { EmbedEngine } from '../embedEngine.js';
import { createFakeAdapter } from './fakeAdapter.js';

// Host-chosen filters in the engine: each choice is its own report (its own ticket), the same
// choice in another order is the same one, and every renewal names the ticket's filters (without
// them the server would renew it into the unfiltered grant).
const MIN = 60_000;
const advance = (ms: number) => vi.advanceTimersByTimeAsync(ms);

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(Date.UTC(2026, 10, 23, 9));
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

function setup() {
  const fake = createFakeAdapter({ lifetimeMs: 10 * MIN, maxUses: 5 });
  const sent: Array<{ action: string; body: object }> = [];
  const spy: QuickBIClientAdapter = {
    ...fake.adapter,
    createTicket: (body, options) => {
      sent.push({ action: 'createTicket', body });
      return fake.adapter.createTicket(body, options);
    },
    renewTicket: (body, options) => {
      sent.push({ action: 'renewTicket', body });
      return fake.adapter.renewTicket(body, options);
    },
  };
  return { engine: new EmbedEngine({ adapter: spy }), sent };
}

const EAST = [{ paramKey: 'region', values: ['华东'] }];

describe('EmbedEngine: filters', () => {
  it('sends the filters, canonical; the same choice in another order is the same report', () => {
    const { engine } = setup();
    const a = engine.report({
      worksId: 'w',
      filters: [
        { paramKey: 'region', values: ['b', 'a', 'a'] },
        { paramKey: 'city', values: ['x'] },
      ],
    });
    const b = engine.report({
      worksId: 'w',
      filters: [
        { paramKey: 'city', values: ['x'] },
        { paramKey: 'region', values: ['a', 'b'] },
      ],
    });
    expect(b).toBe(a);
    expect(a.request.filters).toEqual([
      { paramKey: 'city', values: ['x'] },
      { paramKey: 'region', values: ['a', 'b'] },
    ]);
    expect(engine.report({ worksId: 'w', filters: EAST })).not.toBe(a);
    // No filters and an empty list are the unfiltered report.
    expect(engine.report({ worksId: 'w', filters: [] })).toBe(engine.report({ worksId: 'w' }));
  });

  it('another choice is another ticket; renewals carry the filters', async () => {
    const { engine, sent } = setup();
    const embed = engine.embed();
    embed.attach(engine.report({ worksId: 'w', filters: EAST }));
    await advance(0);
    expect(sent).toEqual([{ action: 'createTicket', body: { worksId: 'w', filters: EAST } }]);
    // Past the renewal point: the pinned ticket is renewed with its own filters.
    await advance(9 * MIN);
    const renewals = sent.filter((s) => s.action === 'renewTicket');
    expect(renewals.length).toBeGreaterThan(0);
    for (const r of renewals) expect(r.body).toMatchObject({ filters: EAST });

    const north = [{ paramKey: 'region', values: ['华北'] }];
    embed.attach(engine.report({ worksId: 'w', filters: north }));
    await advance(0);
    expect(sent.at(-1)).toEqual({ action: 'createTicket', body: { worksId: 'w', filters: north } });
    expect(embed.getState().src).not.toBeUndefined();
  });
});
