import { act, fireEvent, render, renderHook, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { QuickBIReport, useEmbedToken } from '../index.js';
import { createFakeAdapter, REPORT_ORIGIN } from './fakeAdapter.js';
import { makeWrapper } from './wrapper.js';
import { MIN, advance, flush, frames } from './fakeTime.js';

// Each test is written as the bug it prevents (issue 14): events that lied, a failed switch that
// kept the old report on screen, unchecked report URLs, a works type the client had to know,
// token renewals the server's reuse cache swallowed.

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(Date.UTC(2026, 10, 23, 9));
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('a failed switch', () => {
  it('removes the previous report at once and never shows it under the new one', async () => {
    const fake = createFakeAdapter();
    const wrapper = makeWrapper(fake.adapter);
    const view = render(<QuickBIReport worksId="dash-a" title="Report" />, { wrapper });
    await flush();
    expect(frames()[0]!.src).toContain('pageId=dash-a');
    fake.failNext(1, 'FORBIDDEN', 403);
    view.rerender(<QuickBIReport worksId="dash-b" title="Report" />);
    // Not even for the render before the switch took effect.
    expect(frames()).toHaveLength(0);
    await flush();
    expect(screen.getByRole('alert')).toHaveTextContent('FORBIDDEN');
    expect(frames()).toHaveLength(0);
  });
});

describe('truthful events', () => {
  it('onLoad waits for the dashboard to speak; the iframe load event is onFrameLoad', async () => {
    const fake = createFakeAdapter();
    const onLoad = vi.fn();
    const onFrameLoad = vi.fn();
    render(
      <QuickBIReport
        worksId="dash-sales-0001"
        title="Sales"
        onLoad={onLoad}
        onFrameLoad={onFrameLoad}
      />,
      { wrapper: makeWrapper(fake.adapter) },
    );
    await flush();
    const frame = screen.getByTitle('Sales') as HTMLIFrameElement;
    // Quick BI's error page (expired, mismatched works type) loads the frame too.
    fireEvent.load(frame);
    expect(onFrameLoad).toHaveBeenCalledTimes(1);
    expect(onLoad).not.toHaveBeenCalled();
    act(() => {
      window.dispatchEvent(
        new MessageEvent('message', {
          data: { height: 700, pageId: 'dash-sales-0001' },
          origin: REPORT_ORIGIN,
          source: frame.contentWindow,
        }),
      );
    });
    expect(onLoad).toHaveBeenCalledTimes(1);
  });

  it('transient renewal failures go to onRenewalError, not onError, while the report shows', async () => {
    const fake = createFakeAdapter({ lifetimeMs: 10 * MIN });
    const onError = vi.fn();
    const onRenewalError = vi.fn();
    render(
      <QuickBIReport
        worksId="dash-sales-0001"
        title="Sales"
        onError={onError}
        onRenewalError={onRenewalError}
      />,
      { wrapper: makeWrapper(fake.adapter) },
    );
    await flush();
    const src = frames()[0]!.src;
    fake.failNext(4);
    await advance(9 * MIN);
    for (let i = 0; i < 5; i++) await advance(16_000);
    expect(fake.calls.renewTicket).toBe(5);
    expect(onError).not.toHaveBeenCalled();
    expect(onRenewalError).toHaveBeenCalledWith(
      expect.objectContaining({ code: 'UPSTREAM_UNAVAILABLE' }),
    );
    expect(frames()[0]!.src).toBe(src);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('onRenew fires for a renewal of the report on screen, never for a switch', async () => {
    const fake = createFakeAdapter({ lifetimeMs: 10 * MIN });
    const onRenew = vi.fn();
    // Another embed already shows dash-b, so the switch finds its credential at hand.
    const page = (worksId: string) => (
      <>
        <QuickBIReport worksId="dash-b" title="Other" />
        <QuickBIReport worksId={worksId} title="R" onRenew={onRenew} />
      </>
    );
    const view = render(page('dash-a'), { wrapper: makeWrapper(fake.adapter) });
    await flush();
    view.rerender(page('dash-b'));
    await flush();
    expect(screen.getByTitle('R').getAttribute('src')).toContain('pageId=dash-b');
    expect(onRenew).not.toHaveBeenCalled();
    await advance(9 * MIN);
    expect(onRenew).toHaveBeenCalledTimes(1);
    expect(onRenew).toHaveBeenCalledWith(expect.objectContaining({ worksId: 'dash-b' }));
  });

  it('warns once in development with the code and requestId', async () => {
    const fake = createFakeAdapter();
    fake.failNext(3);
    render(<QuickBIReport worksId="dash-sales-0001" title="Sales" />, {
      wrapper: makeWrapper(fake.adapter),
    });
    await advance(10_000);
    expect(console.warn).toHaveBeenCalledTimes(1);
    expect(vi.mocked(console.warn).mock.calls[0]![0]).toContain('UPSTREAM_UNAVAILABLE');
  });
});

describe('what reaches the server and the iframe', () => {
  it('sends worksId (and cmptId) only: the server decides the works type', async () => {
    const fake = createFakeAdapter();
    render(<QuickBIReport worksId="wb-1" title="W" />, { wrapper: makeWrapper(fake.adapter) });
    await flush();
    expect(fake.bodies).toEqual([{ worksId: 'wb-1' }]);
  });

  it.each([
    ['a data: URL', 'data:text/html,<script>parent.alert(1)</script>'],
    ['another host', 'https://evil.example/token3rd/dashboard/view/pc.htm?pageId=x'],
  ])('never puts %s in the iframe', async (_label, reportUrl) => {
    const fake = createFakeAdapter({ reportUrl });
    render(<QuickBIReport worksId="dash-sales-0001" title="Sales" />, {
      wrapper: makeWrapper(fake.adapter),
    });
    await advance(MIN);
    expect(frames()).toHaveLength(0);
    expect(screen.getByRole('alert')).toHaveTextContent('REPORT_ORIGIN_REJECTED');
  });

  it('a token renewal gets a real extension: the expiry moves at the first renewal', async () => {
    // 60-minute tokens renew 6 minutes before expiry, while the server's 5-minute reuse cache
    // would still answer the same token with the same expiry.
    const fake = createFakeAdapter({ lifetimeMs: 60 * MIN, tokenReuseMs: 5 * MIN });
    const { result } = renderHook(() => useEmbedToken({ worksId: 'dash-a' }), {
      wrapper: makeWrapper(fake.adapter),
    });
    await flush();
    const first = result.current.expiresAt!;
    await advance(54 * MIN);
    expect(fake.calls.createEmbedToken).toBe(2);
    expect(result.current.expiresAt).toBeGreaterThan(first);
  });
});
