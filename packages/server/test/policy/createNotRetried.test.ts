/**
 * Outage: CreateTicket outlives the client's timeout. Quick BI goes on and mints; a blind retry
 * would mint a second ticket for the same request (an orphan). Creates are not retried after a
 * timeout, and the event says so; idempotent calls still are.
 */
import { describe, expect, it } from 'vitest';
import { call, testClient, setupEmulator, setupServedHandler } from '../support/harness.js';

const emulator = setupEmulator({ resetEach: true });
const served = setupServedHandler(
  emulator,
  () => ({ client: testClient(emulator, { timeoutMs: 100, retry: { maxAttempts: 3 } }) }),
  'test',
);

const calls = (action: string) => emulator.stats().calls[action] ?? 0;

describe('a create that times out is not retried', () => {
  it('CreateTicket: one call, 504, and the event names the possible orphan', async () => {
    emulator.setFaults({ action: 'CreateTicket', latencyMs: 400, count: 3 });
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
  });

  it('CreateEmbedToken: one call too', async () => {
    emulator.setFaults({ action: 'CreateEmbedToken', latencyMs: 400, count: 3 });
    const answer = await call(
      served.url,
      '/api/quickbi/token',
      { worksId: 'dash-ops-0002' },
      { user: 'bob' },
    );
    expect(answer.status).toBe(504);
    expect(calls('CreateEmbedToken')).toBe(1);
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
    emulator.setFaults({ action: 'QueryTicketInfo', latencyMs: 400, count: 1 });
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
