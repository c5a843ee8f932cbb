// Issue 11, item 2: a build machine (`next build`) has no AccessKey. Creating the client and the
// handler at module load must not throw; the first request answers 500 NOT_CONFIGURED naming the
// missing setting (never a value), logged once.
import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createQuickBIClient, createQuickBIHandler } from '@quickbi-embed/server';
import { toNodeHandler } from '@quickbi-embed/server/node';
import {
  TEST_KEY,
  call,
  listenOnLoopback,
  sessionAuthorize,
  setupEmulator,
} from './support/harness.js';

const emulator = setupEmulator();

async function serveWith(client: ReturnType<typeof createQuickBIClient>) {
  const lines: string[] = [];
  const handler = createQuickBIHandler({
    client,
    authorize: sessionAuthorize,
    reportOrigin: emulator.reportOrigin,
    logger: { error: (message, fields) => lines.push(message + JSON.stringify(fields)) },
  });
  const server = createServer(toNodeHandler(handler));
  const url = await listenOnLoopback(server);
  return {
    url,
    lines,
    stop: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

describe('missing credentials', () => {
  it.each([
    [
      'accessKeyId',
      { accessKeyId: process.env.QBI_TEST_UNSET_ID, accessKeySecret: TEST_KEY.accessKeySecret },
    ],
    ['accessKeySecret', { accessKeyId: TEST_KEY.accessKeyId, accessKeySecret: '' }],
  ] as const)(
    'creating the client and handler does not throw; requests answer 500 NOT_CONFIGURED naming %s, logged once',
    async (setting, keys) => {
      // Module load of a route file, as `next build` runs it: no throw.
      const client = createQuickBIClient({ ...keys, endpoint: emulator.endpoint });
      const served = await serveWith(client);
      try {
        const before = emulator.stats().totalCalls;
        const answers = [];
        for (let i = 0; i < 3; i++)
          answers.push(
            await call(
              served.url,
              '/api/quickbi/ticket',
              { worksId: 'dash-sales-0001' },
              { user: 'bob' },
            ),
          );
        for (const answer of answers) {
          expect(answer.status).toBe(500);
          expect(answer.json.error.code).toBe('NOT_CONFIGURED');
          expect(answer.json.error.message).toContain(setting);
          // Never the value of the setting that is there.
          expect(answer.text).not.toContain(TEST_KEY.accessKeySecret);
          expect(answer.text).not.toContain(TEST_KEY.accessKeyId);
        }
        expect(served.lines).toHaveLength(1);
        expect(served.lines[0]).toContain('quickbi.not_configured');
        expect(served.lines[0]).toContain(setting);
        expect(served.lines.join()).not.toContain(TEST_KEY.accessKeySecret);
        expect(emulator.stats().totalCalls).toBe(before);
      } finally {
        served.stop();
      }
    },
  );

  it('a credentials provider that returns nothing is NOT_CONFIGURED too', async () => {
    const client = createQuickBIClient({
      credentials: async () => ({ accessKeyId: '', accessKeySecret: '' }),
      endpoint: emulator.endpoint,
    });
    await expect(client.queryEmbeddedStatus({ worksId: 'dash-sales-0001' })).rejects.toMatchObject({
      code: 'NOT_CONFIGURED',
      status: 500,
    });
  });
});
