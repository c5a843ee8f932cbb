/**
 * Attack: an app copies the demo policy verbatim and a browser asks its server for the weakest
 * credential it can name. The copied policy must already be safe: no token, no component, an owner.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { TicketCredential } from '@quickbi-embed/core';
import { createDemoPolicy } from '../../../../demo/demoPolicy.js';
import { DEMO_USER_HEADER } from '../../../../demo/demoUsers.js';
import { call, serveHandler, setupEmulator, setupServedHandler } from '../support/harness.js';

const emulator = setupEmulator();
const served = setupServedHandler(emulator, {
  authorize: createDemoPolicy({ paramKeysByWorks: new Map([['dash-sales-0001', ['region']]]) }),
});
afterEach(() => emulator.reset());

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

  it('grants a component only where the app lists it', async () => {
    const listed = await serveHandler(emulator, {
      authorize: createDemoPolicy({
        cmptIdsByWorks: new Map([['dash-sales-0001', ['cmpt-sales-kpi']]]),
      }),
    });
    try {
      const ask = (cmptId: string) =>
        call(listed.url, '/api/quickbi/ticket', { worksId: 'dash-sales-0001', cmptId }, asAlice);
      expect((await ask('cmpt-sales-kpi')).status).toBe(200);
      expect((await ask('cmpt-sales-table')).json.error.code).toBe('COMPONENT_NOT_ALLOWED');
    } finally {
      await listed.stop();
    }
  });

  it('allows a token only for a report the app declares open (no filter, no watermark)', async () => {
    const open = await serveHandler(emulator, {
      authorize: createDemoPolicy({
        paramKeysByWorks: new Map([['dash-ops-0002', ['region']]]),
        openWorks: new Set(['dash-ops-0002']),
      }),
    });
    try {
      const token = (worksId: string) => call(open.url, '/api/quickbi/token', { worksId }, asAlice);
      expect((await token('dash-ops-0002')).status).toBe(200);
      expect((await token('dash-sales-0001')).json.error.code).toBe('CREDENTIAL_KIND_REFUSED');
    } finally {
      await open.stop();
    }
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
