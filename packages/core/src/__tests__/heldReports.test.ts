import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Credential, TicketCredential } from '../contract.js';
import { EmbedEngine } from '../embedEngine.js';
import type { ReportRequest } from '../engineTypes.js';
import { HELD_COOKIE, heldId, heldIdsOf } from '../heldReports.js';
import type { CookieSink } from '../heldReports.js';
import { createFakeAdapter } from './fakeAdapter.js';

// Revalidation (issue 18 item 8): the page tells its server which reports it shows, in the
// first-party cookie `quickbi-held`; a loader that prefetches one of them again gets the cached
// ticket with no load reserved (`reservedUses: 0`), which the engine never shows.
const SALES: ReportRequest = { worksId: 'dash-sales-0001' };
const EAST = [{ paramKey: 'region', values: ['华东'] }];
const flush = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(Date.UTC(2026, 10, 23, 9));
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** A document's cookie jar for one name: what the page last wrote (a Max-Age=0 write clears it). */
function cookieSink() {
  const writes: string[] = [];
  const sink: CookieSink & { writes: string[]; held(): Set<string> } = {
    writes,
    get cookie() {
      const last = writes.at(-1);
      return last && !/Max-Age=0/.test(last) ? (last.split(';')[0] as string) : '';
    },
    set cookie(value: string) {
      writes.push(value);
    },
    held: () => heldIdsOf(sink.cookie),
  };
  return sink;
}

describe('the quickbi-held cookie', () => {
  it('names each report the page holds a live credential for, until it ends', async () => {
    const fake = createFakeAdapter();
    const sink = cookieSink();
    const engine = new EmbedEngine({ adapter: fake.adapter, heldCookie: sink });
    const sales = engine.embed();
    const east = engine.embed();
    const releaseSales = sales.attach(engine.report(SALES));
    const releaseEast = east.attach(engine.report({ ...SALES, filters: EAST }));
    expect(sink.writes).toEqual([]);
    await flush();
    expect(sales.getState().src).toBeDefined();
    // Each report's identity: works, kind, component, host-chosen filters; no ticket.
    expect(sink.held()).toEqual(new Set([heldId(SALES), heldId({ ...SALES, filters: EAST })]));
    const ticket = (sales.getState().credential as TicketCredential).ticket;
    for (const write of sink.writes) {
      expect(write).toMatch(/^quickbi-held=[0-9a-z.]*; Path=\/; SameSite=Lax/);
      expect(write).not.toContain(ticket);
    }

    // Unmounted (the filter switched), its live credential is kept for a later attach, which
    // takes a use of it: a prefetch must not reserve one, so the report stays named.
    releaseEast();
    await flush();
    expect(sink.held()).toEqual(new Set([heldId(SALES), heldId({ ...SALES, filters: EAST })]));
    // Sign-out ends every credential: the page holds only what it asks for anew (SALES, still
    // on screen, for the next user), and nothing once that goes too.
    engine.clear();
    await flush();
    expect(sink.held()).toEqual(new Set([heldId(SALES)]));
    releaseSales();
    engine.clear();
    await flush();
    expect(sink.cookie).toBe('');
    expect(sink.writes.at(-1)).toBe(`${HELD_COOKIE}=; Path=/; SameSite=Lax; Max-Age=0`);
  });

  it('is not written when the engine opts out', async () => {
    const fake = createFakeAdapter();
    const document = cookieSink();
    vi.stubGlobal('document', document);
    const engine = new EmbedEngine({ adapter: fake.adapter, heldCookie: false });
    engine.embed().attach(engine.report(SALES));
    await flush();
    expect(document.writes).toEqual([]);
    // The default is the page's document.
    const byDefault = new EmbedEngine({ adapter: fake.adapter });
    byDefault.embed().attach(byDefault.report(SALES));
    await flush();
    expect(document.held()).toEqual(new Set([heldId(SALES)]));
    vi.unstubAllGlobals();
  });

  it('hashes the same report the same way however its filters are ordered', () => {
    const a = heldId({
      worksId: 'w',
      filters: [
        { paramKey: 'region', values: ['b', 'a'] },
        { paramKey: 'city', values: ['x'] },
      ],
    });
    const b = heldId({
      worksId: 'w',
      credential: 'ticket',
      filters: [
        { paramKey: 'city', values: ['x', 'x'] },
        { paramKey: 'region', values: ['a', 'b'] },
      ],
    });
    expect(a).toBe(b);
    expect(heldId({ worksId: 'w' })).not.toBe(a);
    expect(heldId({ worksId: 'w', cmptId: 'c' })).not.toBe(heldId({ worksId: 'w' }));
    expect(heldIdsOf(`a=1; ${HELD_COOKIE}=${a}.bad!id.${b}; z=2`)).toEqual(new Set([a]));
  });
});

describe('a handed-in ticket that reserved no load', () => {
  it('is not shown for a report with no live credential: the report asks for its own', async () => {
    const fake = createFakeAdapter();
    const engine = new EmbedEngine({ adapter: fake.adapter });
    // What a prefetch answers for a report the page's (stale) cookie says it shows.
    const held = {
      ...((await fake.adapter.createTicket(SALES)) as TicketCredential),
      reservedUses: 0,
    } satisfies Credential;
    fake.calls.createTicket = 0;
    const report = engine.report(SALES);
    // Not in the server-rendered HTML, and not loaded on hydration.
    expect(engine.initialSrc(held, report)).toBeUndefined();
    const embed = engine.embed();
    embed.attach(report, held);
    expect(embed.getState().src).toBeUndefined();
    await flush();
    expect(fake.calls.createTicket).toBe(1);
    const shown = embed.getState().credential as TicketCredential;
    expect(embed.getState().src).toBe(shown.reportUrl);
    expect(shown.reservedUses).toBeGreaterThan(0);
  });
});
