import { describe, expect, it, vi } from 'vitest';
import type { QuickBIClientAdapter } from '../adapter.js';
import type { CopilotCredential } from '../contract.js';
import { createCopilotSession } from '../copilotSession.js';
import { QuickBIEmbedError } from '../errors.js';

const ORIGIN = 'https://bi.aliyun.com';
const credential = (ticket: string, origin = ORIGIN): CopilotCredential => ({
  kind: 'copilot',
  copilotId: 'cop-1',
  ticket,
  reportUrl: `${origin}/copilot/embed?accessTicket=${ticket}`,
  reportOrigin: ORIGIN,
  maxUses: 1,
  expiresAt: 2,
  serverNow: 1,
});

/** An adapter whose Smart Q calls wait until the test answers them. */
function pendingAdapter() {
  const calls: {
    signal: AbortSignal | undefined;
    answer: (c: CopilotCredential) => void;
    fail: (e: unknown) => void;
  }[] = [];
  const adapter = {
    createCopilotTicket: (_body: { copilotId: string }, init?: { signal?: AbortSignal }) =>
      new Promise<CopilotCredential>((answer, fail) =>
        calls.push({ signal: init?.signal, answer, fail }),
      ),
  } as unknown as QuickBIClientAdapter;
  return { adapter, calls };
}
const settle = () => new Promise((done) => setTimeout(done, 0));

describe('createCopilotSession', () => {
  it('asks once per start, shows the answer and tells subscribers', async () => {
    const { adapter, calls } = pendingAdapter();
    const session = createCopilotSession(adapter, 'cop-1');
    const heard = vi.fn();
    session.subscribe(heard);
    expect(session.getState()).toEqual({});
    session.start();
    expect(calls).toHaveLength(1);
    calls[0]!.answer(credential('t-1'));
    await settle();
    expect(session.getState().credential?.ticket).toBe('t-1');
    expect(heard).toHaveBeenCalled();
  });

  it('aborts on stop and never shows a superseded answer', async () => {
    const { adapter, calls } = pendingAdapter();
    const session = createCopilotSession(adapter, 'cop-1');
    const stop = session.start();
    stop();
    expect(calls[0]!.signal?.aborted).toBe(true);
    calls[0]!.answer(credential('t-old'));
    await settle();
    expect(session.getState()).toEqual({});
    // Retry supersedes a request in flight: only the newer answer shows.
    session.start();
    session.retry();
    expect(calls[1]!.signal?.aborted).toBe(true);
    calls[2]!.answer(credential('t-new'));
    calls[1]!.answer(credential('t-stale'));
    await settle();
    expect(session.getState().credential?.ticket).toBe('t-new');
  });

  it('refuses a page URL off the announced Quick BI origin, and reports errors', async () => {
    const { adapter, calls } = pendingAdapter();
    const session = createCopilotSession(adapter, 'cop-1');
    const onError = vi.fn();
    session.on({ onError });
    session.start();
    calls[0]!.answer(credential('t-1', 'https://evil.example'));
    await settle();
    expect(session.getState().error?.code).toBe('REPORT_ORIGIN_REJECTED');
    session.retry();
    expect(session.getState()).toEqual({});
    calls[1]!.fail(new QuickBIEmbedError({ code: 'FORBIDDEN', message: 'no', status: 403 }));
    await settle();
    expect(session.getState().error?.code).toBe('FORBIDDEN');
    expect(onError.mock.calls.map(([e]) => (e as QuickBIEmbedError).code)).toEqual([
      'REPORT_ORIGIN_REJECTED',
      'FORBIDDEN',
    ]);
  });

  it('names an adapter without Smart Q as NOT_CONFIGURED', async () => {
    const session = createCopilotSession({} as QuickBIClientAdapter, 'cop-1');
    session.start();
    await settle();
    expect(session.getState().error?.code).toBe('NOT_CONFIGURED');
  });
});
