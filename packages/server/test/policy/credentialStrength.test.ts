/**
 * Attack: a signed-in browser asks for a weaker credential than its policy, to drop its own row
 * filter and watermark (a token), to open a component nobody allowed, or to claim another works
 * type. Each is refused with its typed 403 before Quick BI is called.
 */
import { describe, expect, it } from 'vitest';
import { ERROR_STATUS } from '@quickbi-embed/core';
import type { EmbedTokenCredential, TicketCredential } from '@quickbi-embed/core';
import type { AuthorizeArgs, QuickBIPolicy } from '@quickbi-embed/server';
import { call, setupEmulator, setupServeInTest, testClient } from '../support/harness.js';
import type { Served } from '../support/harness.js';

const emulator = setupEmulator({ resetEach: true });
const { serve } = setupServeInTest(emulator);
let served: Served | undefined;

const REGION_FILTER = [
  {
    paramKey: 'region',
    joinType: 'and' as const,
    conditionList: [{ operate: '=', value: 'East' }],
  },
];

/** The README quick start's policy, verbatim in substance: a row filter and a watermark. */
function readmePolicy(): QuickBIPolicy {
  return {
    subject: 'app-user-alice',
    userId: 'user-alice-0001',
    watermark: 'alice@example.com',
    globalParam: REGION_FILTER,
    ticketUses: 5,
    renew: { topUpUses: 5 },
  };
}

async function serveWith(policy: (args: AuthorizeArgs) => QuickBIPolicy | null, extra = {}) {
  served = await serve({ authorize: policy, ...extra });
  return served.url;
}

const ask = (base: string, path: string, body: unknown) =>
  call(base, `/api/quickbi${path}`, body, { user: 'alice' });

function expectRefused(answer: Awaited<ReturnType<typeof call>>, code: string) {
  expect(answer.status).toBe(ERROR_STATUS[code as keyof typeof ERROR_STATUS]);
  expect(answer.status).toBe(403);
  expect(answer.json.error.code).toBe(code);
}

describe('no credential weaker than the policy', () => {
  it('refuses a token under the README policy: its row filter and watermark would be dropped', async () => {
    const base = await serveWith(readmePolicy);
    expectRefused(
      await ask(base, '/token', { worksId: 'dash-sales-0001' }),
      'CREDENTIAL_KIND_REFUSED',
    );
    // Even when the app allowed tokens for the report, a token cannot carry the filter.
    await served?.stop();
    const base2 = await serveWith(() => ({ ...readmePolicy(), kinds: ['ticket', 'token'] }));
    expectRefused(
      await ask(base2, '/token', { worksId: 'dash-sales-0001' }),
      'CREDENTIAL_KIND_REFUSED',
    );
    await served?.stop();
    const base3 = await serveWith(() => ({
      subject: 'app-user-alice',
      userId: 'user-alice-0001',
      watermark: 'alice',
      kinds: ['ticket', 'token'],
    }));
    expectRefused(
      await ask(base3, '/token', { worksId: 'dash-sales-0001' }),
      'CREDENTIAL_KIND_REFUSED',
    );
    expect(emulator.stats().totalCalls).toBe(0);
    expect(emulator.stats().calls.CreateEmbedToken ?? 0).toBe(0);
  });

  it('the ticket under the same policy carries the filter and the watermark', async () => {
    const base = await serveWith(readmePolicy);
    const answer = await ask(base, '/ticket', { worksId: 'dash-sales-0001' });
    expect(answer.status).toBe(200);
    const ticket = answer.json as TicketCredential;
    expect(ticket).toMatchObject({ watermark: 'alice@example.com', globalParam: REGION_FILTER });
    const info = await testClient(emulator).queryTicketInfo({ ticket: ticket.ticket });
    expect(info).toMatchObject({ watermark: 'alice@example.com', globalParam: REGION_FILTER });
  });

  it('where the policy is silent on kind, only a ticket is allowed', async () => {
    const base = await serveWith(() => ({ subject: 'app-user-alice', userId: 'user-alice-0001' }));
    expectRefused(
      await ask(base, '/token', { worksId: 'dash-sales-0001' }),
      'CREDENTIAL_KIND_REFUSED',
    );
    expect((await ask(base, '/ticket', { worksId: 'dash-sales-0001' })).status).toBe(200);
    expect(emulator.stats().calls.CreateEmbedToken ?? 0).toBe(0);
  });

  it('a token is issued only when the app allows it and the policy sets no filter or watermark', async () => {
    const base = await serveWith(() => ({
      subject: 'app-user-alice',
      userId: 'user-alice-0001',
      kinds: ['token'],
    }));
    const token = await ask(base, '/token', { worksId: 'dash-sales-0001' });
    expect(token.status).toBe(200);
    expect((token.json as EmbedTokenCredential).reportOrigin).toBe(emulator.reportOrigin);
    // And a ticket is then not allowed either: the kinds list is the whole list.
    expectRefused(
      await ask(base, '/ticket', { worksId: 'dash-sales-0001' }),
      'CREDENTIAL_KIND_REFUSED',
    );
  });

  it('refuses a component the policy did not allow (absent list: whole report only)', async () => {
    const base = await serveWith(readmePolicy);
    const before = emulator.stats().totalCalls;
    expectRefused(
      await ask(base, '/ticket', { worksId: 'dash-sales-0001', cmptId: 'cmpt-sales-table' }),
      'COMPONENT_NOT_ALLOWED',
    );
    expect(emulator.stats().totalCalls).toBe(before);
    await served?.stop();
    const allowed = await serveWith(() => ({ ...readmePolicy(), cmptIds: ['cmpt-sales-kpi'] }));
    expectRefused(
      await ask(allowed, '/ticket', { worksId: 'dash-sales-0001', cmptId: 'cmpt-sales-table' }),
      'COMPONENT_NOT_ALLOWED',
    );
    const kpi = await ask(allowed, '/ticket', {
      worksId: 'dash-sales-0001',
      cmptId: 'cmpt-sales-kpi',
    });
    expect(kpi.status).toBe(200);
    expect(kpi.json.cmptId).toBe('cmpt-sales-kpi');
  });

  it('refuses a watermark Quick BI would not draw (data screens)', async () => {
    const base = await serveWith(readmePolicy);
    expectRefused(
      await ask(base, '/ticket', { worksId: 'screen-live-0001', worksType: 'dataScreen' }),
      'CREDENTIAL_KIND_REFUSED',
    );
    expect(emulator.stats().totalCalls).toBe(0);
  });
});

describe('the server decides the works type', () => {
  it('the policy wins over the browser hint, and the credential says the real type', async () => {
    const base = await serveWith(() => ({
      subject: 'app-user-alice',
      userId: 'user-alice-0001',
      worksType: 'workbook',
    }));
    // The browser claims a dashboard (say, to ask for a component) for what is a workbook.
    const answer = await ask(base, '/ticket', {
      worksId: 'book-finance-0001',
      worksType: 'dashboard',
    });
    expect(answer.status).toBe(200);
    expect(answer.json.worksType).toBe('workbook');
    expect(new URL(answer.json.reportUrl).pathname).toContain('/report/');
    const cmpt = await ask(base, '/ticket', {
      worksId: 'book-finance-0001',
      cmptId: 'cmpt-sales-kpi',
    });
    expectRefused(cmpt, 'COMPONENT_NOT_ALLOWED');
  });

  it('the handler lookup wins over the hint and is what authorize sees', async () => {
    const seen: string[] = [];
    const base = await serveWith(
      ({ worksType }) => {
        seen.push(worksType);
        return { subject: 'app-user-alice', userId: 'user-alice-0001' };
      },
      {
        worksType: (worksId: string) => (worksId === 'book-finance-0001' ? 'workbook' : undefined),
      },
    );
    const book = await ask(base, '/ticket', {
      worksId: 'book-finance-0001',
      worksType: 'dataScreen',
    });
    expect(book.json.worksType).toBe('workbook');
    const hinted = await ask(base, '/ticket', {
      worksId: 'screen-live-0001',
      worksType: 'dataScreen',
    });
    expect(hinted.json.worksType).toBe('dataScreen');
    const plain = await ask(base, '/ticket', { worksId: 'dash-sales-0001' });
    expect(plain.json.worksType).toBe('dashboard');
    expect(seen).toEqual(['workbook', 'dataScreen', 'dashboard']);
  });
});
