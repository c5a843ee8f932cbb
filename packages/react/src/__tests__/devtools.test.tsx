import { render, screen } from '@testing-library/react';
import { QueryClient } from '@tanstack/react-query';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import DevtoolsPanel from '../devtools/DevtoolsPanel.js';
import { QuickBIProvider, QuickBIReport, useQuickBI } from '../index.js';
import { createFakeAdapter } from './fakeAdapter.js';
import { MIN, flush } from './fakeTime.js';

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(Date.UTC(2026, 10, 23, 9));
});
afterEach(() => vi.useRealTimers());

function Panel() {
  return <DevtoolsPanel engine={useQuickBI().engine} />;
}

it('shows the next renewal by the provider’s renewal policy, read from the engine', async () => {
  const fake = createFakeAdapter({ lifetimeMs: 10 * MIN });
  render(
    <QuickBIProvider
      adapter={fake.adapter}
      queryClient={new QueryClient()}
      renewal={{ margin: () => 3 * MIN }}
    >
      <QuickBIReport worksId="dash-sales-0001" title="Sales" />
      <Panel />
    </QuickBIProvider>,
  );
  await flush();
  const row = screen.getByRole('region', { name: 'Quick BI devtools' }).querySelector('tbody tr')!;
  const cells = Array.from((row as HTMLTableRowElement).cells, (c) => c.textContent);
  // Expires in 10:00; renews 3 minutes before, as the engine schedules it (not the default 60 s).
  expect(cells.slice(6)).toEqual(['10:00', '7:00']);
});
