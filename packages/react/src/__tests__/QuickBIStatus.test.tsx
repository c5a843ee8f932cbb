import type { TicketCredential } from '@quickbi-embed/core';
import { act, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { QuickBIStatus } from '../status/index.js';

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(Date.UTC(2026, 10, 23, 9));
});
afterEach(() => vi.useRealTimers());

const ticket = (): TicketCredential => ({
  kind: 'ticket',
  ticket: 't-1',
  worksId: 'dash-sales-0001',
  worksType: 'dashboard',
  reportUrl: 'https://bi.example.com/x',
  expiresAt: Date.now() + 5 * 60_000,
  serverNow: Date.now(),
  maxUses: 3,
  usedUses: 1,
  watermark: 'alice@example',
  globalParam: [
    { paramKey: 'price', joinType: 'and', conditionList: [{ operate: '>', value: '0' }] },
    {
      paramKey: 'product_type',
      joinType: 'and',
      conditionList: [{ operate: 'in', value: ['办公用品', '家具产品'] }],
    },
  ],
});

it('shows watermark, parameters as chips, uses, time left and renewing', () => {
  const t = ticket();
  const { container } = render(<QuickBIStatus credential={t} expiresAt={t.expiresAt} isRenewing />);
  expect(screen.getByText('alice@example')).toBeInTheDocument();
  const chips = Array.from(container.querySelectorAll('[data-chip]')).map((c) => c.textContent);
  expect(chips).toEqual(['price > 0', 'product_type in 办公用品, 家具产品']);
  expect(screen.getByText('1 / 3')).toBeInTheDocument();
  expect(screen.getByText('5:00')).toBeInTheDocument();
  expect(screen.getByRole('status')).toHaveTextContent('Renewing…');
});

it('counts down, then says expired; uses counted on the page win', async () => {
  const t = ticket();
  render(<QuickBIStatus credential={t} expiresAt={t.expiresAt} usesLeft={0} />);
  expect(screen.getByText('3 / 3')).toBeInTheDocument();
  await act(() => vi.advanceTimersByTimeAsync(61_000));
  expect(screen.getByText('3:59')).toBeInTheDocument();
  await act(() => vi.advanceTimersByTimeAsync(5 * 60_000));
  expect(screen.getByText('Expired')).toBeInTheDocument();
});

it('speaks zh-CN and leaves no timer behind', () => {
  const t = { ...ticket(), watermark: null, globalParam: null };
  const { unmount } = render(
    <QuickBIStatus credential={t} expiresAt={t.expiresAt} locale="zh-CN" />,
  );
  expect(screen.getByText('水印')).toBeInTheDocument();
  expect(screen.getAllByText('无')).toHaveLength(2);
  expect(screen.getByText('剩余时间')).toBeInTheDocument();
  unmount();
  expect(vi.getTimerCount()).toBe(0);
});
