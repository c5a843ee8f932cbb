// Issue 19 item 1: a new user's first misconfiguration prints exactly one server log line, by
// default on `console`, naming its code, the request id the answer carries, the cause and the fix;
// never a secret. Each case runs over real HTTP against the emulator (and a real Vite dev proxy).
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createServer as createViteServer } from 'vite';
import type { QuickBIHandlerOptions, QuickBIPolicy } from '@quickbi-embed/server';
import { toNodeHandler } from '@quickbi-embed/server/node';
import {
  TEST_KEY,
  call,
  captured,
  closeServer,
  listenOnLoopback,
  setupEmulator,
  testClient,
  testHandler,
} from '../support/harness.js';

const emulator = setupEmulator({ resetEach: true });
const stops: (() => Promise<void>)[] = [];

/** Every line the handler writes to console.warn / console.error during a test. */
let lines: string[] = [];
beforeEach(() => {
  lines = [];
  for (const level of ['warn', 'error', 'info', 'log', 'debug'] as const)
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      const line = args.map(String).join(' ');
      lines.push(line);
      captured.push(line); // the suite's secret scan reads these too
    });
});
afterEach(async () => {
  vi.restoreAllMocks();
  for (const stop of stops.splice(0).reverse()) await stop();
});

/** The handler as a new user sets it up: no `logger` option unless the test gives one. */
async function serve(options: Partial<QuickBIHandlerOptions> = {}) {
  const server = createServer(toNodeHandler(testHandler(emulator, options)));
  const url = await listenOnLoopback(server);
  stops.push(() => closeServer(server));
  return url;
}

const policyOf = (policy: Record<string, unknown>) => () => policy as unknown as QuickBIPolicy;
const ticket = (url: string, path = '/api/quickbi/ticket', headers: Record<string, string> = {}) =>
  call(url, path, { worksId: 'dash-sales-0001' }, { headers });

/** Exactly one line, carrying the answer's request id. */
function theOneLine(answer: { headers: Headers }): string {
  expect(lines).toHaveLength(1);
  const line = lines[0] ?? '';
  const requestId = answer.headers.get('x-request-id');
  expect(requestId).toMatch(/^[A-Za-z0-9._:-]+$/);
  expect(line).toContain(`requestId ${requestId}`);
  expect(line).not.toContain(TEST_KEY.accessKeySecret);
  expect(line).not.toContain(TEST_KEY.securityToken);
  return line;
}

describe('by default the server tells you, on console, one line per first mistake', () => {
  it('an allowed cross-origin page can read the request id of an error (CORS exposes it)', async () => {
    const url = await serve({
      allowedOrigins: ['http://app.example.test'],
      authorize: policyOf({ subject: 'u-1', ticketUse: 5 }),
    });
    const answer = await ticket(url, '/api/quickbi/ticket', { origin: 'http://app.example.test' });
    expect(answer.status).toBe(500);
    expect(answer.headers.get('access-control-expose-headers')).toContain('x-request-id');
    theOneLine(answer);
  });

  it('a good request logs nothing', async () => {
    const url = await serve({ authorize: policyOf({ subject: 'u-1' }) });
    expect((await ticket(url)).status).toBe(200);
    expect(lines).toEqual([]);
  });

  it('a policy typo (ticketUse) names the field, the one it meant and the known fields', async () => {
    const url = await serve({ authorize: policyOf({ subject: 'u-1', ticketUse: 5 }) });
    const before = emulator.stats().totalCalls;
    const answer = await ticket(url);
    expect(answer.status).toBe(500);
    expect(answer.json.error.code).toBe('INTERNAL');
    const line = theOneLine(answer);
    expect(line).toContain('INTERNAL');
    expect(line).toContain('unknown field "ticketUse" (did you mean "ticketUses"?)');
    expect(line).toContain('the known fields are subject, kinds,');
    expect(emulator.stats().totalCalls).toBe(before); // refused before Quick BI
  });

  it('a 60-character watermark names the limit and the length, never the text', async () => {
    const watermark = 'confidential-watermark-for-'.padEnd(60, 'x');
    const url = await serve({ authorize: policyOf({ subject: 'u-1', watermark }) });
    const answer = await ticket(url);
    expect(answer.status).toBe(500);
    const line = theOneLine(answer);
    expect(line).toContain('watermark: at most 50 characters');
    expect(line).toContain('(got 60)');
    expect(line).not.toContain(watermark);
  });

  it.each([
    [
      'a wrong AccessKey ID',
      { accessKeyId: 'LTAI-not-a-key' },
      'InvalidAccessKeyId',
      'accessKeyId',
    ],
    [
      'a wrong AccessKey secret',
      { accessKeySecret: 'not-the-secret' },
      'SignatureDoesNotMatch',
      'accessKeySecret',
    ],
  ])(
    '%s: UPSTREAM_ERROR with Quick BI’s code and what to check',
    async (_, keys, code, setting) => {
      const url = await serve({
        client: testClient(emulator, keys),
        authorize: policyOf({ subject: 'u-1' }),
      });
      const answer = await ticket(url);
      expect(answer.status).toBe(502);
      expect(answer.json.error.code).toBe('UPSTREAM_ERROR');
      const line = theOneLine(answer);
      expect(line).toContain('UPSTREAM_ERROR');
      expect(line).toContain(`CreateTicket with ${code}`);
      expect(line).toContain(`Check: the AccessKey`);
      expect(line).toContain(setting);
    },
  );

  it('a wrong mount path names the basePath to set; an unknown route lists the routes; each once', async () => {
    const url = await serve({ authorize: policyOf({ subject: 'u-1' }) });
    const mounted = await ticket(url, '/api/qbi/ticket');
    expect(mounted.status).toBe(404);
    const line = theOneLine(mounted);
    expect(line).toContain('NOT_FOUND');
    expect(line).toContain('outside basePath "/api/quickbi"');
    expect(line).toContain('basePath: "/api/qbi"');
    await ticket(url, '/api/qbi/ticket'); // the same mistake again: no second line
    expect(lines).toHaveLength(1);

    const typo = await ticket(url, '/api/quickbi/tickets');
    expect(typo.status).toBe(404);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('is no Quick BI embed route');
    expect(lines[1]).toContain(
      '/api/quickbi{/token,/ticket,/ticket/renew,/ticket/info,/copilot/ticket}',
    );
  });

  it('logger: false silences it; a logger of its own gets the line and its fields instead', async () => {
    const silent = await serve({
      logger: false,
      authorize: policyOf({ subject: 'u', ticketUse: 5 }),
    });
    expect((await ticket(silent)).status).toBe(500);
    expect(lines).toEqual([]);

    const seen: { message: string; fields?: Record<string, unknown> }[] = [];
    const own = await serve({
      logger: { error: (message, fields) => seen.push({ message, ...(fields ? { fields } : {}) }) },
      authorize: policyOf({ subject: 'u', ticketUse: 5 }),
    });
    const answer = await ticket(own);
    expect(lines).toEqual([]);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.message).toContain('"ticketUse"');
    expect(seen[0]?.fields).toMatchObject({
      code: 'INTERNAL',
      event: 'quickbi.handler.error',
      requestId: answer.headers.get('x-request-id'),
    });
  });
});

describe("Vite's dev proxy, as the Vite docs show it (server.proxy: { '/api': url })", () => {
  async function viteInFrontOf(target: string): Promise<string> {
    const root = mkdtempSync(join(tmpdir(), 'qbi-vite-'));
    const vite = await createViteServer({
      root,
      configFile: false,
      logLevel: 'silent',
      server: {
        host: '127.0.0.1',
        port: 0,
        strictPort: false,
        ws: false,
        proxy: { '/api': target },
      },
    });
    await vite.listen();
    stops.push(async () => {
      await vite.close();
      rmSync(root, { recursive: true, force: true });
    });
    const address = vite.httpServer?.address();
    if (!address || typeof address === 'string') throw new Error('vite did not listen');
    return `http://127.0.0.1:${address.port}`;
  }

  it.each([
    ['trustProxy off', false, 'from the Host header, trustProxy is off'],
    ['trustProxy on, as the README once suggested', true, 'trustProxy is on but no Forwarded'],
  ])(
    '%s: 403 FORBIDDEN_ORIGIN names the origin seen, the one expected and the proxy options',
    async (_, trustProxy, source) => {
      const target = await serve({ trustProxy, authorize: policyOf({ subject: 'u-1' }) });
      const page = await viteInFrontOf(target);
      const answer = await ticket(page, '/api/quickbi/ticket', { origin: page });
      expect(answer.status).toBe(403);
      expect(answer.json.error.code).toBe('FORBIDDEN_ORIGIN');
      const line = theOneLine(answer);
      expect(line).toContain(`refused Origin "${page}"`);
      expect(line).toContain(`this server's own origin is "${target}"`);
      expect(line).toContain(source);
      expect(line).toContain('changeOrigin: false');
      expect(line).toContain('xfwd: true');
      expect(line).toContain('allowedOrigins');
      await ticket(page, '/api/quickbi/ticket', { origin: page });
      expect(lines).toHaveLength(1); // the same refusal again: no second line
    },
  );
});
