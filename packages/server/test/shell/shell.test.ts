// Issue 17 item 5: the thin shell. Every contract route has an action (the compiler refuses a
// table without one, and each answers over HTTP, never an empty 200); one rule for an app hook's
// thrown 4xx on every route; unknown methods answer 405 with Allow.
import { describe, expect, it } from 'vitest';
import { CONTRACT_ROUTES, QuickBIEmbedError } from '@quickbi-embed/core';
import type { ContractRoute } from '@quickbi-embed/core';
import { ACTIONS } from '../../src/handler/actions/index.js';
import type { ActionTable } from '../../src/handler/actions/action.js';
import { call, setupEmulator, setupServedHandler } from '../support/harness.js';

// A contract route without an action does not compile (checked by `tsc -p packages/server`).
// @ts-expect-error Property 'copilotTicket' is missing
const missingOne: ActionTable = {
  token: ACTIONS.token,
  ticket: ACTIONS.ticket,
  ticketRenew: ACTIONS.ticketRenew,
  ticketInfo: ACTIONS.ticketInfo,
};
void missingOne;

const emulator = setupEmulator({ resetEach: true });
/** An app whose hooks refuse with our own typed error, its status wrong for its code. */
const refusing = new QuickBIEmbedError({ code: 'FORBIDDEN', message: 'Plan expired', status: 500 });
const served = setupServedHandler(emulator, {
  authorize: () => {
    throw refusing;
  },
  authorizeCopilot: () => {
    throw refusing;
  },
});
const routes = Object.entries(CONTRACT_ROUTES) as [ContractRoute, string][];

describe('the action table', () => {
  it('has exactly the contract routes', () => {
    expect(Object.keys(ACTIONS).sort()).toEqual(Object.keys(CONTRACT_ROUTES).sort());
  });

  it.each(routes)('%s answers a wrong body 400 BAD_REQUEST through its schema', async (_, path) => {
    const answer = await call(served.url, `/api/quickbi${path}`, { unexpected: true });
    expect(answer.status).toBe(400);
    expect(answer.json.error.code).toBe('BAD_REQUEST');
  });
});

describe('one rule for an app hook’s thrown typed error: the table’s status for its code', () => {
  it.each([
    ['/ticket', { worksId: 'dash-sales-0001' }],
    ['/token', { worksId: 'dash-sales-0001' }],
    ['/copilot/ticket', { copilotId: 'copilot-0001' }],
  ])('%s passes FORBIDDEN thrown with status 500 as 403 FORBIDDEN', async (path, body) => {
    const answer = await call(served.url, `/api/quickbi${path}`, body);
    expect(answer.status).toBe(403);
    expect(answer.json.error).toEqual({ code: 'FORBIDDEN', message: 'Plan expired' });
  });
});

describe('methods', () => {
  it.each(['GET', 'PUT', 'DELETE', 'PATCH', 'PROPFIND'])(
    '%s on a contract route answers 405 METHOD_NOT_ALLOWED with Allow',
    async (method) => {
      for (const [, path] of routes) {
        const answer = await call(served.url, `/api/quickbi${path}`, {}, { method });
        expect(answer.status).toBe(405);
        expect(answer.headers.get('allow')).toBe('POST, OPTIONS');
        expect(answer.json.error.code).toBe('METHOD_NOT_ALLOWED');
      }
    },
  );
});
