// Issue 11, item 5: every region's iframe opens on that region's report site. Tokyo, Virginia,
// Riyadh and the finance cloud used to fall back to the China host `bi.aliyun.com` silently.
import { describe, expect, it } from 'vitest';
import { QUICKBI_SITES } from '@quickbi-embed/core';
import type { QuickBIRegion } from '@quickbi-embed/core';
import { createQuickBIClient, createQuickBIHandler } from '@quickbi-embed/server';
import { TEST_KEY, sessionAuthorize, setupEmulator } from './support/harness.js';

// From Quick BI's docs (shared/spec/quickbi-embedding.md §2.2); `undefined`: not documented.
const DOCUMENTED: Record<QuickBIRegion, string | undefined> = {
  'cn-hangzhou': 'https://bi.aliyun.com',
  'ap-southeast-1': 'https://bi-ap-southeast-1.data.aliyun.com',
  'ap-southeast-3': 'https://bi-ap-southeast-3.data.aliyun.com',
  'ap-southeast-5': 'https://bi-ap-southeast-5.data.aliyun.com',
  'cn-hongkong': 'https://bi-cn-hongkong.data.aliyun.com',
  'eu-central-1': 'https://bi-eu-central-1.data.aliyun.com',
  'ap-northeast-1': undefined,
  'us-east-1': undefined,
  'me-central-1': undefined,
  'cn-shanghai-finance-1': undefined,
};

const emulator = setupEmulator();

/** Sends what the client addresses to Quick BI's real host to the emulator instead (loopback only). */
const toEmulator: typeof fetch = (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  expect(url.hostname).toMatch(/^quickbi-public\.[a-z0-9-]+\.aliyuncs\.com$/);
  return fetch(`${emulator.endpoint}${url.pathname}${url.search}`, init);
};

/** A ticket's iframe URL for `region` (the OpenAPI calls go to the emulator). */
async function reportUrlFor(region: QuickBIRegion, reportOrigin?: string): Promise<URL> {
  const client = createQuickBIClient({
    ...TEST_KEY,
    region,
    fetch: toEmulator,
    // V3 signs the Host header, which names the real host; V1 signs the parameters only.
    signatureVersion: 'v1',
    ...(reportOrigin ? { reportOrigin } : {}),
  });
  const handler = createQuickBIHandler({ client, authorize: sessionAuthorize });
  const answer = await handler(
    new Request('http://app.example.test/api/quickbi/ticket', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-test-user': 'bob' },
      body: JSON.stringify({ worksId: 'dash-sales-0001' }),
    }),
  );
  expect(answer.status).toBe(200);
  return new URL(((await answer.json()) as { reportUrl: string }).reportUrl);
}

describe('report origin per region', () => {
  it('the table covers every region', () => {
    expect(Object.keys(DOCUMENTED).sort()).toEqual(Object.keys(QUICKBI_SITES).sort());
  });

  it.each(Object.entries(DOCUMENTED) as [QuickBIRegion, string | undefined][])(
    '%s: documented report origin, or a clear error without an explicit one',
    async (region, documented) => {
      if (documented) {
        expect((await reportUrlFor(region)).origin).toBe(documented);
        expect(createQuickBIClient({ ...TEST_KEY, region }).reportOrigin).toBe(documented);
      } else {
        expect(() => createQuickBIClient({ ...TEST_KEY, region })).toThrow(
          new RegExp(`report host of region "${region}".*pass reportOrigin`),
        );
        // No guessed host: the error points at the option and the docs instead.
        expect(() => createQuickBIClient({ ...TEST_KEY, region })).not.toThrow(/data\.aliyun\.com/);
        expect(() => createQuickBIClient({ ...TEST_KEY, region })).toThrow(
          /QUICKBI_REPORT_ORIGIN.*help\.aliyun\.com/,
        );
        const explicit = 'https://bi.example-site.test';
        expect((await reportUrlFor(region, explicit)).origin).toBe(explicit);
      }
    },
  );

  it('an explicit reportOrigin wins over the table, and must be an http(s) origin', () => {
    expect(
      createQuickBIClient({
        ...TEST_KEY,
        region: 'cn-hangzhou',
        reportOrigin: 'https://bi.example.test/x',
      }).reportOrigin,
    ).toBe('https://bi.example.test');
    expect(() =>
      createQuickBIClient({
        ...TEST_KEY,
        region: 'cn-hangzhou',
        reportOrigin: 'javascript:alert(1)',
      }),
    ).toThrow(/http\(s\) origin/);
  });

  // Issue 19: QUICKBI_ENDPOINT set (the emulator) but QUICKBI_REPORT_ORIGIN forgotten used to
  // open every iframe on the real https://bi.aliyun.com, silently.
  it('a region with a custom endpoint and no reportOrigin fails at start, naming the fix', () => {
    const env = { QUICKBI_ENDPOINT: emulator.endpoint, QUICKBI_REPORT_ORIGIN: undefined };
    const create = () =>
      createQuickBIClient({
        ...TEST_KEY,
        region: 'cn-hangzhou',
        endpoint: env.QUICKBI_ENDPOINT,
        reportOrigin: env.QUICKBI_REPORT_ORIGIN,
      });
    expect(create).toThrow(TypeError);
    expect(create).toThrow(/not a Quick BI host.*reportOrigin.*QUICKBI_REPORT_ORIGIN/);
    // Both set: the given origin, never the region's.
    const client = createQuickBIClient({
      ...TEST_KEY,
      region: 'cn-hangzhou',
      endpoint: emulator.endpoint,
      reportOrigin: emulator.reportOrigin,
    });
    expect(client.reportOrigin).toBe(new URL(emulator.reportOrigin).origin);
  });

  it("a Quick BI host as endpoint keeps its site's report origin (VPC, central, regional)", () => {
    const origin = (endpoint: string, region?: QuickBIRegion) =>
      createQuickBIClient({ ...TEST_KEY, endpoint, ...(region ? { region } : {}) }).reportOrigin;
    expect(origin('quickbi-public-vpc.cn-hangzhou.aliyuncs.com', 'cn-hangzhou')).toBe(
      'https://bi.aliyun.com',
    );
    expect(origin('quickbi-public.aliyuncs.com')).toBe('https://bi.aliyun.com');
    expect(origin('quickbi-public.ap-southeast-1.aliyuncs.com')).toBe(
      'https://bi-ap-southeast-1.data.aliyun.com',
    );
    // A custom endpoint without a region: no origin, the handler then requires one.
    expect(origin(emulator.endpoint)).toBeUndefined();
  });
});
