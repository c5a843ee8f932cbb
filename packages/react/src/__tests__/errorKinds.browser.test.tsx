// Whose mistake it is, in real Chromium against the real server handler and emulator (started by
// test/browserGlobalSetup.ts): each first misconfiguration names its cause, and in development
// the server's own message (which names the fix) shows under the code.
import { createHttpAdapter, type HttpAdapterOptions } from '@quickbi-embed/core';
import { QueryClient } from '@tanstack/react-query';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, expect, inject, it } from 'vitest';
import { QuickBIProvider, QuickBIReport } from '../index.js';

const { apiBase, reportOrigin } = inject('quickbi');

afterEach(() => cleanup());

let users = 0;
async function failure(adapter: HttpAdapterOptions, worksId = 'dash-sales-0001') {
  render(
    <QuickBIProvider
      adapter={createHttpAdapter(adapter)}
      queryClient={new QueryClient()}
      reportOrigin={reportOrigin}
    >
      <QuickBIReport worksId={worksId} title="Sales" />
    </QuickBIProvider>,
  );
  // The words arrive with the error view's chunk, a moment after the code.
  await expect
    .poll(() => document.querySelector('[role="alert"] [data-quickbi-detail]'), {
      timeout: 10_000,
    })
    .not.toBeNull();
  const alert = screen.getByRole('alert');
  expect(document.querySelector('iframe')).toBeNull();
  return {
    text: alert.firstChild!.textContent,
    detail: alert.querySelector('[data-quickbi-detail]')!.textContent,
  };
}
const user = () => ({ 'x-test-user': `kinds-${Date.now()}-${++users}` });

it('signed out (401): asks to sign in, not "not allowed"', async () => {
  const { text } = await failure({ baseUrl: apiBase, headers: { 'x-test-user': 'signed-out' } });
  expect(text).toBe('Sign in to view this report.');
  expect(screen.getByRole('alert')).toHaveTextContent('(UNAUTHORIZED)');
});

it('a wrong mount path: misconfigured (not “report not found”), naming baseUrl', async () => {
  // The page's own (Vite) server answers a path no handler is mounted at, not in our JSON.
  const { text, detail } = await failure({ baseUrl: '/no-such-mount/quickbi', headers: user() });
  expect(text).toBe('This site’s report server is misconfigured.');
  expect(detail).toContain(
    'is baseUrl "/no-such-mount/quickbi" where createQuickBIHandler is mounted?',
  );
});

it('a bad worksId (400): misconfigured, with the server’s reason under the code', async () => {
  const { text, detail } = await failure({ baseUrl: apiBase, headers: user() }, ' ');
  expect(text).toBe('This site’s report server is misconfigured.');
  expect(screen.getByRole('alert')).toHaveTextContent('(BAD_REQUEST)');
  expect(detail).toMatch(/worksId/);
});

it('the app’s server down: unreachable, not "Quick BI is unavailable"', async () => {
  const { text, detail } = await failure({ baseUrl: 'http://127.0.0.1:1/api/quickbi' });
  expect(text).toBe('This site’s report server could not be reached.');
  expect(screen.getByRole('alert')).toHaveTextContent('(NETWORK_ERROR)');
  expect(detail).toContain('127.0.0.1:1/api/quickbi/ticket');
});
