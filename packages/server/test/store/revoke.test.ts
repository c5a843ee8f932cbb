import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbedTokenCredential, TicketCredential } from '@quickbi-embed/core';
import { createRevokeHandler } from '@quickbi-embed/server';
import { toNodeHandler } from '@quickbi-embed/server/node';
import { writeCapturedLogs } from '../support/capturedLogs.js';
import {
  call,
  captureLogger,
  closeServer,
  listenOnLoopback,
  pageError,
  setupEmulator,
  testHandler,
} from '../support/harness.js';

const emulator = setupEmulator({ resetEach: true });
let base: string;
let server: Server | undefined;

beforeAll(async () => {
  const handler = testHandler(emulator, { logger: captureLogger });
  // The app mounts the revoke route itself; naming another user's subject needs its admin check.
  const revokeRoute = createRevokeHandler(handler, {
    subjectOf: () => 'app-user-operator',
    isAdmin: (request) => request.headers.get('x-test-admin') === 'yes',
  });
  const app = Object.assign((request: Request) =>
    new URL(request.url).pathname === '/admin/revoke' ? revokeRoute(request) : handler(request),
  );
  server = createServer(toNodeHandler(app));
  base = await listenOnLoopback(server);
});
afterAll(async () => {
  if (server) await closeServer(server);
  writeCapturedLogs('store-revoke');
});

const ticket = async (user: string, worksId: string) => {
  const answer = await call(base, '/api/quickbi/ticket', { worksId }, { user });
  expect(answer.status).toBe(200);
  return answer.json as TicketCredential;
};
const renew = (user: string, t: string) =>
  call(base, '/api/quickbi/ticket/renew', { ticket: t }, { user });
const revoke = (subject: string, admin = true) =>
  call(base, '/admin/revoke', { subject }, admin ? { headers: { 'x-test-admin': 'yes' } } : {});

describe('revoke({ subject })', () => {
  it('deletes every live ticket of the subject upstream: the pages fail, renew is 403; other users are untouched', async () => {
    const aliceSales = await ticket('alice', 'dash-sales-0001');
    const aliceOps = await ticket('alice', 'dash-ops-0002');
    const bobSales = await ticket('bob', 'dash-sales-0001');

    const revoked = await revoke('app-user-alice');
    expect(revoked.status).toBe(200);
    expect(revoked.json).toEqual({ tickets: 2, tokens: 0, pending: 0 });
    expect(emulator.stats().calls.DeleteTicket).toBe(2);

    expect(await pageError(aliceSales.reportUrl)).toBe('Authorize3rdTicket.NotExist');
    expect(await pageError(aliceOps.reportUrl)).toBe('Authorize3rdTicket.NotExist');
    const callsBefore = emulator.stats().totalCalls;
    for (const t of [aliceSales.ticket, aliceOps.ticket]) {
      const refused = await renew('alice', t);
      expect(refused.status).toBe(403);
      expect(refused.json.error.code).toBe('TICKET_NOT_OWNED');
    }
    expect(emulator.stats().totalCalls).toBe(callsBefore); // refused before any upstream call

    expect(await pageError(bobSales.reportUrl)).toBeNull();
    expect((await renew('bob', bobSales.ticket)).status).toBe(200);

    // alice's next load gets a new ticket (the app's authorize still grants it), not the deleted one.
    const next = await ticket('alice', 'dash-sales-0001');
    expect(next.ticket).not.toBe(aliceSales.ticket);
    expect(await pageError(next.reportUrl)).toBeNull();
  });

  it('deletes the subject’s embed tokens too (DeleteEmbedToken)', async () => {
    const answer = await call(
      base,
      '/api/quickbi/token',
      { worksId: 'dash-ops-0002' },
      { user: 'bob' },
    );
    expect(answer.status).toBe(200);
    const token = answer.json as EmbedTokenCredential;
    expect(await pageError(token.reportUrl)).toBeNull();

    const revoked = await revoke('app-user-bob');
    // (bob's ticket from an earlier test is still indexed; the emulator reset already dropped it)
    expect(revoked.json).toMatchObject({ tokens: 1, pending: 0 });
    expect(emulator.stats().calls.DeleteEmbedToken).toBe(1);
    expect(await pageError(token.reportUrl)).toBe('Authorize3Rd.Token.NotExist');
  });

  it('keeps what Quick BI could not delete as pending, no longer handed out, and a second revoke finishes it', async () => {
    const aliceSales = await ticket('alice', 'dash-sales-0001');
    emulator.setFaults({ action: 'DeleteTicket', status: 503, count: 50 });
    const first = await revoke('app-user-alice');
    expect(first.json).toEqual({ tickets: 0, tokens: 0, pending: 1 });
    expect((await renew('alice', aliceSales.ticket)).status).toBe(403);
    expect((await ticket('alice', 'dash-sales-0001')).ticket).not.toBe(aliceSales.ticket);

    emulator.clearFaults();
    const second = await revoke('app-user-alice');
    expect(second.json.pending).toBe(0);
    expect(second.json.tickets).toBe(2); // the stuck one and the one minted since
    expect(await pageError(aliceSales.reportUrl)).toBe('Authorize3rdTicket.NotExist');
  });

  it('is not exposed to browsers: no revoke route on the embed handler, and the app route refuses non-admins', async () => {
    const aliceSales = await ticket('alice', 'dash-sales-0001');
    const viaEmbed = await call(
      base,
      '/api/quickbi/revoke',
      { subject: 'app-user-alice' },
      { user: 'alice' },
    );
    expect(viaEmbed.status).toBe(404);
    const notAdmin = await revoke('app-user-alice', false);
    expect(notAdmin.status).toBe(403);
    expect(notAdmin.json.error.code).toBe('FORBIDDEN');
    const badBody = await call(
      base,
      '/admin/revoke',
      { subject: 'x', extra: 1 },
      {
        headers: { 'x-test-admin': 'yes' },
      },
    );
    expect(badBody.status).toBe(400);
    expect(emulator.stats().calls.DeleteTicket ?? 0).toBe(0);
    expect((await renew('alice', aliceSales.ticket)).status).toBe(200);
  });
});
