/**
 * Attack: an app copies the demo policy verbatim and a browser asks its server for the weakest
 * credential it can name. The copied policy must already be safe: no token, no component, an owner.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '@quickbi-embed/emulator';
import type { TicketCredential } from '@quickbi-embed/core';
import { createDemoPolicy } from '../../../../demo/demoPolicy.js';
import { DEMO_USER_HEADER } from '../../../../demo/demoUsers.js';
import { call, leakedSecrets, serveHandler, startTestEmulator } from '../support/harness.js';
import type { Served } from '../support/harness.js';

let emulator: Emulator;
let served: Served;
beforeAll(async () => {
  emulator = await startTestEmulator();
  served = await serveHandler(emulator, {
    authorize: createDemoPolicy({ paramKeysByWorks: new Map([['dash-sales-0001', ['region']]]) }),
  });
});
afterEach(() => emulator.reset());
afterAll(async () => {
  await served.stop();
  await emulator.stop();
  expect(leakedSecrets()).toEqual([]);
});

const asAlice = { headers: { [DEMO_USER_HEADER]: 'alice' } };

describe('the demo policy, copied verbatim', () => {
  it('never hands out a token (its users have row filters and watermarks)', async () => {
    const token = await call(
      served.url,
      '/api/quickbi/token',
      { worksId: 'dash-sales-0001' },
      asAlice,
    );
    expect(token.status).toBe(403);
    expect(token.json.error.code).toBe('CREDENTIAL_KIND_REFUSED');
    expect(emulator.stats().totalCalls).toBe(0);
  });

  it('never hands out a component on its own', async () => {
    const cmpt = await call(
      served.url,
      '/api/quickbi/ticket',
      { worksId: 'dash-sales-0001', cmptId: 'cmpt-sales-table' },
      asAlice,
    );
    expect(cmpt.status).toBe(403);
    expect(cmpt.json.error.code).toBe('COMPONENT_NOT_ALLOWED');
  });

  it('issues tickets that carry the user, filter and watermark, owned by that user', async () => {
    const ticket = await call(
      served.url,
      '/api/quickbi/ticket',
      { worksId: 'dash-sales-0001' },
      asAlice,
    );
    expect(ticket.status).toBe(200);
    const credential = ticket.json as TicketCredential;
    expect(credential.watermark).toBe('alice@demo');
    expect(credential.globalParam?.[0]?.paramKey).toBe('region');
    // Bob cannot read alice's ticket: the demo's subject names its user.
    const info = await call(
      served.url,
      '/api/quickbi/ticket/info',
      { ticket: credential.ticket },
      { headers: { [DEMO_USER_HEADER]: 'bob' } },
    );
    expect(info.status).toBe(403);
    expect(info.json.error.code).toBe('TICKET_NOT_OWNED');
  });
});
