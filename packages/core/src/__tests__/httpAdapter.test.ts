/// <reference types="node" />
// Node types only for this test: the loopback server. Core sources stay free of them.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  CONTRACT_ROUTES,
  CONTRACT_VERSION,
  CONTRACT_VERSION_HEADER,
  type TicketCredential,
} from '../contract.js';
import { errorKind } from '../errorKind.js';
import { QuickBIEmbedError } from '../errors.js';
import { createHttpAdapter } from '../httpAdapter.js';

interface Seen {
  url: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

const ticket: TicketCredential = {
  kind: 'ticket',
  ticket: 't-1',
  worksId: 'dash-sales-0001',
  worksType: 'dashboard',
  reportUrl:
    'http://127.0.0.1/token3rd/dashboard/view/pc.htm?pageId=dash-sales-0001&accessTicket=t-1',
  expiresAt: 2,
  serverNow: 1,
  maxUses: 3,
  usedUses: 0,
  watermark: null,
  globalParam: null,
};

let server: Server;
let base: string;
const seen: Seen[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      seen.push({ url: req.url ?? '', headers: req.headers, body: JSON.parse(raw) });
      if (req.url?.endsWith('/hang/ticket')) return; // never answers
      if (req.url?.endsWith('/spa/ticket')) {
        res.setHeader('content-type', 'text/html');
        return res.end('<!doctype html><div id="root"></div>');
      }
      res.setHeader('content-type', 'application/json');
      if (req.url?.endsWith('/ticket')) return res.end(JSON.stringify(ticket));
      if (req.url?.endsWith('/ticket/renew')) {
        res.statusCode = 409;
        return res.end(
          JSON.stringify({
            error: { code: 'TICKET_EXHAUSTED', message: 'no uses', requestId: 'R1' },
          }),
        );
      }
      if (req.url?.endsWith('/token')) {
        res.statusCode = 404;
        res.setHeader('content-type', 'text/html');
        return res.end('<!doctype html><title>Not found</title>');
      }
      res.statusCode = 502;
      res.end('<html>bad gateway</html>');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/quickbi`;
});
afterAll(
  () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
);

describe('createHttpAdapter', () => {
  it('posts the request with the contract header and returns the credential', async () => {
    const adapter = createHttpAdapter({ baseUrl: base + '/', headers: { 'x-csrf': 'abc' } });
    const result = await adapter.createTicket({ worksId: 'dash-sales-0001', cmptId: 'c1' });
    expect(result).toEqual(ticket);
    const last = seen.at(-1)!;
    expect(last.url).toBe('/api/quickbi/ticket');
    expect(last.headers[CONTRACT_VERSION_HEADER]).toBe('1');
    expect(last.headers['x-csrf']).toBe('abc');
    expect(last.body).toEqual({ worksId: 'dash-sales-0001', cmptId: 'c1' });
  });

  it('calls each method at the contract route with the contract version (the server’s table)', async () => {
    // The adapter writes its paths and version as literals (a bundler ships them inline): this
    // holds them to the contract the server routes by.
    const adapter = createHttpAdapter({ baseUrl: base });
    const methods = {
      token: adapter.createEmbedToken,
      ticket: adapter.createTicket,
      ticketRenew: adapter.renewTicket,
      ticketInfo: adapter.queryTicketInfo,
      copilotTicket: adapter.createCopilotTicket!,
    };
    for (const [route, path] of Object.entries(CONTRACT_ROUTES)) {
      await (methods[route as keyof typeof methods] as (b: object) => Promise<unknown>)({
        worksId: 'w',
      }).catch(() => {});
      expect(seen.at(-1)!.url).toBe(`/api/quickbi${path}`);
      expect(seen.at(-1)!.headers[CONTRACT_VERSION_HEADER]).toBe(String(CONTRACT_VERSION));
    }
  });

  it('maps an error body to a QuickBIEmbedError with code, status and request id', async () => {
    const error = await createHttpAdapter({ baseUrl: base })
      .renewTicket({ ticket: 't-1' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QuickBIEmbedError);
    expect(error).toMatchObject({ code: 'TICKET_EXHAUSTED', status: 409, requestId: 'R1' });
  });

  it('maps a proxy’s 502 without our error body to a retryable NETWORK_ERROR', async () => {
    const error = await createHttpAdapter({ baseUrl: base })
      .queryTicketInfo({ ticket: 't-1' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'QuickBIEmbedError', code: 'NETWORK_ERROR', status: 502 });
    expect((error as QuickBIEmbedError).isClientError).toBe(false);
    expect(errorKind(error as QuickBIEmbedError)).toBe('network');
  });

  it('names an HTML 404 (a wrong baseUrl) as the embed server misconfigured, naming baseUrl', async () => {
    const error = (await createHttpAdapter({ baseUrl: base })
      .createEmbedToken({ worksId: 'x' })
      .catch((e: unknown) => e)) as QuickBIEmbedError;
    expect(error).toMatchObject({ code: 'NOT_FOUND', status: 404 });
    expect(errorKind(error)).toBe('misconfigured');
    expect(error.message).toContain('text/html');
    expect(error.message).toContain(`baseUrl "${base}"`);
  });

  it('names a 200 HTML page (an SPA fallback) as misconfigured, not as a credential', async () => {
    const error = (await createHttpAdapter({ baseUrl: `${base}/spa` })
      .createTicket({ worksId: 'x' })
      .catch((e: unknown) => e)) as QuickBIEmbedError;
    expect(error).toBeInstanceOf(QuickBIEmbedError);
    expect(errorKind(error)).toBe('misconfigured');
  });

  it('gives up a hung call after the timeout (30 s by default) as a retryable NETWORK_ERROR', async () => {
    let pending: { callback: () => void; ms: number } | undefined;
    const timers = {
      setTimeout: (callback: () => void, ms: number) => (pending = { callback, ms }),
      clearTimeout: vi.fn(),
    };
    const call = createHttpAdapter({ baseUrl: `${base}/hang`, timers })
      .createTicket({ worksId: 'x' })
      .catch((e: unknown) => e);
    await vi.waitFor(() => expect(seen.at(-1)?.url).toBe('/api/quickbi/hang/ticket'));
    expect(pending?.ms).toBe(30_000);
    pending!.callback();
    const error = (await call) as QuickBIEmbedError;
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', status: 0 });
    expect(error.message).toContain('within 30000 ms');
    expect(error.isClientError).toBe(false);
    expect(errorKind(error)).toBe('network');
  });

  it('clears its timer once answered', async () => {
    const clearTimeout = vi.fn();
    const timers = { setTimeout: () => 'handle', clearTimeout };
    await createHttpAdapter({ baseUrl: base, timers, timeout: 5000 }).createTicket({
      worksId: 'x',
    });
    expect(clearTimeout).toHaveBeenCalledWith('handle');
  });

  it('maps an unreachable server to NETWORK_ERROR', async () => {
    const error = await createHttpAdapter({ baseUrl: 'http://127.0.0.1:1/api' })
      .createEmbedToken({ worksId: 'x' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', status: 0 });
  });

  it('lets an abort through as an abort', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await createHttpAdapter({ baseUrl: base })
      .createTicket({ worksId: 'x' }, { signal: controller.signal })
      .catch((e: unknown) => e);
    expect(error).toHaveProperty('name', 'AbortError');
  });
});
