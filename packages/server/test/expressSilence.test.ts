// Issue 11, item 7: `expressMiddleware` in front of an app's own pages used to build a Request for
// every page and asset and emit a `request.refused` 404 event for each; it now passes them on
// untouched (bodies included) and emits nothing.
import { createServer } from 'node:http';
import express from 'express';
import { expect, it } from 'vitest';
import type { QuickBIHandlerEvent } from '@quickbi-embed/server';
import { expressMiddleware } from '@quickbi-embed/server/express';
import {
  call,
  closeServer,
  listenOnLoopback,
  setupEmulator,
  testHandler,
} from './support/harness.js';

const emulator = setupEmulator();

it('passes pages, assets and other POSTs on without an event; its own routes still answer', async () => {
  const events: QuickBIHandlerEvent[] = [];
  const handler = testHandler(emulator, { onEvent: (event) => events.push(event) });
  const app = express();
  app.use(expressMiddleware(handler));
  app.get('/', (_req, res) => void res.send('home'));
  app.get('/assets/app.js', (_req, res) => void res.type('js').send('1'));
  // A route after the middleware still gets its request body.
  app.post('/api/other', express.json(), (req, res) => void res.json({ got: req.body as unknown }));
  const server = createServer(app);
  const base = await listenOnLoopback(server);
  try {
    expect(await (await fetch(base + '/')).text()).toBe('home');
    expect(await (await fetch(base + '/assets/app.js')).text()).toBe('1');
    const other = await fetch(base + '/api/other', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"a":1}',
    });
    expect(await other.json()).toEqual({ got: { a: 1 } });
    expect((await fetch(base + '/missing')).status).toBe(404);
    expect(events).toEqual([]);

    const ticket = await call(
      base,
      '/api/quickbi/ticket',
      { worksId: 'dash-sales-0001' },
      { user: 'bob' },
    );
    expect(ticket.status).toBe(200);
    // Inside its base path an unknown route is still the handler's to refuse (and report).
    const unknown = await call(base, '/api/quickbi/nope', {}, { user: 'bob' });
    expect(unknown.json.error.code).toBe('NOT_FOUND');
    expect(events.filter((e) => e.type === 'request.refused')).toHaveLength(1);
  } finally {
    await closeServer(server);
  }
});
