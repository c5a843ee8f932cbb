import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { incomingMessageToRequest } from './incomingMessageToRequest.js';
import { writeResponse } from './writeResponse.js';

let close: (() => void) | undefined;
afterEach(() => close?.());

async function serve(listener: (req: IncomingMessage, res: ServerResponse) => void) {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  close = () => {
    server.closeAllConnections();
    server.close();
  };
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('incomingMessageToRequest', () => {
  it('carries method, URL, headers and the streamed body', async () => {
    let seen:
      | { method: string; url: string; header: string | null; cookies: string | null; body: string }
      | undefined;
    const base = await serve(async (req, res) => {
      const request = incomingMessageToRequest(req);
      seen = {
        method: request.method,
        url: request.url,
        header: request.headers.get('x-custom'),
        cookies: request.headers.get('cookie'),
        body: await request.text(),
      };
      res.end();
    });
    await fetch(base + '/api/quickbi/ticket?x=1', {
      method: 'POST',
      headers: { 'x-custom': 'yes', cookie: 'a=1; b=2' },
      body: '{"worksId":"dash"}',
    });
    expect(seen).toEqual({
      method: 'POST',
      url: base + '/api/quickbi/ticket?x=1',
      header: 'yes',
      cookies: 'a=1; b=2',
      body: '{"worksId":"dash"}',
    });
  });

  it('uses a configured origin and path, and re-serialises a parsed body', async () => {
    let seen: { url: string; body: string } | undefined;
    const base = await serve(async (req, res) => {
      const request = incomingMessageToRequest(req, {
        origin: 'https://app.example.test',
        path: '/mounted/ticket',
        parsedBody: { worksId: 'w' },
      });
      seen = { url: request.url, body: await request.text() };
      res.end();
    });
    await fetch(base + '/ticket', { method: 'POST', body: 'ignored' });
    expect(seen).toEqual({
      url: 'https://app.example.test/mounted/ticket',
      body: '{"worksId":"w"}',
    });
  });
});

describe('writeResponse', () => {
  it('writes status, headers, several cookies and the body', async () => {
    const base = await serve((_req, res) => {
      const headers = new Headers({ 'content-type': 'application/json', 'x-one': '1' });
      headers.append('set-cookie', 'a=1');
      headers.append('set-cookie', 'b=2');
      void writeResponse(new Response('{"ok":true}', { status: 201, headers }), res);
    });
    const response = await fetch(base);
    expect(response.status).toBe(201);
    expect(response.headers.get('x-one')).toBe('1');
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(await response.json()).toEqual({ ok: true });
  });

  it('closes the connection when the request body was left unread', async () => {
    const base = await serve(
      (_req, res) => void writeResponse(new Response('{}', { status: 413 }), res),
    );
    const big = 'x'.repeat(1 << 20);
    for (let i = 0; i < 3; i++) {
      const response = await fetch(base, { method: 'POST', body: big });
      expect(response.status).toBe(413);
      expect(response.headers.get('connection')).toBe('close');
      await response.text();
    }
  });

  it('ends bodiless answers', async () => {
    const base = await serve(
      (_req, res) => void writeResponse(new Response(null, { status: 204 }), res),
    );
    const response = await fetch(base);
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
  });
});
