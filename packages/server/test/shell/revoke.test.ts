// Issue 17 item 4 (the shell's part): a self-service revoke route takes the subject from the
// app's session (`subjectOf`); a subject in the body counts only behind `isAdmin`. Bob cannot
// revoke alice.
import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QuickBIEmbedError } from '@quickbi-embed/core';
import type { TicketCredential } from '@quickbi-embed/core';
import { createRevokeHandler } from '@quickbi-embed/server';
import { toNodeHandler } from '@quickbi-embed/server/node';
import {
  USERS,
  call,
  captureLogger,
  closeServer,
  listenOnLoopback,
  setupEmulator,
  testHandler,
} from '../support/harness.js';

const emulator = setupEmulator();
let base = '';
let stop: () => Promise<void> = async () => undefined;

beforeAll(async () => {
  const handler = testHandler(emulator, { logger: captureLogger });
  // "Signed in" is the only check an app gives its self-service route.
  const revokeRoute = createRevokeHandler(handler, {
    subjectOf: (request) => USERS[request.headers.get('x-test-user') ?? '']?.subject ?? null,
    isAdmin: (request) => request.headers.get('x-test-admin') === 'yes',
  });
  const server = createServer(
    toNodeHandler((request: Request) =>
      new URL(request.url).pathname === '/me/revoke' ? revokeRoute(request) : handler(request),
    ),
  );
  base = await listenOnLoopback(server);
  stop = () => closeServer(server);
});
afterAll(() => stop());

const ticketOf = async (user: string) => {
  const answer = await call(base, '/api/quickbi/ticket', { worksId: 'dash-sales-0001' }, { user });
  expect(answer.status).toBe(200);
  return answer.json as TicketCredential;
};
/** Whether Quick BI still opens the credential's page (the emulator's own record of the ticket). */
async function opens(credential: TicketCredential): Promise<boolean> {
  const html = await (await fetch(credential.reportUrl)).text();
  return !/data-error-code="/.test(html);
}
const deletes = () => emulator.stats().calls.DeleteTicket ?? 0;

describe('createRevokeHandler', () => {
  it('bob cannot revoke alice: 403, nothing deleted upstream, her ticket still works', async () => {
    const alice = await ticketOf('alice');
    const answer = await call(base, '/me/revoke', { subject: 'app-user-alice' }, { user: 'bob' });
    expect(answer.status).toBe(403);
    expect(answer.json.error.code).toBe('FORBIDDEN');
    expect(deletes()).toBe(0);
    expect(await opens(alice)).toBe(true);
  });

  it('bob revokes his own credentials with {} (the subject comes from his session)', async () => {
    const alice = await ticketOf('alice');
    const bob = await ticketOf('bob');
    const answer = await call(base, '/me/revoke', {}, { user: 'bob' });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ tickets: 1 });
    expect(await opens(bob)).toBe(false);
    expect(await opens(alice)).toBe(true);
  });

  it('an admin may name another subject; nobody signed in gets 401', async () => {
    const alice = await ticketOf('alice');
    expect((await call(base, '/me/revoke', {})).status).toBe(401);
    expect((await call(base, '/me/revoke', { subject: 'app-user-alice' })).status).toBe(401);
    const admin = await call(
      base,
      '/me/revoke',
      { subject: 'app-user-alice' },
      { user: 'bob', headers: { 'x-test-admin': 'yes' } },
    );
    expect(admin.status).toBe(200);
    expect(admin.json).toMatchObject({ tickets: 1 });
    expect(await opens(alice)).toBe(false);
  });

  it('follows the embed handler’s rule for what subjectOf throws: a typed 4xx passes, anything else is 401', async () => {
    const post = () =>
      new Request('http://127.0.0.1/me/revoke', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
    const typed = createRevokeHandler(testHandler(emulator), {
      subjectOf: () => {
        throw new QuickBIEmbedError({ code: 'FORBIDDEN', message: 'Locked', status: 500 });
      },
    });
    expect((await typed(post())).status).toBe(403);
    const plain = createRevokeHandler(testHandler(emulator), {
      subjectOf: () => {
        throw new Error('no session');
      },
    });
    expect((await plain(post())).status).toBe(401);
  });

  it('refuses to start without subjectOf, naming it', () => {
    expect(() =>
      createRevokeHandler(testHandler(emulator), {
        authorize: () => true,
      } as never),
    ).toThrow(/subjectOf\(request\)/);
  });
});
