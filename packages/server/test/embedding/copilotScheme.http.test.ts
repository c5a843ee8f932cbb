/**
 * Smart Q tickets and the organisation's scheme over real HTTP. Attacks: a user the policy never
 * granted Smart Q getting a ticket; a Smart Q ticket silently dropping the policy's watermark; a
 * basic-scheme organisation sending Quick BI a bound user it would reject — each refused before
 * any upstream call.
 */
import { describe, expect, it } from 'vitest';
import type { QuickBIPolicy } from '@quickbi-embed/server';
import { call, setupEmulator, setupServedHandler } from '../support/harness.js';
import type { Served } from '../support/harness.js';

const COPILOT_USERS: Record<string, QuickBIPolicy> = {
  asker: {
    subject: 'app-asker',
    userId: 'user-bob-0002',
    kinds: ['copilot'],
    ticketUses: 3,
    expireMinutes: 30,
  },
  reportsOnly: { subject: 'app-reports', userId: 'user-bob-0002' },
  marked: { subject: 'app-marked', kinds: ['copilot'], watermark: 'secret-mark' },
};
const REPORT_USERS: Record<string, QuickBIPolicy> = {
  owner: { subject: 'app-owner', ticketUses: 5 },
  bound: { subject: 'app-bound', userId: 'user-bob-0002' },
  marked: { subject: 'app-marked', watermark: 'w' },
};
const userOf = (request: Request) => request.headers.get('x-test-user') ?? '';

const emulator = setupEmulator({ resetEach: true });
const enhanced = setupServedHandler(emulator, {
  scheme: 'enhanced',
  authorize: ({ request }) => REPORT_USERS[userOf(request)] ?? null,
  authorizeCopilot: ({ request }) => COPILOT_USERS[userOf(request)] ?? null,
});
const basic = setupServedHandler(emulator, {
  scheme: 'basic',
  authorize: ({ request }) => REPORT_USERS[userOf(request)] ?? null,
  authorizeCopilot: ({ request }) => COPILOT_USERS[userOf(request)] ?? null,
});
const noCopilot = setupServedHandler(emulator, {
  authorize: ({ request }) => REPORT_USERS[userOf(request)] ?? null,
});

const copilot = (served: Served, user: string, copilotId = 'copilot-sales-0001') =>
  call(served.url, '/api/quickbi/copilot/ticket', { copilotId }, { user });

describe('Smart Q tickets', () => {
  it('mints a ticket bound to the policy user; its page opens on the emulator', async () => {
    const answer = await copilot(enhanced, 'asker');
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({
      kind: 'copilot',
      copilotId: 'copilot-sales-0001',
      maxUses: 3,
    });
    expect(answer.json.reportUrl.startsWith(`${emulator.reportOrigin}/token3rd/copilot/`)).toBe(
      true,
    );
    const page = await (await fetch(answer.json.reportUrl)).text();
    expect(page).toContain('data-testid="copilot"');
    const [ticket] = Object.keys(emulator.stats().ticketUses);
    expect(ticket).toBe(answer.json.ticket);
  });

  it.each([
    [
      'a policy without copilot in kinds',
      'enhanced',
      'reportsOnly',
      403,
      'CREDENTIAL_KIND_REFUSED',
    ],
    [
      'a policy whose watermark Smart Q cannot carry',
      'enhanced',
      'marked',
      403,
      'CREDENTIAL_KIND_REFUSED',
    ],
    ['an unknown user', 'enhanced', 'nobody', 403, 'FORBIDDEN'],
    ['a server without authorizeCopilot', 'noCopilot', 'asker', 403, 'CREDENTIAL_KIND_REFUSED'],
    ['a bound user on the basic scheme', 'basic', 'asker', 500, 'SCHEME_VIOLATION'],
  ] as const)('refuses %s, before any upstream call', async (_what, server, user, status, code) => {
    const answer = await copilot({ enhanced, basic, noCopilot }[server], user);
    expect([answer.status, answer.json.error.code]).toEqual([status, code]);
    expect(emulator.stats().totalCalls).toBe(0);
  });

  it('refuses a malformed CopilotId as a bad request', async () => {
    const answer = await copilot(enhanced, 'asker', '../etc');
    expect(answer.status).toBe(400);
    expect(emulator.stats().totalCalls).toBe(0);
  });
});

describe('schemes', () => {
  it('basic: the owner-bound ticket passes; a bound user or a watermark is SCHEME_VIOLATION, unsent', async () => {
    const ok = await call(
      basic.url,
      '/api/quickbi/ticket',
      { worksId: 'dash-sales-0001' },
      { user: 'owner' },
    );
    expect(ok.status).toBe(200);
    const calls = emulator.stats().totalCalls;
    for (const user of ['bound', 'marked']) {
      const refused = await call(
        basic.url,
        '/api/quickbi/ticket',
        { worksId: 'dash-sales-0001' },
        { user },
      );
      expect([refused.status, refused.json.error.code]).toEqual([500, 'SCHEME_VIOLATION']);
      // The browser learns the setting's name, never its value.
      expect(refused.text).not.toContain('user-bob-0002');
    }
    expect(emulator.stats().totalCalls).toBe(calls);
  });

  it('basic: works types the basic scheme does not embed are refused', async () => {
    const refused = await call(
      basic.url,
      '/api/quickbi/ticket',
      { worksId: 'analysis-orders-0001', worksType: 'adHocAnalysis' },
      { user: 'owner' },
    );
    expect([refused.status, refused.json.error.code]).toEqual([500, 'SCHEME_VIOLATION']);
  });

  it('enhanced: a bound user, a watermark and the new works types pass', async () => {
    for (const [user, worksId, worksType] of [
      ['bound', 'dash-sales-0001', 'dashboard'],
      ['marked', 'form-orders-0001', 'dataEntryForm'],
      ['owner', 'analysis-orders-0001', 'adHocAnalysis'],
    ] as const) {
      const answer = await call(
        enhanced.url,
        '/api/quickbi/ticket',
        { worksId, worksType },
        { user },
      );
      expect(answer.status, JSON.stringify(answer.json)).toBe(200);
      const html = await (await fetch(answer.json.reportUrl)).text();
      expect(html).toContain(`data-works-type="${worksType}"`);
    }
  });
});
