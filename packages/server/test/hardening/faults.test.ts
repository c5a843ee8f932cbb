import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Credential, TicketCredential } from '@quickbi-embed/core';
import { call, setupEmulator, setupNoUnhandledRejections } from '../support/harness.js';
import { writeCapturedLogs } from '../support/capturedLogs.js';
import { type FleetMember, startRedisFleet } from '../support/redisFleet.js';
import { setupRedisServer } from '../support/redisFixtures.js';

// Faults injected into the emulator (latency, 5xx, Throttling, dropped connections) under a fleet of
// two handlers sharing Redis: every answer is a credential or a typed error, nothing is minted
// twice, and nothing rejects unhandled.

setupNoUnhandledRejections();
const emulator = setupEmulator({ resetEach: true });
const redis = setupRedisServer();
let fleet: FleetMember[];
let prefix = 0;

beforeEach(async () => {
  // A key prefix per test: no test sees another's credentials.
  fleet = await startRedisFleet(emulator, redis.url, 2, {
    handler: { keyPrefix: `faults-${++prefix}:` },
  });
});
afterEach(async () => {
  emulator.clearFaults();
  await Promise.all(fleet.map((m) => m.stop()));
});
afterAll(() => writeCapturedLogs('hardening-faults'));

const ask = (i: number, user = 'crowd', worksId = 'dash-sales-0001') =>
  call(fleet[i % fleet.length]!.url, '/api/quickbi/ticket', { worksId }, { user });

function expectValid(answer: { status: number; json: Credential }) {
  expect(answer.status).toBe(200);
  expect(answer.json.expiresAt).toBeGreaterThan(answer.json.serverNow);
  // The handler's clock is the emulator's (moved by the tests); it answered a moment ago.
  expect(answer.json.serverNow).toBeLessThanOrEqual(emulator.now());
  expect(answer.json.serverNow).toBeGreaterThan(emulator.now() - 10_000);
}

function expectTypedUpstreamError(answer: { status: number; json: unknown }) {
  expect([502, 503, 504]).toContain(answer.status);
  expect(answer.json).toEqual({
    error: expect.objectContaining({ code: expect.any(String), message: expect.any(String) }),
  });
}

describe('emulator faults under a Redis fleet', () => {
  it('latency: concurrent requests on both instances wait for one slow CreateTicket', async () => {
    emulator.setFaults({ action: 'CreateTicket', latencyMs: 150, count: 1 });
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => ask(i)));
    answers.forEach(expectValid);
    expect(new Set(answers.map((a) => a.json.ticket)).size).toBe(1);
    expect(emulator.stats().ticketsCreated).toBe(1);
  });

  it('a 5xx burst within the retry budget is absorbed, one ticket minted', async () => {
    emulator.setFaults({ action: 'CreateTicket', status: 503, count: 2 });
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => ask(i)));
    answers.forEach(expectValid);
    expect(emulator.stats().calls.CreateTicket).toBe(3);
    expect(emulator.stats().ticketsCreated).toBe(1);
  });

  it('a 5xx burst beyond the retry budget gives typed errors, then recovers', async () => {
    emulator.setFaults({ action: 'CreateTicket', status: 500, count: 6 });
    const failed = await Promise.all(Array.from({ length: 10 }, (_, i) => ask(i)));
    failed.forEach(expectTypedUpstreamError);
    expect(emulator.stats().ticketsCreated).toBe(0);

    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => ask(i)));
    answers.forEach(expectValid);
    expect(new Set(answers.map((a) => a.json.ticket)).size).toBe(1);
    expect(emulator.stats().ticketsCreated).toBe(1);
  });

  it('a Throttling burst is retried; a long one answers UPSTREAM_THROTTLED, then recovers', async () => {
    emulator.setFaults({ action: 'CreateTicket', throttle: true, count: 2 });
    expectValid(await ask(0));

    emulator.setFaults({ action: 'CreateTicket', throttle: true, count: 10 });
    const throttled = await ask(1, 'bob');
    expect(throttled.status).toBe(503);
    expect(throttled.json.error.code).toBe('UPSTREAM_THROTTLED');
    emulator.clearFaults();
    expectValid(await ask(1, 'bob'));
    expect(emulator.stats().ticketsCreated).toBe(2);
  });

  it('dropped connections are retried without minting twice', async () => {
    emulator.setFaults({ action: 'CreateTicket', drop: true, count: 2 });
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => ask(i)));
    answers.forEach(expectValid);
    expect(new Set(answers.map((a) => a.json.ticket)).size).toBe(1);
    expect(emulator.stats().ticketsCreated).toBe(1);

    emulator.setFaults({ action: 'CreateTicket', drop: true, count: 10 });
    expectTypedUpstreamError(await ask(0, 'bob'));
    emulator.clearFaults();
    expectValid(await ask(0, 'bob'));
    expect(emulator.stats().ticketsCreated).toBe(2);
  });

  it('a failed renewal recovers: the same ticket is extended on the next try', async () => {
    const issued = await ask(0, 'alice');
    expectValid(issued);
    const ticket = (issued.json as TicketCredential).ticket;
    emulator.advanceClock(20 * 60_000);

    emulator.setFaults({ action: 'DelayTicketExpireTime', status: 503, count: 5 });
    const failed = await call(
      fleet[1]!.url,
      '/api/quickbi/ticket/renew',
      { ticket },
      { user: 'alice' },
    );
    expectTypedUpstreamError(failed);
    emulator.clearFaults();

    const renewed = await call(
      fleet[0]!.url,
      '/api/quickbi/ticket/renew',
      { ticket },
      { user: 'alice' },
    );
    expectValid(renewed);
    expect(renewed.json.ticket).toBe(ticket);
    expect(renewed.json.expiresAt).toBeGreaterThan(issued.json.expiresAt);
    expect(emulator.stats().ticketsCreated).toBe(1);
  });

  it('faults and clock moves never produce an expired credential', async () => {
    // A walk over 8 hours of emulator time with faults on the way: every 200 carries a credential
    // that is valid on the server clock and opens in Quick BI (the emulator's page backend).
    const faults = [
      { action: 'CreateTicket', status: 503 as const, count: 1 },
      { action: 'CreateTicket', throttle: true as const, count: 1 },
      { action: 'CreateTicket', drop: true as const, count: 1 },
      { action: 'CreateEmbedToken', status: 502 as const, count: 1 },
    ];
    const tickets = new Set<string>();
    let answered = 0;
    for (let step = 0; step < 32; step++) {
      emulator.advanceClock(((step * 7) % 29) * 60_000);
      if (step % 5 === 0) emulator.setFaults(faults[step % faults.length]!);
      const kind = step % 3 === 0 ? 'token' : 'ticket';
      const answer = await call(
        fleet[step % 2]!.url,
        `/api/quickbi/${kind}`,
        { worksId: 'dash-sales-0001' },
        { user: 'crowd' },
      );
      if (answer.status !== 200) {
        expectTypedUpstreamError(answer);
        continue;
      }
      answered += 1;
      expectValid(answer);
      const credential = answer.json as Credential;
      const page = emulator.backend.openPage({
        worksType: 'dashboard',
        worksId: 'dash-sales-0001',
        cmptId: null,
        accessTicket: credential.kind === 'ticket' ? credential.ticket : null,
        accessToken: credential.kind === 'token' ? credential.accessToken : null,
      });
      expect(page).toMatchObject({ ok: true });
      if (credential.kind === 'ticket') tickets.add(credential.ticket);
    }
    expect(answered).toBeGreaterThan(20);
    expect(emulator.stats().ticketsCreated).toBe(tickets.size);
  });
});
