import { describe, expect, it } from 'vitest';
import { isQuickBIEmbedError } from '@quickbi-embed/core';
import type { TicketCredential } from '@quickbi-embed/core';
import { prefetchReport } from '@quickbi-embed/server';
import { captureLogger, DANA, setupEmulator, testHandler, USERS } from '../support/harness.js';

const emulator = setupEmulator({ resetEach: true });

function makeHandler() {
  return testHandler(emulator, { logger: captureLogger });
}

/** The page request a server render receives: the session travels in it, as cookies would. */
const pageRequest = (user?: string, headers: Record<string, string> = {}) =>
  new Request('http://app.example.test/reports/sales', {
    headers: { ...(user ? { 'x-test-user': user } : {}), ...headers },
  });

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isQuickBIEmbedError(error)).toBe(true);
  return error as { code: string; status: number };
}

describe('handler.prefetch (server render)', () => {
  it('issues under the same policy, reserves exactly one use, and is plain JSON', async () => {
    const handler = makeHandler();
    const credential = (await prefetchReport(handler, pageRequest('alice'), {
      worksId: 'dash-sales-0001',
    })) as TicketCredential;
    expect(JSON.parse(JSON.stringify(credential))).toEqual(credential);
    expect(credential).toMatchObject({
      kind: 'ticket',
      reservedUses: 1,
      usedUses: 0,
      maxUses: 5,
      watermark: USERS.alice?.watermark,
      globalParam: USERS.alice?.globalParam,
      reportOrigin: emulator.reportOrigin,
    });
    // The first embed's use is taken: the browser's next ask shares the ticket from use 2 on.
    const next = (await handler.prefetch(pageRequest('alice'), {
      worksId: 'dash-sales-0001',
    })) as TicketCredential;
    expect(next.ticket).toBe(credential.ticket);
    expect(next.usedUses).toBe(1);
    expect(emulator.stats().ticketsCreated).toBe(1);
  });

  it('skips the browser-only origin check (server-internal), never the policy', async () => {
    const handler = makeHandler();
    const foreign = { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' };
    const credential = await handler.prefetch(pageRequest('bob', foreign), {
      worksId: 'dash-ops-0002',
    });
    expect(credential.kind).toBe('ticket');

    expect(
      (await refusal(handler.prefetch(pageRequest(), { worksId: 'dash-ops-0002' }))).code,
    ).toBe('UNAUTHORIZED');
    expect(
      (await refusal(handler.prefetch(pageRequest('mallory'), { worksId: 'dash-ops-0002' }))).code,
    ).toBe('FORBIDDEN');
  });

  it('refuses what the HTTP routes refuse, before any upstream call', async () => {
    const handler = makeHandler();
    const before = emulator.stats().totalCalls;
    const token = await refusal(
      handler.prefetch(pageRequest('alice'), { worksId: 'dash-sales-0001', kind: 'token' }),
    );
    expect(token).toMatchObject({ code: 'CREDENTIAL_KIND_REFUSED', status: 403 });
    const cmpt = await refusal(
      handler.prefetch(pageRequest('alice'), {
        worksId: 'dash-sales-0001',
        cmptId: 'cmpt-sales-table',
      }),
    );
    expect(cmpt).toMatchObject({ code: 'COMPONENT_NOT_ALLOWED', status: 403 });
    const bad = await refusal(handler.prefetch(pageRequest('alice'), { worksId: '../etc/passwd' }));
    expect(bad).toMatchObject({ code: 'BAD_REQUEST', status: 400 });
    expect(emulator.stats().totalCalls).toBe(before);
  });

  it('prefetches a token where the policy allows one', async () => {
    const handler = makeHandler();
    const credential = await handler.prefetch(pageRequest('bob'), {
      worksId: 'dash-ops-0002',
      kind: 'token',
    });
    expect(credential).toMatchObject({ kind: 'token', reportOrigin: emulator.reportOrigin });
  });
});

describe('handler.prefetch with host-chosen filters', () => {
  const danaHandler = () =>
    testHandler(emulator, {
      logger: captureLogger,
      authorize: ({ request }) => (request.headers.get('x-test-user') === 'dana' ? DANA : null),
    });

  it('narrows as /ticket does: the chosen region is ANDed to the policy, one use reserved', async () => {
    const handler = danaHandler();
    const credential = (await handler.prefetch(pageRequest('dana'), {
      worksId: 'dash-sales-0001',
      filters: [{ paramKey: 'region', values: ['华东'] }],
    })) as TicketCredential;
    expect(credential.reservedUses).toBe(1);
    expect(credential.globalParam).toEqual([
      DANA.globalParam?.[0],
      { paramKey: 'region', joinType: 'and', conditionList: [{ operate: 'in', value: ['华东'] }] },
    ]);
    // Another choice is another ticket; no choice is the policy's own ticket.
    const plain = (await handler.prefetch(pageRequest('dana'), {
      worksId: 'dash-sales-0001',
    })) as TicketCredential;
    expect(plain.ticket).not.toBe(credential.ticket);
    expect(plain.globalParam).toEqual(DANA.globalParam);
  });

  it('refuses widening filters and filters on a token before any upstream call', async () => {
    const handler = danaHandler();
    const before = emulator.stats().totalCalls;
    const widening = await refusal(
      handler.prefetch(pageRequest('dana'), {
        worksId: 'dash-sales-0001',
        filters: [{ paramKey: 'region', values: ['西南'] }],
      }),
    );
    expect(widening).toMatchObject({ code: 'FILTER_NOT_ALLOWED', status: 403 });
    const unoffered = await refusal(
      handler.prefetch(pageRequest('dana'), {
        worksId: 'dash-sales-0001',
        filters: [{ paramKey: 'channel', values: ['online'] }],
      }),
    );
    expect(unoffered).toMatchObject({ code: 'FILTER_NOT_ALLOWED', status: 403 });
    const token = await refusal(
      handler.prefetch(pageRequest('dana'), {
        worksId: 'dash-sales-0001',
        kind: 'token',
        filters: [{ paramKey: 'region', values: ['华东'] }],
      }),
    );
    expect(token).toMatchObject({ code: 'BAD_REQUEST', status: 400 });
    expect(emulator.stats().totalCalls).toBe(before);
  });
});
