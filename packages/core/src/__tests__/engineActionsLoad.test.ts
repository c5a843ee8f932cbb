import { describe, expect, it, vi } from 'vitest';
import type { TicketCredential } from '../contract.js';
import { EmbedEngine } from '../embedEngine.js';
import { errorKind } from '../errorKind.js';

// The engine's actions load on demand (`engineActions.ts`); here that load fails (the page went
// offline, or a deploy replaced the chunk) until `back`.
const chunk = vi.hoisted(() => ({ back: false, loads: 0 }));
vi.mock('../engineActions.js', async (importOriginal) => {
  chunk.loads++;
  if (!chunk.back) throw new TypeError('Failed to fetch dynamically imported module');
  return importOriginal();
});

const ORIGIN = 'https://bi.example.com';
const ticket: TicketCredential = {
  kind: 'ticket',
  ticket: 't-1',
  worksId: 'w',
  worksType: 'dashboard',
  reportUrl: `${ORIGIN}/token3rd/dashboard/view/pc.htm?pageId=w&accessTicket=t-1`,
  reportOrigin: ORIGIN,
  expiresAt: Date.now() + 3_600_000,
  serverNow: Date.now(),
  maxUses: 5,
  usedUses: 0,
  reservedUses: 1,
} as TicketCredential;

describe('EmbedEngine when its actions cannot load', () => {
  it('shows a retryable NETWORK_ERROR for the attached report, asks nothing, and its Retry loads them and attaches', async () => {
    const createTicket = vi.fn(async () => ticket);
    const engine = new EmbedEngine({ adapter: { createTicket } as never });
    const heard = vi.fn();
    const report = engine.report({ worksId: 'w' });
    report.subscribe(heard);
    const embed = engine.embed();
    embed.attach(report);
    await vi.waitFor(() => expect(embed.getState().error).not.toBeNull());
    const { key, error, src } = embed.getState();
    expect(key).toBe(report.key);
    expect(src).toBeUndefined();
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', status: 0 });
    expect(errorKind(error!)).toBe('network');
    // The binding heard of it (it renders the error), and nothing was asked of the server.
    expect(heard).toHaveBeenCalled();
    expect(createTicket).not.toHaveBeenCalled();

    chunk.back = true;
    embed.retry();
    await vi.waitFor(() => expect(embed.getState().src).toBe(ticket.reportUrl));
    expect(embed.getState().error).toBeNull();
    expect(createTicket).toHaveBeenCalledTimes(1);
    expect(chunk.loads).toBeGreaterThan(1);
  });

  it('an embed released before the actions arrived never attaches (a StrictMode rehearsal)', async () => {
    chunk.back = true;
    const createTicket = vi.fn(async () => ticket);
    const engine = new EmbedEngine({ adapter: { createTicket } as never });
    const report = engine.report({ worksId: 'w2' }) as ReturnType<typeof engine.report> & {
      holders: number;
    };
    const embed = engine.embed();
    embed.attach(report)();
    const release = embed.attach(report);
    await vi.waitFor(() => expect(embed.getState().src).toBe(ticket.reportUrl));
    // One attach (the second) holds the report; the first one's release left nothing behind.
    expect(report.holders).toBe(1);
    release();
    expect(report.holders).toBe(0);
    expect(createTicket).toHaveBeenCalledTimes(1);
  });
});
