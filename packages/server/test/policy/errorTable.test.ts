/**
 * One error table: whatever refuses a request (the handler, the policy check, the quota, an
 * `authorize` hook throwing its own typed error, Quick BI), the status on the wire is the one
 * `ERROR_STATUS` gives its code.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ERROR_STATUS, QuickBIEmbedError } from '@quickbi-embed/core';
import type { QuickBIPolicy } from '@quickbi-embed/server';
import { call, setupEmulator, setupServedHandler } from '../support/harness.js';

const emulator = setupEmulator();
const served = setupServedHandler(emulator, {
  quota: { limit: 1, windowMs: 60_000 },
  authorize: ({ request }): QuickBIPolicy | null => {
    switch (request.headers.get('x-test-user')) {
      case 'alice':
        return { subject: 'alice', userId: 'user-alice-0001', watermark: 'a' };
      case 'liar':
        // A hook that throws our error with its own idea of the status: the table wins.
        throw new QuickBIEmbedError({ code: 'UNAUTHORIZED', message: 'No session', status: 418 });
      case 'nobody':
        return null;
      default:
        throw new Error('no session');
    }
  },
});
afterEach(() => emulator.clearFaults());

const T = '/api/quickbi/ticket';
const works = { worksId: 'dash-sales-0001' };

describe('every status comes from ERROR_STATUS', () => {
  it.each<[string, () => ReturnType<typeof call>, string]>([
    ['unknown route', () => call(served.url, '/api/quickbi/nope', works), 'NOT_FOUND'],
    ['GET', () => call(served.url, T, undefined, { method: 'GET' }), 'METHOD_NOT_ALLOWED'],
    ['bad body', () => call(served.url, T, { worksId: '' }, { user: 'alice' }), 'BAD_REQUEST'],
    [
      'bad contract',
      () =>
        call(served.url, T, works, { user: 'alice', headers: { 'x-quickbi-embed-contract': '9' } }),
      'BAD_REQUEST',
    ],
    [
      'foreign origin',
      () => call(served.url, T, works, { headers: { origin: 'https://evil.example' } }),
      'FORBIDDEN_ORIGIN',
    ],
    ['no session', () => call(served.url, T, works), 'UNAUTHORIZED'],
    ['hook status 418', () => call(served.url, T, works, { user: 'liar' }), 'UNAUTHORIZED'],
    ['refused', () => call(served.url, T, works, { user: 'nobody' }), 'FORBIDDEN'],
    [
      'token vs watermark',
      () => call(served.url, '/api/quickbi/token', works, { user: 'alice' }),
      'CREDENTIAL_KIND_REFUSED',
    ],
    [
      'component',
      () => call(served.url, T, { ...works, cmptId: 'cmpt-sales-kpi' }, { user: 'alice' }),
      'COMPONENT_NOT_ALLOWED',
    ],
    [
      'not owned',
      () => call(served.url, '/api/quickbi/ticket/info', { ticket: 'x-1' }, { user: 'alice' }),
      'TICKET_NOT_OWNED',
    ],
  ])('%s', async (_name, request, code) => {
    const answer = await request();
    expect(answer.json.error.code).toBe(code);
    expect(answer.status).toBe(ERROR_STATUS[code as keyof typeof ERROR_STATUS]);
  });

  it('upstream failures and the quota too', async () => {
    emulator.setFaults({ action: 'CreateTicket', status: 503, count: 10 });
    const down = await call(served.url, T, works, { user: 'alice' });
    expect(down.json.error.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(down.status).toBe(ERROR_STATUS.UPSTREAM_UNAVAILABLE);
    emulator.clearFaults();
    const over = await call(served.url, T, works, { user: 'alice' });
    expect(over.json.error.code).toBe('QUOTA_EXCEEDED');
    expect(over.status).toBe(ERROR_STATUS.QUOTA_EXCEEDED);
  });
});
