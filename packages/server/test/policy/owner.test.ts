/**
 * Attack: two users of an app whose policy names no `subject` (only the Quick BI user, or nothing:
 * the report owner) shared the fallback owner `(report owner)`, so one could read and renew the
 * other's tickets. Every credential now has an owner: a policy without one is the app's bug, refused
 * before any upstream call, and a handler without `authorize` does not start.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createQuickBIHandler } from '@quickbi-embed/server';
import type { QuickBIHandlerOptions, QuickBIPolicy } from '@quickbi-embed/server';
import {
  call,
  captured,
  setupEmulator,
  setupServedHandler,
  testClient,
} from '../support/harness.js';

const emulator = setupEmulator();
// Neither user is named: both policies bind the report owner (no userId, no subject).
const served = setupServedHandler(emulator, {
  authorize: ({ request }) =>
    request.headers.get('x-test-user') ? ({ ticketUses: 5 } as unknown as QuickBIPolicy) : null,
});
afterEach(() => emulator.reset());

describe('every credential has an owner', () => {
  it('a policy without subject is refused as the server’s bug (500), never minted', async () => {
    const answer = await call(
      served.url,
      '/api/quickbi/ticket',
      { worksId: 'dash-sales-0001' },
      { user: 'alice' },
    );
    expect(answer.status).toBe(500);
    expect(answer.json.error.code).toBe('INTERNAL');
    // The browser learns nothing; the operator's log says what to fix.
    expect(answer.text).not.toContain('subject');
    expect(captured.some((line) => line.includes('without subject'))).toBe(true);
    expect(emulator.stats().totalCalls).toBe(0);
  });

  it('so two unnamed users can no longer share one ticket or read each other’s', async () => {
    const alice = await call(
      served.url,
      '/api/quickbi/ticket',
      { worksId: 'dash-sales-0001' },
      { user: 'alice' },
    );
    const bob = await call(
      served.url,
      '/api/quickbi/ticket',
      { worksId: 'dash-sales-0001' },
      { user: 'bob' },
    );
    expect([alice.status, bob.status]).toEqual([500, 500]);
    expect(alice.json.ticket).toBeUndefined();
    expect(emulator.stats().ticketsCreated).toBe(0);
  });

  it('other misconfigurations stop it at start-up too', () => {
    const base = {
      client: testClient(emulator),
      reportOrigin: emulator.reportOrigin,
      authorize: () => null,
    };
    expect(() => createQuickBIHandler({ ...base, renewWindowMs: -1 })).toThrow(/renewWindowMs/);
    expect(() =>
      createQuickBIHandler({ ...base, worksType: 'dashboard' } as unknown as QuickBIHandlerOptions),
    ).toThrow(/worksType/);
  });

  it('a handler without authorize does not start', () => {
    const client = testClient(emulator);
    expect(() =>
      createQuickBIHandler({
        client,
        reportOrigin: emulator.reportOrigin,
      } as unknown as QuickBIHandlerOptions),
    ).toThrow(/authorize/);
  });
});
