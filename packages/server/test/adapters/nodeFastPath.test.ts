import { createServer, request as httpRequest } from 'node:http';
import type { Server } from 'node:http';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { toNodeHandler } from '@quickbi-embed/server/node';
import type { AuthorizeArgs } from '@quickbi-embed/server';
import {
  closeServer,
  listenOnLoopback,
  sessionAuthorize,
  setupEmulator,
  testHandler,
} from '../support/harness.js';
import { send } from './support.js';

const emulator = setupEmulator();
const servers: Server[] = [];
afterAll(() => Promise.all(servers.map(closeServer)));

function listen(server: Server): Promise<string> {
  servers.push(server);
  return listenOnLoopback(server);
}

const TICKET_BODY = JSON.stringify({ worksId: 'dash-sales-0001' });
const RAW_HEADERS = {
  'content-type': 'application/json',
  'x-quickbi-embed-contract': '1',
  'content-length': String(Buffer.byteLength(TICKET_BODY)),
  'x-test-user': 'bob',
};

/** Counts `new Request / Response / Headers` made through the globals while installed. */
function countWebObjects() {
  const counts = { Request: 0, Response: 0, Headers: 0 };
  const originals = {
    Request: globalThis.Request,
    Response: globalThis.Response,
    Headers: globalThis.Headers,
  };
  for (const name of ['Request', 'Response', 'Headers'] as const) {
    const Original = originals[name] as unknown as new (...args: unknown[]) => object;
    (globalThis as Record<string, unknown>)[name] = class extends Original {
      constructor(...args: unknown[]) {
        super(...args);
        counts[name]++;
      }
    };
  }
  return {
    counts,
    restore: () => Object.assign(globalThis, originals),
  };
}

describe('toNodeHandler fast path', () => {
  let restore: (() => void) | undefined;
  afterEach(() => restore?.());

  it('answers a cache hit without building a Web Request, Response or Headers', async () => {
    const base = await listen(createServer(toNodeHandler(testHandler(emulator))));
    const first = await send(base, '/api/quickbi/ticket', {
      body: TICKET_BODY,
      headers: { 'x-test-user': 'bob' },
    });
    expect(first.status).toBe(200);
    const counting = countWebObjects();
    restore = counting.restore;
    const hit = await send(base, '/api/quickbi/ticket', {
      body: TICKET_BODY,
      headers: { 'x-test-user': 'bob' },
    });
    counting.restore();
    expect(hit.status).toBe(200);
    expect(JSON.parse(hit.text).ticket).toBe(JSON.parse(first.text).ticket);
    expect(counting.counts).toEqual({ Request: 0, Response: 0, Headers: 0 });
    // Written straight to the socket with its length, and the handler's headers as they were.
    expect(hit.headers['content-length']).toBe(String(Buffer.byteLength(hit.text)));
    expect(hit.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(hit.headers['cache-control']).toBe('no-store');
    expect(hit.headers['x-quickbi-embed-contract']).toBe('1');
  });

  it('routes a path as a URL parse reads it: dot segments and escapes are not plain paths', async () => {
    const base = await listen(createServer(toNodeHandler(testHandler(emulator))));
    const raw = (path: string) =>
      new Promise<number>((resolve, reject) => {
        const { hostname, port } = new URL(base);
        const req = httpRequest(
          { hostname, port, path, method: 'POST', agent: false, headers: RAW_HEADERS },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.once('error', reject);
        req.end(TICKET_BODY);
      });
    expect(await raw('/api/quickbi/ticket?x=1')).toBe(200);
    expect(await raw('/api/quickbi/x/../ticket')).toBe(200);
    expect(await raw('/api/quickbi/./ticket')).toBe(200);
    expect(await raw('/api/quickbi/%74icket')).toBe(404);
    expect(await raw('/api/quickbi/ticket#x')).toBe(200);
  });

  it('gives authorize a request that reads like the fetch handler’s', async () => {
    const seen: Record<string, unknown>[] = [];
    const record = async (args: AuthorizeArgs) => {
      const { request } = args;
      seen.push({
        isRequest: request instanceof Request,
        method: request.method,
        url: request.url,
        user: request.headers.get('X-Test-User'),
        cookie: request.headers.get('cookie'),
        accept: request.headers.get('accept'),
        missing: request.headers.get('x-none'),
        hasUser: request.headers.has('x-test-user'),
        headers: [...request.headers].filter(([name]) => name.startsWith('x-')),
        signal: request.signal instanceof AbortSignal && !request.signal.aborted,
        body: request.bodyUsed ? 'used' : await request.clone().text(),
      });
      return sessionAuthorize(args);
    };
    const handler = testHandler(emulator, { authorize: record });
    const base = await listen(createServer(toNodeHandler(handler)));
    const headers = { 'x-test-user': 'bob', cookie: 'a=1; b=2', accept: 'application/json' };
    const viaNode = await send(base, '/api/quickbi/token?x=1', {
      body: TICKET_BODY,
      headers,
    });
    expect(viaNode.status).toBe(200);
    const viaFetch = await handler(
      new Request(base + '/api/quickbi/token?x=1', {
        method: 'POST',
        headers: {
          ...headers,
          'content-type': 'application/json',
          'x-quickbi-embed-contract': '1',
        },
        body: TICKET_BODY,
      }),
    );
    expect(viaFetch.status).toBe(200);
    expect(seen).toHaveLength(2);
    // The fetch handler's stream was read by the handler before authorize: its body is gone.
    expect({ ...seen[0], body: undefined }).toEqual({ ...seen[1], body: undefined });
    expect(seen[0]).toMatchObject({
      isRequest: true,
      method: 'POST',
      url: base + '/api/quickbi/token?x=1',
      user: 'bob',
      cookie: 'a=1; b=2',
      missing: null,
      body: TICKET_BODY,
    });
  });

  it('a configured origin is the URL and Host authorize and the same-origin check see', async () => {
    const seen: { url: string; host: string | null }[] = [];
    const handler = testHandler(emulator, {
      authorize: (args) => {
        seen.push({ url: args.request.url, host: args.request.headers.get('host') });
        return sessionAuthorize(args);
      },
    });
    const base = await listen(
      createServer(toNodeHandler(handler, { origin: 'https://app.example.test' })),
    );
    const answer = await send(base, '/api/quickbi/ticket', {
      body: TICKET_BODY,
      headers: { 'x-test-user': 'bob', origin: 'https://app.example.test' },
    });
    expect(answer.status).toBe(200);
    expect(answer.headers['access-control-allow-origin']).toBe('https://app.example.test');
    expect(seen).toEqual([
      { url: 'https://app.example.test/api/quickbi/ticket', host: 'app.example.test' },
    ]);
    const foreign = await send(base, '/api/quickbi/ticket', {
      body: TICKET_BODY,
      headers: { 'x-test-user': 'bob', origin: base },
    });
    expect(foreign.status).toBe(403);
  });

  it('aborts request.signal when the client goes away', async () => {
    let aborted: Promise<boolean> | undefined;
    const handler = testHandler(emulator, {
      authorize: ({ request }) => {
        aborted = new Promise((resolve) =>
          request.signal.addEventListener('abort', () => resolve(true)),
        );
        return new Promise(() => undefined);
      },
    });
    const base = await listen(createServer(toNodeHandler(handler)));
    const controller = new AbortController();
    const pending = fetch(base + '/api/quickbi/ticket', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: TICKET_BODY,
      signal: controller.signal,
    }).catch(() => 'gone');
    while (!aborted) await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    expect(await pending).toBe('gone');
    expect(await aborted).toBe(true);
  });
});

describe('the fetch handler keeps its shape', () => {
  it('answers real Responses: instanceof, status, headers, json, clone', async () => {
    const handler = testHandler(emulator);
    const response = await handler(
      new Request('http://127.0.0.1/api/quickbi/ticket', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-test-user': 'bob' },
        body: TICKET_BODY,
      }),
    );
    expect(response).toBeInstanceOf(Response);
    expect(response.status).toBe(200);
    expect(response.ok).toBe(true);
    expect(response.statusText).toBe('');
    expect(response.headers).toBeInstanceOf(Headers);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('vary')).toBe('Origin');
    const copy = response.clone();
    expect(copy).toBeInstanceOf(Response);
    const body = (await response.json()) as { kind: string; ticket: string };
    expect(body.kind).toBe('ticket');
    expect(response.bodyUsed).toBe(true);
    expect(await copy.text()).toBe(JSON.stringify(body));
    // A Response built from it (as frameworks do) carries the same answer.
    const rebuilt = new Response(
      (await handler(new Request('http://127.0.0.1/api/quickbi/ticket', { method: 'GET' }))).body,
      { status: 405 },
    );
    expect(((await rebuilt.json()) as { error: { code: string } }).error.code).toBe(
      'METHOD_NOT_ALLOWED',
    );
  });
});
