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

/** A ticket's iframe URL for `region` (the OpenAPI calls go to the emulator). */
async function reportUrlFor(region: QuickBIRegion, reportOrigin?: string): Promise<URL> {
  const client = createQuickBIClient({
    ...TEST_KEY,
    region,
    endpoint: emulator.endpoint,
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
});
