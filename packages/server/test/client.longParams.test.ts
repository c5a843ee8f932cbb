/**
 * Issue 20, item 3: long parameters. A regional manager's row filter lists thousands of stores;
 * in the query string that is a URL the gateway refuses (the emulator's HTTP server: an empty 431).
 * Past `maxQueryBytes` the client sends the parameters in an `application/x-www-form-urlencoded`
 * body, signed by both versions (the emulator verifies V1 over query + form, V3 over the body hash),
 * and a refusal of an over-long request is a typed QuickBIApiError.
 */
import { describe, expect, it } from 'vitest';
import type { GlobalParam } from '@quickbi-embed/core';
import { QuickBIApiError } from '@quickbi-embed/server';
import type { QuickBIPolicy } from '@quickbi-embed/server';
import { call, setupEmulator, setupServeInTest, testClient } from './support/harness.js';

const emulator = setupEmulator({ resetEach: true });
const { serve } = setupServeInTest(emulator);

/** 1,500 store codes in one `in` condition: ~25 KB of JSON, ~47 KB percent-encoded. */
const STORES = Array.from({ length: 1500 }, (_, i) => `门店-${String(i).padStart(5, '0')}`);
const LONG_FILTER: GlobalParam = [
  { paramKey: 'region', joinType: 'and', conditionList: [{ operate: 'in', value: STORES }] },
];

interface Sent {
  url: URL;
  contentType: string | null;
  body: string;
}

/** The real fetch, with every request the client sends recorded. */
function recordingFetch(sent: Sent[]): typeof fetch {
  return async (input, init) => {
    sent.push({
      url: new URL(String(input)),
      contentType: new Headers(init?.headers).get('content-type'),
      body: typeof init?.body === 'string' ? init.body : '',
    });
    return fetch(input, init);
  };
}

describe.each(['v3', 'v1'] as const)('long parameters signed with %s', (signatureVersion) => {
  it('a 1,500-value row filter travels in a form body and round-trips through Quick BI', async () => {
    const sent: Sent[] = [];
    const client = testClient(emulator, { signatureVersion, fetch: recordingFetch(sent) });
    const { ticket } = await client.createTicket({
      worksId: 'dash-sales-0001',
      userId: 'user-alice-0001',
      ticketNum: 2,
      globalParam: LONG_FILTER,
    });
    const create = sent[0]!;
    expect(create.contentType).toBe('application/x-www-form-urlencoded');
    expect(create.url.searchParams.has('GlobalParam')).toBe(false);
    expect(create.url.searchParams.has('WorksId')).toBe(false);
    expect(new URLSearchParams(create.body).get('GlobalParam')).toBe(JSON.stringify(LONG_FILTER));
    expect(create.url.href.length).toBeLessThan(1024);
    // Quick BI stored every value: its own record echoes the filter back.
    const info = await client.queryTicketInfo({ ticket });
    expect(info.globalParam).toEqual(LONG_FILTER);
    // A short call keeps the official SDK's shape: everything in the query, no body.
    expect(sent[1]!.url.searchParams.get('Ticket')).toBe(ticket);
    expect(sent[1]!.body).toBe('');
  });

  it('maxQueryBytes: 0 sends every action in the body, and the emulator verifies each', async () => {
    const sent: Sent[] = [];
    const client = testClient(emulator, {
      signatureVersion,
      maxQueryBytes: 0,
      fetch: recordingFetch(sent),
    });
    const { ticket } = await client.createTicket({
      worksId: 'dash-sales-0001',
      ticketNum: 3,
      watermark: 'alice 办公 +*~/ "q"',
    });
    expect((await client.queryTicketInfo({ ticket })).watermark).toBe('alice 办公 +*~/ "q"');
    expect(await client.updateTicketNum({ ticket, ticketNum: 5 })).toBe(true);
    expect(await client.delayTicketExpireTime({ ticket, expireMinutes: 30 })).toBe(true);
    expect(await client.queryEmbeddedStatus({ worksId: 'dash-sales-0001' })).toBe(true);
    expect(await client.deleteTicket({ ticket })).toBe(true);
    expect(sent).toHaveLength(6);
    for (const request of sent) {
      expect(request.contentType).toBe('application/x-www-form-urlencoded');
      expect(request.body).not.toBe('');
      for (const name of ['Ticket', 'WorksId', 'TicketNum', 'ExpireTime'])
        expect(request.url.searchParams.has(name)).toBe(false);
    }
  });
});

describe('an over-long request is a typed error', () => {
  it('with the body mode turned off, the refused URL is a QuickBIApiError naming the action', async () => {
    const client = testClient(emulator, { maxQueryBytes: 10_000_000, retry: false });
    const error = await client
      .createTicket({ worksId: 'dash-sales-0001', globalParam: LONG_FILTER })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(QuickBIApiError);
    const apiError = error as QuickBIApiError;
    expect(apiError.action).toBe('CreateTicket');
    // An empty 431 from the HTTP server, or a gateway's JSON error with its own code.
    expect(apiError.status).toBeGreaterThanOrEqual(400);
    expect(apiError.code).not.toBe('NETWORK_ERROR');
    expect(emulator.stats().ticketsCreated).toBe(0);
  });

  it('maxQueryBytes must be a non-negative integer', () => {
    expect(() => testClient(emulator, { maxQueryBytes: -1 })).toThrow(/maxQueryBytes/);
  });
});

describe('handler → client → emulator', () => {
  it('a policy row filter of 1,500 long values issues a ticket whose page applies it', async () => {
    // A regional manager's stores: 1,500 values of ~40 characters are ~150 KB encoded, far past any
    // URL limit (the policy's own bound is GLOBAL_PARAM_BOUNDS, handler/policy.ts).
    const values = Array.from(
      { length: 1500 },
      (_, i) => `华东-store-${String(i).padStart(5, '0')}-long-enough-name`,
    );
    values[1499] = '华东';
    const policy: QuickBIPolicy = {
      subject: 'app-user-manager',
      userId: 'user-bob-0002',
      ticketUses: 2,
      globalParam: [
        { paramKey: 'region', joinType: 'and', conditionList: [{ operate: 'in', value: values }] },
      ],
    };
    const served = await serve({ authorize: () => policy });
    const answer = await call(served.url, '/api/quickbi/ticket', { worksId: 'dash-sales-0001' });
    expect(answer.status).toBe(200);
    const page = await (await fetch(answer.json.reportUrl as string)).text();
    const regions = [...page.matchAll(/<td data-field="region">([^<]*)<\/td>/g)].map((m) => m[1]);
    expect(regions.length).toBeGreaterThan(0);
    expect(new Set(regions)).toEqual(new Set(['华东']));
  });

  it('a policy over the row-filter bound is a named configuration error, before any upstream call', async () => {
    const values = Array.from({ length: 20_001 }, (_, i) => `store-${i}`);
    const policy: QuickBIPolicy = {
      subject: 'app-user-manager',
      userId: 'user-bob-0002',
      globalParam: [
        { paramKey: 'region', joinType: 'and', conditionList: [{ operate: 'in', value: values }] },
      ],
    };
    const before = emulator.stats().ticketsCreated;
    const lines: string[] = [];
    const served = await serve({
      authorize: () => policy,
      logger: { warn: (m: string) => lines.push(m), error: (m: string) => lines.push(m) },
    });
    const answer = await call(served.url, '/api/quickbi/ticket', { worksId: 'dash-sales-0001' });
    expect(answer.status).toBe(500);
    expect(emulator.stats().ticketsCreated).toBe(before);
    // The server's log line names the field and the bound.
    expect(lines.join('\n')).toMatch(/globalParam.*at most 20000 values per condition/);
  });
});
