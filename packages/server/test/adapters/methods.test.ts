import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import express from 'express';
import { afterAll, describe, expect, it } from 'vitest';
import { expressMiddleware } from '@quickbi-embed/server/express';
import { toNodeHandler } from '@quickbi-embed/server/node';
import { closeServer, listenOnLoopback, setupEmulator, testHandler } from '../support/harness.js';
import { nextApiRoute } from './nextApiRoute.js';
import { sendRaw } from './support.js';

const emulator = setupEmulator();
const servers: Server[] = [];
afterAll(() => Promise.all(servers.map(closeServer)));

function listen(server: Server): Promise<string> {
  servers.push(server);
  return listenOnLoopback(server);
}

type Listener = (req: IncomingMessage, res: ServerResponse) => unknown;

/**
 * node:http's parser refuses TRACK (400) and hands CONNECT to the `'connect'` event, so they never
 * reach a request listener over node:http; hosts with their own parser or IncomingMessage may pass
 * them on. This server delivers the method named in `x-method` to the listener, as such a host
 * would.
 */
function deliveringAnyMethod(listener: Listener): Server {
  return createServer((req, res) => {
    const method = req.headers['x-method'];
    if (typeof method === 'string') req.method = method;
    void listener(req, res);
  });
}

const head = (method: string, extra = '') =>
  `${method} /api/quickbi/ticket HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n${extra}\r\n`;

function expect405(answer: { status: number; text: string }) {
  expect(answer.status).toBe(405);
  expect(answer.text).toMatch(/\r\nallow: POST, OPTIONS\r\n/i);
  expect(answer.text).toContain('"code":"METHOD_NOT_ALLOWED"');
}

describe('methods a Web Request cannot carry answer 405', () => {
  const mounts: Record<string, () => Listener> = {
    toNodeHandler: () => toNodeHandler(testHandler(emulator)),
    'toNodeHandler, any fetch handler': () =>
      toNodeHandler(async (request: Request) => new Response(request.method)),
    'Next.js Pages Router API route': () => nextApiRoute(toNodeHandler(testHandler(emulator))),
    expressMiddleware: () => {
      const app = express();
      app.use(express.json());
      app.use(expressMiddleware(testHandler(emulator)));
      return app;
    },
  };

  it.each(Object.keys(mounts))('TRACE over node:http, %s', async (name) => {
    const base = await listen(createServer(mounts[name]!()));
    expect405(await sendRaw(base, head('TRACE')));
  });

  it.each(
    Object.keys(mounts).flatMap((name) => [
      [name, 'TRACK'],
      [name, 'CONNECT'],
      [name, 'trace'],
    ]),
  )('%s, %s delivered by the host', async (name, method) => {
    const base = await listen(deliveringAnyMethod(mounts[name]!()));
    expect405(await sendRaw(base, head('POST', `x-method: ${method}\r\nContent-Length: 0\r\n`)));
  });

  it('the server stays up and answers the next request', async () => {
    const base = await listen(createServer(toNodeHandler(testHandler(emulator))));
    expect405(await sendRaw(base, head('TRACE')));
    const after = await sendRaw(base, head('GET'));
    expect(after.status).toBe(405);
    expect(after.text).toContain('"code":"METHOD_NOT_ALLOWED"');
  });
});
