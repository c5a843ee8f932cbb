/**
 * Outage: CreateTicket outlives the client's timeout. Quick BI goes on and mints; a blind retry
 * would mint a second ticket for the same request (an orphan). Creates are not retried after a
 * timeout, and the event says so; idempotent calls still are.
 */
import { describe, expect, it } from 'vitest';
import { call, testClient, setupEmulator, setupServedHandler } from '../support/harness.js';
import { waitFor } from '../support/waitFor.js';

// A timeout far above a loopback call's time even on a loaded machine (a normal call or a retry
// must never hit it), and a fault latency past it.
const TIMEOUT_MS = 1_000;
const SLOWER_MS = 1_500;

const emulator = setupEmulator({ resetEach: true });
const served = setupServedHandler(
  emulator,
  () => ({ client: testClient(emulator, { timeoutMs: TIMEOUT_MS, retry: { maxAttempts: 3 } }) }),
  'test',
);

const calls = (action: string) => emulator.stats().calls[action] ?? 0;

describe('a create that times out is not retried', () => {
  it('CreateTicket: one call, 504, and the event names the possible orphan', async () => {
    emulator.setFaults({ action: 'CreateTicket', latencyMs: SLOWER_MS, count: 3 });
    const answer = await call(
      served.url,
      '/api/quickbi/ticket',
      { worksId: 'dash-sales-0001' },
      { user: 'alice' },
    );
    expect(answer.status).toBe(504);
    expect(answer.json.error.code).toBe('UPSTREAM_TIMEOUT');
    // Before: three CreateTicket calls, each one minting once the emulator finished waiting.
    expect(calls('CreateTicket')).toBe(1);
    expect(served.events).toContainEqual(
      expect.objectContaining({
        type: 'upstream.error',
        action: 'CreateTicket',
        code: 'UPSTREAM_TIMEOUT',
        notRetried: 'create-may-have-succeeded',
      }),
    );
    // Quick BI finishes the call the client gave up on: exactly one orphan, minted before the
    // next test resets the emulator (else it lands in that test's counts).
    await waitFor(() => emulator.stats().ticketsCreated === 1, 10_000);
  });

  it('CreateEmbedToken: one call too', async () => {
    emulator.setFaults({ action: 'CreateEmbedToken', latencyMs: SLOWER_MS, count: 3 });
    const answer = await call(
      served.url,
      '/api/quickbi/token',
      { worksId: 'dash-ops-0002' },
      { user: 'bob' },
    );
    expect(answer.status).toBe(504);
    expect(calls('CreateEmbedToken')).toBe(1);
    await waitFor(() => emulator.stats().tokensCreated === 1, 10_000);
  });

  it('an answer that says nothing was done (503) is still retried, and the request succeeds', async () => {
    emulator.setFaults({ action: 'CreateTicket', status: 503, count: 1 });
    const answer = await call(
      served.url,
      '/api/quickbi/ticket',
      { worksId: 'dash-sales-0001' },
      { user: 'alice' },
    );
    expect(answer.status).toBe(200);
    expect(calls('CreateTicket')).toBe(2);
    expect(emulator.stats().ticketsCreated).toBe(1);
  });

  it('an idempotent call (QueryTicketInfo) that times out is retried', async () => {
    const issued = await call(
      served.url,
      '/api/quickbi/ticket',
      { worksId: 'dash-sales-0001' },
      { user: 'alice' },
    );
    emulator.setFaults({ action: 'QueryTicketInfo', latencyMs: SLOWER_MS, count: 1 });
    const info = await call(
      served.url,
      '/api/quickbi/ticket/info',
      { ticket: issued.json.ticket },
      { user: 'alice' },
    );
    expect(info.status).toBe(200);
    expect(calls('QueryTicketInfo')).toBe(2);
  });
});
