import { afterAll, describe, expect, it } from 'vitest';
import { defaultRenewalMargin, renewalDelay } from '@quickbi-embed/core';
import type { Credential, EmbedTokenCredential, TicketCredential } from '@quickbi-embed/core';
import {
  call,
  setupEmulator,
  setupNoUnhandledRejections,
  setupServedHandler,
} from '../support/harness.js';
import { writeCapturedLogs } from '../support/capturedLogs.js';

// Browsers whose clocks are minutes off: a client that schedules renewal with core's
// renewalDelay (skew-corrected through serverNow) renews before the credential expires on the
// server's clock, so every iframe load it would make in between opens.

setupNoUnhandledRejections();
// A fresh emulator state and a fresh handler (and cache) per test.
const emulator = setupEmulator({ resetEach: true });
const served = setupServedHandler(emulator, {}, 'test');
afterAll(() => writeCapturedLogs('hardening-clock-skew'));

const MINUTE = 60_000;
const SKEWS = [-5 * MINUTE, -MINUTE, 0, MINUTE, 5 * MINUTE];

/** Renewal happened where the client meant it to, on the server's clock, whatever its own says. */
function expectRenewalOnTime(credential: Credential) {
  const margin = defaultRenewalMargin(credential.expiresAt - credential.serverNow);
  const left = credential.expiresAt - emulator.now();
  // A few seconds of slack for the real time a loopback round trip takes.
  expect(left).toBeGreaterThan(margin - 5_000);
  expect(left).toBeLessThan(margin + 5_000);
}

function opens(credential: Credential): boolean {
  return emulator.backend.openPage({
    worksType: 'dashboard',
    worksId: credential.worksId,
    cmptId: null,
    accessTicket: credential.kind === 'ticket' ? credential.ticket : null,
    accessToken: credential.kind === 'token' ? credential.accessToken : null,
  }).ok;
}

describe.each(SKEWS)('a browser clock off by %i ms', (skew) => {
  const clientNow = () => emulator.now() + skew;

  it('renews a ticket in place before it expires, three times over', async () => {
    const first = await call(
      served.url,
      '/api/quickbi/ticket',
      { worksId: 'dash-sales-0001' },
      { user: 'alice' },
    );
    expect(first.status).toBe(200);
    let credential = first.json as TicketCredential;
    let receivedAt = clientNow();
    expect(opens(credential)).toBe(true);

    for (let cycle = 0; cycle < 3; cycle++) {
      // The client's renewal timer fires: the same real time passes on both clocks.
      emulator.advanceClock(renewalDelay(credential, receivedAt, clientNow()));
      expect(emulator.now()).toBeLessThan(credential.expiresAt);
      expectRenewalOnTime(credential);
      expect(opens(credential)).toBe(true); // a last load just before renewal still works

      const renewed = await call(
        served.url,
        '/api/quickbi/ticket/renew',
        { ticket: credential.ticket },
        { user: 'alice' },
      );
      expect(renewed.status).toBe(200);
      expect(renewed.json.ticket).toBe(credential.ticket);
      expect(renewed.json.expiresAt).toBeGreaterThan(credential.expiresAt);
      credential = renewed.json as TicketCredential;
      receivedAt = clientNow();
    }
    expect(emulator.stats().ticketsCreated).toBe(1);
  });

  it('renews an embed token in place before it expires', async () => {
    const ask = () =>
      call(served.url, '/api/quickbi/token', { worksId: 'dash-sales-0001' }, { user: 'bob' });
    const first = await ask();
    expect(first.status).toBe(200);
    let credential = first.json as EmbedTokenCredential;
    let receivedAt = clientNow();
    for (let cycle = 0; cycle < 3; cycle++) {
      emulator.advanceClock(renewalDelay(credential, receivedAt, clientNow()));
      expect(emulator.now()).toBeLessThan(credential.expiresAt);
      expectRenewalOnTime(credential);
      expect(opens(credential)).toBe(true);
      const renewed = await ask();
      expect(renewed.status).toBe(200);
      expect(renewed.json.expiresAt).toBeGreaterThan(emulator.now());
      credential = renewed.json as EmbedTokenCredential;
      receivedAt = clientNow();
    }
    expect(emulator.stats().tokensCreated).toBe(1);
  });
});
