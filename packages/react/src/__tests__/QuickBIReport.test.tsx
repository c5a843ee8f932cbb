import { act, fireEvent, render, screen } from '@testing-library/react';
import { QuickBIEmbedError } from '@quickbi-embed/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { QuickBIReport, ticketQueryOptions } from '../index.js';
import { createFakeAdapter, REPORT_ORIGIN } from './fakeAdapter.js';
import { makeWrapper, testClient } from './wrapper.js';
import { MIN, advance, flush, frames } from './fakeTime.js';

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(Date.UTC(2026, 10, 23, 9));
});
afterEach(() => vi.useRealTimers());

describe('QuickBIReport', () => {
  it('renders a loading state, then the iframe with an accessible title', async () => {
    const fake = createFakeAdapter();
    render(<QuickBIReport worksId="dash-sales-0001" title="Sales" />, {
      wrapper: makeWrapper(fake.adapter),
    });
    expect(screen.getByRole('status')).toHaveTextContent('Loading report…');
    await flush();
    const frame = screen.getByTitle('Sales');
    expect(frame.tagName).toBe('IFRAME');
    expect(frame).toHaveAttribute(
      'src',
      `${REPORT_ORIGIN}/token3rd/dashboard/view/pc.htm?pageId=dash-sales-0001&accessTicket=t-1`,
    );
  });

  it('makes one adapter call for 20 reports of one credential', async () => {
    const fake = createFakeAdapter({ maxUses: 100 });
    render(
      <>
        {Array.from({ length: 20 }, (_, i) => (
          <QuickBIReport key={i} worksId="dash-sales-0001" title={`Sales ${i}`} />
        ))}
      </>,
      { wrapper: makeWrapper(fake.adapter) },
    );
    await flush();
    expect(fake.calls).toEqual({
      createTicket: 1,
      renewTicket: 0,
      createEmbedToken: 0,
      queryTicketInfo: 0,
    });
    // The first request reserved a use for each embed already waiting.
    expect(fake.requests).toEqual([{ action: 'createTicket', uses: 20 }]);
    expect(frames()).toHaveLength(20);
    expect(new Set(frames().map((f) => f.src)).size).toBe(1);
    // And one renewal timer for all of them.
    expect(vi.getTimerCount()).toBe(1);
  });

  it('keeps the same iframe and src through renewals', async () => {
    // One use and no top-ups: the already loaded iframe must not take another.
    const fake = createFakeAdapter({ lifetimeMs: 10 * MIN, maxUses: 1, topUp: 0 });
    const onRenew = vi.fn();
    render(<QuickBIReport worksId="dash-sales-0001" title="Sales" onRenew={onRenew} />, {
      wrapper: makeWrapper(fake.adapter),
    });
    await flush();
    const frame = screen.getByTitle('Sales');
    const src = frame.getAttribute('src');
    await advance(9 * MIN);
    await advance(9 * MIN);
    expect(fake.calls.renewTicket).toBe(2);
    expect(fake.calls.createTicket).toBe(1);
    expect(onRenew).toHaveBeenCalledTimes(2);
    expect(screen.getByTitle('Sales')).toBe(frame);
    expect(frame.getAttribute('src')).toBe(src);
  });

  it('under StrictMode requests one credential, takes one use and leaves no timer', async () => {
    // One use: a second claim from StrictMode's rehearsal would force a renewal.
    const fake = createFakeAdapter({ maxUses: 1 });
    // Prefetched, as a route loader would: the credential is there at mount, so StrictMode's
    // mount-unmount-mount rehearsal runs the use-claiming effect twice.
    const client = testClient();
    await client.prefetchQuery(ticketQueryOptions(fake.adapter, { worksId: 'dash-sales-0001' }));
    const { unmount } = render(<QuickBIReport worksId="dash-sales-0001" title="Sales" />, {
      wrapper: makeWrapper(fake.adapter, { client }),
      // At the root: React 19 rehearses effects only under a root-level StrictMode.
      reactStrictMode: true,
    });
    await flush();
    expect(frames()).toHaveLength(1);
    expect(fake.calls.createTicket).toBe(1);
    expect(fake.calls.renewTicket).toBe(0);
    expect(vi.getTimerCount()).toBe(1);
    unmount();
    await flush();
    // Unheld: only its collection is pending; after the grace period, nothing.
    expect(vi.getTimerCount()).toBe(1);
    await advance(5 * MIN);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a route loader prefetch with filters asks for them and seeds only the report with them', async () => {
    const fake = createFakeAdapter({ maxUses: 100 });
    const client = testClient();
    const region = { paramKey: 'region', values: ['华北', '华东'] };
    await client.prefetchQuery(
      ticketQueryOptions(fake.adapter, { worksId: 'dash-sales-0001', filters: [region] }),
    );
    expect(fake.bodies).toHaveLength(1);
    expect(fake.bodies[0]).toMatchObject({ filters: [{ paramKey: 'region' }] });
    // The same choice in another order is the same report: it starts from the prefetched ticket.
    const reversed = { paramKey: 'region', values: ['华东', '华北'] };
    render(<QuickBIReport worksId="dash-sales-0001" title="Chosen" filters={[reversed]} />, {
      wrapper: makeWrapper(fake.adapter, { client }),
    });
    await flush();
    expect(screen.getByTitle('Chosen')).toHaveAttribute('src');
    expect(fake.calls.createTicket).toBe(1);
    // Without the choice it is another report: never seeded with the filtered ticket.
    render(<QuickBIReport worksId="dash-sales-0001" title="All" />, {
      wrapper: makeWrapper(fake.adapter, { client }),
    });
    await flush();
    expect(fake.calls.createTicket).toBe(2);
    expect(fake.bodies[1]).not.toHaveProperty('filters');
  });

  it('under StrictMode, fetching on mount, requests one credential', async () => {
    const fake = createFakeAdapter({ maxUses: 1 });
    const { unmount } = render(<QuickBIReport worksId="dash-sales-0001" title="Sales" />, {
      wrapper: makeWrapper(fake.adapter),
      reactStrictMode: true,
    });
    await flush();
    expect(frames()).toHaveLength(1);
    expect(fake.calls.createTicket + fake.calls.renewTicket).toBe(1);
    unmount();
    await flush();
    // Unheld: only its collection is pending; after the grace period, nothing.
    expect(vi.getTimerCount()).toBe(1);
    await advance(5 * MIN);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('never loads a ticket with no uses left: a second embed waits for a top-up', async () => {
    const fake = createFakeAdapter({ maxUses: 1, topUp: 1 });
    const onBudgetLow = vi.fn();
    render(
      <>
        <QuickBIReport worksId="dash-sales-0001" title="A" onBudgetLow={onBudgetLow} />
        <QuickBIReport worksId="dash-sales-0001" title="B" />
      </>,
      { wrapper: makeWrapper(fake.adapter) },
    );
    await flush();
    await flush();
    expect(fake.calls.createTicket).toBe(1);
    expect(fake.calls.renewTicket).toBe(1);
    expect(frames()).toHaveLength(2);
    expect(frames()[0]!.src).toBe(frames()[1]!.src);
    // Two loads, and the ticket now has a budget of two.
    expect(fake.tickets.get('t-1')!.maxUses).toBe(2);
    expect(onBudgetLow).toHaveBeenCalledWith(0, 1);
  });

  it('on a remount with the ticket spent, gets a new ticket when renewal cannot top up', async () => {
    const fake = createFakeAdapter({ maxUses: 1, topUp: 0 });
    const wrapper = makeWrapper(fake.adapter);
    const first = render(<QuickBIReport worksId="dash-sales-0001" title="Sales" />, { wrapper });
    await flush();
    expect(screen.getByTitle('Sales').getAttribute('src')).toContain('accessTicket=t-1');
    first.unmount();
    render(<QuickBIReport worksId="dash-sales-0001" title="Sales" />, { wrapper });
    // Not loaded with the spent ticket, not even for one render.
    expect(frames()).toHaveLength(0);
    await flush();
    await flush();
    expect(fake.calls.renewTicket).toBe(1);
    expect(fake.calls.createTicket).toBe(2);
    expect(screen.getByTitle('Sales').getAttribute('src')).toContain('accessTicket=t-2');
  });

  it('names a refusal by its code, and Retry recovers', async () => {
    const fake = createFakeAdapter();
    fake.failNext(1, 'FORBIDDEN', 403);
    const onError = vi.fn();
    render(<QuickBIReport worksId="dash-sales-0001" title="Sales" onError={onError} />, {
      wrapper: makeWrapper(fake.adapter),
    });
    await flush();
    expect(screen.getByRole('alert')).toHaveTextContent(
      'You are not allowed to view this report. (FORBIDDEN)',
    );
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect(frames()).toHaveLength(0);
    // A refusal is not retried on its own.
    await advance(10 * MIN);
    expect(fake.calls.createTicket).toBe(1);
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await flush();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(frames()).toHaveLength(1);
  });

  it.each([
    ['UPSTREAM_UNAVAILABLE', 503, 'Quick BI is unavailable right now.', 'Quick BI 暂时不可用。'],
    ['Report.NotExist.Error', 502, 'This report was not found.', '未找到此报表。'],
    // Signed out: sign in, not "not allowed".
    ['UNAUTHORIZED', 401, 'Sign in to view this report.', '请登录后查看此报表。'],
    // The app's own server: offline, timed out, or its proxy answering without it.
    [
      'NETWORK_ERROR',
      0,
      'This site’s report server could not be reached.',
      '无法连接本站的报表服务器。',
    ],
    // The embed server set up wrong: a wrong mount path (the handler's "no such route" or an HTML
    // 404), a bad worksId it refuses, its own crash.
    ['NOT_FOUND', 404, 'This site’s report server is misconfigured.', '本站的报表服务配置有误。'],
    ['BAD_REQUEST', 400, 'This site’s report server is misconfigured.', '本站的报表服务配置有误。'],
    ['INTERNAL', 500, 'This site’s report server is misconfigured.', '本站的报表服务配置有误。'],
  ])('names %s in English and Chinese', async (code, status, en, zh) => {
    for (const [locale, text] of [
      ['en', en],
      ['zh-CN', zh],
    ] as const) {
      const fake = createFakeAdapter();
      fake.failNext(1, code, status);
      const view = render(<QuickBIReport worksId="dash-sales-0001" title="Sales" />, {
        wrapper: makeWrapper(fake.adapter, { locale }),
      });
      await flush();
      expect(screen.getByRole('alert')).toHaveTextContent(`${text} (${code})`);
      view.unmount();
    }
  });

  it('shows the server’s message under the code in development', async () => {
    const fake = createFakeAdapter();
    const message = 'Request body: worksId must be a non-empty string';
    const adapter = {
      ...fake.adapter,
      createTicket: () =>
        Promise.reject(
          new QuickBIEmbedError({ code: 'BAD_REQUEST', message, status: 400, requestId: 'R-9' }),
        ),
    };
    render(<QuickBIReport worksId="" title="Sales" />, { wrapper: makeWrapper(adapter) });
    await flush();
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent(`This site’s report server is misconfigured. (BAD_REQUEST)`);
    expect(alert.querySelector('[data-quickbi-detail]')).toHaveTextContent(
      `${message} (requestId R-9)`,
    );
  });

  it('recovers on its own after an outage, without a click', async () => {
    const fake = createFakeAdapter();
    fake.failNext(3);
    render(<QuickBIReport worksId="dash-sales-0001" title="Sales" />, {
      wrapper: makeWrapper(fake.adapter),
    });
    await flush();
    expect(screen.getByRole('alert')).toBeInTheDocument();
    await advance(MIN);
    expect(screen.queryByRole('alert')).toBeNull();
    expect(frames()).toHaveLength(1);
  });

  it('renders a custom error view and zh-CN strings', async () => {
    const fake = createFakeAdapter();
    fake.failNext(1);
    render(
      <>
        <QuickBIReport
          worksId="a"
          title="A"
          error={(e, retry) => <p onClick={retry}>{e.code}</p>}
        />
        <QuickBIReport worksId="b" title="B" />
      </>,
      { wrapper: makeWrapper(fake.adapter, { locale: 'zh-CN' }) },
    );
    expect(screen.getByRole('status', { name: 'B' })).toHaveTextContent('报表加载中…');
    await flush();
    expect(screen.getByText('UPSTREAM_UNAVAILABLE')).toBeInTheDocument();
  });

  it('shows the status view on demand', async () => {
    const fake = createFakeAdapter({ maxUses: 3 });
    render(<QuickBIReport worksId="dash-sales-0001" title="Sales" showStatus />, {
      wrapper: makeWrapper(fake.adapter, { locale: 'zh-CN' }),
    });
    await flush();
    // The status view is a lazy chunk: wait for the module, then for React to show it.
    await act(() => vi.dynamicImportSettled());
    await flush();
    expect(screen.getByText('alice@example')).toBeInTheDocument();
    expect(screen.getByText('price > 0')).toBeInTheDocument();
    // This embed took one of the three uses.
    expect(screen.getByText('1 / 3')).toBeInTheDocument();
    expect(screen.getByText('已用次数')).toBeInTheDocument();
  });

  it('embeds with a token when asked', async () => {
    const fake = createFakeAdapter();
    render(<QuickBIReport worksId="dash-sales-0001" credential="token" title="Sales" />, {
      wrapper: makeWrapper(fake.adapter),
    });
    await flush();
    expect(fake.calls.createEmbedToken).toBe(1);
    expect(screen.getByTitle('Sales').getAttribute('src')).toContain('accessToken=tok-1');
  });

  describe('auto-height', () => {
    async function mount(height?: number) {
      const fake = createFakeAdapter();
      render(
        <QuickBIReport
          worksId="dash-sales-0001"
          title="Sales"
          {...(height !== undefined && { height })}
        />,
        { wrapper: makeWrapper(fake.adapter) },
      );
      await flush();
      // The height watcher loads on demand, once there is a src.
      await vi.dynamicImportSettled();
      return screen.getByTitle('Sales') as HTMLIFrameElement;
    }
    const post = (
      frame: HTMLIFrameElement,
      data: unknown,
      origin = REPORT_ORIGIN,
      source?: Window,
    ) =>
      act(() => {
        window.dispatchEvent(
          new MessageEvent('message', { data, origin, source: source ?? frame.contentWindow }),
        );
      });

    it('follows the height the report posts', async () => {
      const frame = await mount();
      expect(frame.style.height).toBe('400px');
      await post(frame, { height: 900, pageId: 'dash-sales-0001' });
      expect(frame.style.height).toBe('900px');
    });

    it('ignores another origin, another pageId and another window', async () => {
      const frame = await mount();
      await post(frame, { height: 900, pageId: 'dash-sales-0001' }, 'https://evil.example');
      await post(frame, { height: 901, pageId: 'dash-other' });
      await post(frame, { height: 902, pageId: 'dash-sales-0001' }, REPORT_ORIGIN, window);
      await post(frame, { height: '903', pageId: 'dash-sales-0001' });
      expect(frame.style.height).toBe('400px');
    });

    it('asks the report for its height after load, addressed to its origin', async () => {
      const frame = await mount();
      const postMessage = vi.spyOn(frame.contentWindow!, 'postMessage');
      fireEvent.load(frame);
      expect(postMessage).toHaveBeenCalledWith({ getDashboardHeight: true }, REPORT_ORIGIN);
    });

    it('asks for the height once its watcher is there, without waiting for another load', async () => {
      // The watcher loads on demand: a report that loaded and posted before it arrived would
      // otherwise keep 400 px. A prefetched src renders the iframe at once, before it arrives.
      const fake = createFakeAdapter();
      const prefetched = await fake.adapter.createTicket({ worksId: 'dash-sales-0001' });
      render(
        <QuickBIReport worksId="dash-sales-0001" title="Sales" initialCredential={prefetched} />,
        {
          wrapper: makeWrapper(fake.adapter),
        },
      );
      const frame = screen.getByTitle('Sales') as HTMLIFrameElement;
      const postMessage = vi.spyOn(frame.contentWindow!, 'postMessage');
      await flush();
      await vi.dynamicImportSettled();
      expect(postMessage).toHaveBeenCalledWith({ getDashboardHeight: true }, REPORT_ORIGIN);
      await post(frame, { height: 900, pageId: 'dash-sales-0001' });
      expect(frame.style.height).toBe('900px');
    });

    it('keeps a fixed height', async () => {
      const frame = await mount(300);
      await post(frame, { height: 900, pageId: 'dash-sales-0001' });
      expect(frame.style.height).toBe('300px');
    });
  });
});

describe('QuickBIReport with a stale credential', () => {
  it('does not load a credential that expired in the cache; it fetches a new one', async () => {
    const fake = createFakeAdapter({ lifetimeMs: 10 * MIN });
    const client = testClient();
    await client.prefetchQuery(ticketQueryOptions(fake.adapter, { worksId: 'dash-sales-0001' }));
    // The tab slept past the expiry with no report mounted.
    vi.setSystemTime(Date.now() + 11 * MIN);
    render(<QuickBIReport worksId="dash-sales-0001" title="Sales" />, {
      wrapper: makeWrapper(fake.adapter, { client }),
    });
    await flush();
    await flush();
    expect(fake.calls.createTicket).toBe(2);
    expect(screen.getByTitle('Sales').getAttribute('src')).toContain('accessTicket=t-2');
  });
});
