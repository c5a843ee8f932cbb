import { act, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { QuickBIReport, useQuickBI } from '../index.js';
import { createFakeAdapter } from './fakeAdapter.js';
import { flush } from './fakeTime.js';
import { makeWrapper } from './wrapper.js';

// Sign-out in a single-page app, as the README shows it: `useQuickBI().engine.clear()`.
const srcOf = (title: string) => screen.queryByTitle(title)?.getAttribute('src') ?? null;

function SignOut() {
  const { engine } = useQuickBI();
  return (
    <button type="button" onClick={() => engine.clear()}>
      Sign out
    </button>
  );
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(Date.UTC(2026, 10, 23, 9));
});
afterEach(() => vi.useRealTimers());

describe('sign-out', () => {
  it('engine.clear() takes the previous user’s report off the page and asks for the next one', async () => {
    const fake = createFakeAdapter({ maxUses: 1 });
    render(
      <>
        <SignOut />
        <QuickBIReport worksId="dash-sales-0001" title="Sales" />
      </>,
      { wrapper: makeWrapper(fake.adapter) },
    );
    await flush();
    expect(srcOf('Sales')).toContain('accessTicket=t-1');
    act(() => fireEvent.click(screen.getByText('Sign out')));
    // At once: the old iframe is gone.
    expect(srcOf('Sales')).toBeNull();
    expect(screen.getByRole('status')).toBeTruthy();
    await flush();
    expect(srcOf('Sales')).toContain('accessTicket=t-2');
  });
});
