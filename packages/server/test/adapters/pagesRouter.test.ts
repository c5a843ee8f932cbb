import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import express from 'express';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { expressMiddleware } from '@quickbi-embed/server/express';
import { prefetch, toNodeHandler } from '@quickbi-embed/server/node';
import { closeServer, listenOnLoopback, setupEmulator, testHandler } from '../support/harness.js';
import { nextApiRoute } from './nextApiRoute.js';

const emulator = setupEmulator();
const servers: Server[] = [];
afterAll(() => Promise.all(servers.map(closeServer)));

function listen(server: Server): Promise<string> {
  servers.push(server);
  return listenOnLoopback(server);
}

/** A bounded wait: a hanging adapter fails the test instead of the run. */
function post(base: string, body: string, headers: Record<string, string> = {}) {
  return fetch(base + '/api/quickbi/ticket', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-test-user': 'bob', ...headers },
    body,
    signal: AbortSignal.timeout(5000),
  }).then(async (response) => ({
    status: response.status,
    json: (await response.json()) as { ticket?: string; error?: { code: string; message: string } },
  }));
}

const creates = () => emulator.stats().calls.CreateTicket ?? 0;

function logger() {
  const lines: { message: string; fields?: Record<string, unknown> }[] = [];
  return {
    lines,
    error: (message: string, fields?: Record<string, unknown>) => lines.push({ message, fields }),
  };
}

/** Reads the whole body and leaves no `req.body`: a middleware that consumed the stream. */
function drainingFirst(listener: (req: IncomingMessage, res: ServerResponse) => unknown) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    for await (const chunk of req) void chunk;
    await listener(req, res);
  };
}

describe('Next.js Pages Router: pages/api/quickbi/[...route].ts = toNodeHandler(handler)', () => {
  it('serves behind Next’s body parser (req.body already parsed)', async () => {
    const route = toNodeHandler(testHandler(emulator));
    const base = await listen(createServer(nextApiRoute(route)));
    const answer = await post(base, JSON.stringify({ worksId: 'dash-sales-0001' }));
    expect(answer.status).toBe(200);
    expect(answer.json.ticket).toEqual(expect.any(String));
  });

  it('serves with `config.api.bodyParser = false` (reads the stream itself)', async () => {
    const route = toNodeHandler(testHandler(emulator));
    const base = await listen(createServer(nextApiRoute(route, { bodyParser: false })));
    const answer = await post(base, JSON.stringify({ worksId: 'dash-sales-0001' }));
    expect(answer.status).toBe(200);
  });

  it('checks a parsed body exactly as a raw one: schema, media type, size', async () => {
    const route = toNodeHandler(testHandler(emulator, { maxBodyBytes: 200 }));
    const parsed = await listen(createServer(nextApiRoute(route)));
    const raw = await listen(createServer(nextApiRoute(route, { bodyParser: false })));
    const before = creates();
    for (const [body, headers, status, code] of [
      [JSON.stringify({ worksId: 'dash-sales-0001', watermark: 'x' }), {}, 400, 'BAD_REQUEST'],
      ['{"worksId":"dash-sales-0001"}', { 'content-type': 'text/plain' }, 415, undefined],
      [JSON.stringify({ worksId: 'x'.repeat(300) }), {}, 413, 'PAYLOAD_TOO_LARGE'],
    ] as const) {
      for (const base of [parsed, raw]) {
        const answer = await post(base, body, headers);
        expect(answer.status).toBe(status);
        if (code) expect(answer.json.error?.code).toBe(code);
      }
    }
    expect(creates()).toBe(before);
  });

  it('a stream read with no req.body left answers 500 naming the fix, logs it once, calls nothing', async () => {
    const log = logger();
    const route = toNodeHandler(testHandler(emulator), { logger: log });
    const base = await listen(createServer(drainingFirst(route)));
    const before = creates();
    const answers = [
      await post(base, JSON.stringify({ worksId: 'dash-sales-0001' })),
      await post(base, JSON.stringify({ worksId: 'dash-sales-0001' })),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(500);
      expect(answer.json.error?.code).toBe('NOT_CONFIGURED');
      expect(answer.json.error?.message).toContain(
        'export const config = { api: { bodyParser: false } }',
      );
    }
    expect(log.lines).toEqual([
      {
        message: 'quickbi.node.body_already_read',
        fields: { message: expect.stringContaining('bodyParser: false') },
      },
    ]);
    expect(creates()).toBe(before);
  });

  it('a stream read in part (first chunk taken, then paused) answers the same, at once', async () => {
    const route = toNodeHandler(testHandler(emulator), { logger: false });
    const base = await listen(
      createServer((req, res) => {
        req.once('data', () => {
          req.pause();
          void route(req, res);
        });
      }),
    );
    const answer = await post(base, JSON.stringify({ worksId: 'dash-sales-0001' }));
    expect(answer.status).toBe(500);
    expect(answer.json.error?.code).toBe('NOT_CONFIGURED');
  });

  it('Express: a body read by an earlier middleware with no req.body never hangs either', async () => {
    const log = logger();
    const app = express();
    app.use((req, _res, next) => {
      req.on('end', () => next());
      req.resume();
    });
    app.use(expressMiddleware(testHandler(emulator), { logger: log }));
    const base = await listen(createServer(app));
    const answer = await post(base, JSON.stringify({ worksId: 'dash-sales-0001' }));
    expect(answer.status).toBe(500);
    expect(answer.json.error?.code).toBe('NOT_CONFIGURED');
    expect(log.lines).toHaveLength(1);
  });
});

describe('the adapters log through the handler’s own logger', () => {
  /** A handler logger (message + fields, per level). */
  function handlerLogger() {
    const lines: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
    const at = (level: string) => (message: string, fields?: Record<string, unknown>) =>
      lines.push({ level, message, ...(fields ? { fields } : {}) });
    return { lines, info: at('info'), warn: at('warn'), error: at('error') };
  }
  const bodyLines = (lines: { fields?: Record<string, unknown> }[]) =>
    lines.filter((line) => line.fields?.['event'] === 'quickbi.node.body_already_read');

  it('toNodeHandler and expressMiddleware with no logger of their own: the handler’s gets the line', async () => {
    const log = handlerLogger();
    const handler = testHandler(emulator, { logger: log });
    const node = await listen(createServer(drainingFirst(toNodeHandler(handler))));
    const app = express();
    app.use((req, _res, next) => {
      req.on('end', () => next());
      req.resume();
    });
    app.use(expressMiddleware(handler));
    const viaExpress = await listen(createServer(app));
    for (const base of [node, viaExpress]) {
      const answer = await post(base, JSON.stringify({ worksId: 'dash-sales-0001' }));
      expect(answer.status).toBe(500);
      expect(answer.json.error?.code).toBe('NOT_CONFIGURED');
    }
    // One line per adapter, the handler's shape: the sentence, then the event and code.
    expect(bodyLines(log.lines)).toEqual([
      {
        level: 'error',
        message: expect.stringContaining('bodyParser: false'),
        fields: { event: 'quickbi.node.body_already_read', code: 'NOT_CONFIGURED' },
      },
      {
        level: 'error',
        message: expect.stringContaining('bodyParser: false'),
        fields: { event: 'quickbi.node.body_already_read', code: 'NOT_CONFIGURED' },
      },
    ]);
  });

  it('the handler’s `logger: false` silences the adapter too', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const route = toNodeHandler(testHandler(emulator, { logger: false }));
      const base = await listen(createServer(drainingFirst(route)));
      expect((await post(base, JSON.stringify({ worksId: 'dash-sales-0001' }))).status).toBe(500);
      expect(errors).not.toHaveBeenCalled();
    } finally {
      errors.mockRestore();
    }
  });

  it('the adapter’s own `logger` still works (deprecated), and the handler’s logger says so once', async () => {
    const log = handlerLogger();
    const own = logger();
    const route = toNodeHandler(testHandler(emulator, { logger: log }), { logger: own });
    const base = await listen(createServer(drainingFirst(route)));
    expect((await post(base, JSON.stringify({ worksId: 'dash-sales-0001' }))).status).toBe(500);
    expect(own.lines).toHaveLength(1);
    expect(bodyLines(log.lines)).toEqual([]);
    expect(log.lines).toEqual([
      {
        level: 'warn',
        message: expect.stringContaining('pass logger to createQuickBIHandler'),
        fields: { event: 'quickbi.adapter.logger_deprecated' },
      },
    ]);
  });
});

/** Next.js's check on getServerSideProps props (isSerializableProps): no undefined, data only. */
function undefinedPaths(value: unknown, path = 'props'): string[] {
  if (value === undefined) return [path];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, item]) => undefinedPaths(item, `${path}.${key}`));
}

describe('Next.js Pages Router: getServerSideProps prefetch', () => {
  it('prefetch(handler, context.req, …) answers serializable props with the session’s credential', async () => {
    const handler = testHandler(emulator);
    let props: unknown;
    // The page's server render: Next hands getServerSideProps the node IncomingMessage.
    const page = await listen(
      createServer(async (req, res) => {
        props = { credential: await prefetch(handler, req, { worksId: 'dash-sales-0001' }) };
        res.end('<html></html>');
      }),
    );
    await fetch(page + '/reports/sales', { headers: { 'x-test-user': 'bob' } });
    expect(undefinedPaths(props)).toEqual([]);
    const credential = (props as { credential: Record<string, unknown> }).credential;
    expect(credential).toMatchObject({ kind: 'ticket', ticket: expect.any(String) });
    expect(credential.reportUrl).toEqual(expect.stringContaining(String(credential.ticket)));
    // The browser's first load uses it through the same handler: it is bob's.
    const api = await listen(createServer(toNodeHandler(handler)));
    const info = await fetch(api + '/api/quickbi/ticket/info', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-test-user': 'bob' },
      body: JSON.stringify({ ticket: credential.ticket }),
    });
    expect(info.status).toBe(200);
  });

  it('refuses a request without a session as the handler does (no credential)', async () => {
    const handler = testHandler(emulator);
    let failure: unknown;
    const page = await listen(
      createServer(async (req, res) => {
        failure = await prefetch(handler, req, { worksId: 'dash-sales-0001' }).catch((e) => e);
        res.end();
      }),
    );
    await fetch(page + '/reports/sales');
    expect(failure).toMatchObject({ code: 'UNAUTHORIZED' });
  });
});
