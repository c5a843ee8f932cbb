import { act, render, screen } from '@testing-library/react';
import { Profiler, useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { QuickBIReport, useTicket } from '../index.js';
import { createFakeAdapter } from './fakeAdapter.js';
import { makeWrapper } from './wrapper.js';
import { MIN, advance, flush, frames } from './fakeTime.js';

// Each embed subscribes to its own report: a change of one report re-renders only its embeds,
// and a report nobody shows is collected after the engine's grace period (5 min by default).
beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(Date.UTC(2026, 10, 23, 9));
});
afterEach(() => vi.useRealTimers());

const SALES = 'dash-sales-0001';
const OPS = 'dash-ops-0002';

describe('one report per subscription', () => {
  it("a change of one report does not re-render another report's embed", async () => {
    const fake = createFakeAdapter({ maxUses: 100 });
    const renders = { sales: 0, ops: 0 };
    let showSecond: (on: boolean) => void = () => {};
    function SecondSales() {
      const [on, setOn] = useState(true);
      showSecond = setOn;
      return on ? <QuickBIReport worksId={SALES} title="Sales 2" /> : null;
    }
    render(
      <>
        <Profiler id="sales" onRender={() => renders.sales++}>
          <QuickBIReport worksId={SALES} title="Sales" />
        </Profiler>
        <Profiler id="ops" onRender={() => renders.ops++}>
          <QuickBIReport worksId={OPS} title="Ops" />
        </Profiler>
        <SecondSales />
      </>,
      { wrapper: makeWrapper(fake.adapter) },
    );
    await flush();
    expect(frames()).toHaveLength(3);
    const before = { ...renders };
    // The second Sales embed goes: the Sales report changes (one embed fewer), Ops does not.
    act(() => showSecond(false));
    await flush();
    expect(frames()).toHaveLength(2);
    expect(renders.sales).toBeGreaterThan(before.sales);
    expect(renders.ops).toBe(before.ops);
    // Its renewal is the Ops report's own change: the Sales embed does not render for it.
    const salesNow = renders.sales;
    const opsNow = renders.ops;
    await advance(9 * MIN);
    expect(fake.calls.renewTicket).toBeGreaterThan(0);
    expect(renders.ops).toBeGreaterThan(opsNow);
    expect(screen.getByTitle('Ops')).toBeInTheDocument();
    expect(renders.sales - salesNow).toBe(renders.ops - opsNow);
  });

  it('a hook re-renders for its report only', async () => {
    const fake = createFakeAdapter({ maxUses: 100 });
    let hookRenders = 0;
    function SalesTicket() {
      useTicket({ worksId: SALES });
      hookRenders++;
      return null;
    }
    let showOps: (on: boolean) => void = () => {};
    function Ops() {
      const [on, setOn] = useState(false);
      showOps = setOn;
      return on ? <QuickBIReport worksId={OPS} title="Ops" /> : null;
    }
    render(
      <>
        <SalesTicket />
        <Ops />
      </>,
      { wrapper: makeWrapper(fake.adapter) },
    );
    await flush();
    const before = hookRenders;
    act(() => showOps(true));
    await flush();
    expect(screen.getByTitle('Ops').tagName).toBe('IFRAME');
    expect(hookRenders).toBe(before);
  });
});

describe('collection of a report nobody shows', () => {
  it('a re-mount within the grace period reuses the credential; after it, the report asks anew', async () => {
    const fake = createFakeAdapter({ maxUses: 100 });
    const wrapper = makeWrapper(fake.adapter);
    const view = render(<QuickBIReport worksId={SALES} title="Sales" />, { wrapper });
    await flush();
    expect(fake.calls.createTicket).toBe(1);
    const src = frames()[0]!.src;
    view.rerender(<></>);
    await flush();
    // Unheld: only its collection is pending.
    expect(vi.getTimerCount()).toBe(1);
    await advance(4 * MIN);
    view.rerender(<QuickBIReport worksId={SALES} title="Sales" />);
    await flush();
    expect(frames()[0]!.src).toBe(src);
    expect(fake.calls.createTicket).toBe(1);
    view.rerender(<></>);
    await flush();
    await advance(5 * MIN);
    expect(vi.getTimerCount()).toBe(0);
    // Collected (its ticket still lives on the server): a new mount asks for a new one.
    view.rerender(<QuickBIReport worksId={SALES} title="Sales" />);
    await flush();
    expect(fake.calls.createTicket).toBe(2);
    expect(frames()).toHaveLength(1);
  });
});
