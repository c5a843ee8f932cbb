import { createServer } from 'node:http';
import type { Server } from 'node:http';
import express from 'express';
import { afterAll, describe, expect, it } from 'vitest';
import { createFetchHandler } from '@quickbi-embed/server';
import { expressMiddleware } from '@quickbi-embed/server/express';
import { createNextRouteHandlers } from '@quickbi-embed/server/next';
import { toNodeHandler } from '@quickbi-embed/server/node';
import {
  call,
  closeServer,
  listenOnLoopback,
  setupEmulator,
  testHandler,
} from './support/harness.js';

const emulator = setupEmulator();
const servers: Server[] = [];
afterAll(() => Promise.all(servers.map(closeServer)));

function handler() {
  return testHandler(emulator);
}

function listen(server: Server): Promise<string> {
  servers.push(server);
  return listenOnLoopback(server);
}

describe('node:http adapter', () => {
  it('serves every route over a real server', async () => {
    const base = await listen(createServer(toNodeHandler(handler())));
    const ticket = await call(
      base,
      '/api/quickbi/ticket',
      { worksId: 'dash-sales-0001' },
      { user: 'bob' },
    );
    expect(ticket.status).toBe(200);
    expect(ticket.headers.get('cache-control')).toBe('no-store');
    const info = await call(
      base,
      '/api/quickbi/ticket/info',
      { ticket: ticket.json.ticket },
      { user: 'bob' },
    );
    expect(info.status).toBe(200);
    const renew = await call(
      base,
      '/api/quickbi/ticket/renew',
      { ticket: ticket.json.ticket },
      { user: 'bob' },
    );
    expect(renew.json.ticket).toBe(ticket.json.ticket);
    const token = await call(
      base,
      '/api/quickbi/token',
      { worksId: 'dash-sales-0001' },
      { user: 'bob' },
    );
    expect(token.json.kind).toBe('token');
  });
});

describe('toNodeHandler with any fetch handler', () => {
  it('streams the body to handlers other than ours', async () => {
    const echo = async (request: Request) =>
      new Response(`${request.method} ${await request.text()}`);
    const base = await listen(createServer(toNodeHandler(echo)));
    const response = await fetch(base + '/x', { method: 'POST', body: 'hello body' });
    expect(await response.text()).toBe('POST hello body');
  });
});

describe('Express middleware', () => {
  it('answers its routes and passes everything else on', async () => {
    const app = express();
    app.use(expressMiddleware(handler()));
    app.get('/health', (_req, res) => void res.send('ok'));
    const base = await listen(createServer(app));
    const ticket = await call(
      base,
      '/api/quickbi/ticket',
      { worksId: 'dash-sales-0001' },
      { user: 'bob' },
    );
    expect(ticket.status).toBe(200);
    expect(ticket.json.reportUrl).toContain('accessTicket=');
    expect(await (await fetch(base + '/health')).text()).toBe('ok');
    const refused = await call(
      base,
      '/api/quickbi/ticket',
      { worksId: 'dash-sales-0001', userId: 'x' },
      { user: 'bob' },
    );
    expect(refused.status).toBe(400);
  });

  it('works behind express.json() and under a mount path', async () => {
    const app = express();
    app.use(express.json());
    app.use('/api/quickbi', expressMiddleware(handler()));
    const base = await listen(createServer(app));
    const ticket = await call(
      base,
      '/api/quickbi/ticket',
      { worksId: 'dash-sales-0001' },
      { user: 'bob' },
    );
    expect(ticket.status).toBe(200);
    const refused = await call(
      base,
      '/api/quickbi/ticket',
      { worksId: 'dash-sales-0001', watermark: 'x' },
      { user: 'bob' },
    );
    expect(refused.json.error.code).toBe('BAD_REQUEST');
  });
});

describe('Next.js route handlers and fetch export', () => {
  it('route handlers and the fetch export are the same fetch handler', async () => {
    const { POST, OPTIONS, GET } = createNextRouteHandlers(handler());
    const request = (method: string, body?: unknown) =>
      new Request('http://127.0.0.1:3000/api/quickbi/ticket', {
        method,
        headers: {
          'content-type': 'application/json',
          'x-test-user': 'bob',
          origin: 'http://127.0.0.1:3000',
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    expect((await POST(request('POST', { worksId: 'dash-sales-0001' }))).status).toBe(200);
    expect((await OPTIONS(request('OPTIONS'))).status).toBe(204);
    expect((await GET(request('GET'))).status).toBe(405);
    const { fetch: fetchHandler } = createFetchHandler(handler());
    const answer = await fetchHandler(request('POST', { worksId: 'dash-sales-0001' }));
    expect(((await answer.json()) as { kind: string }).kind).toBe('ticket');
  });
});
