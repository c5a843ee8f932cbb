/// <reference types="node" />
// Node types only for this test: the loopback server. Core sources stay free of them.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTRACT_VERSION_HEADER, type TicketCredential } from '../contract.js';
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
      res.statusCode = 502;
      res.end('<html>bad gateway</html>');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/quickbi`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

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

  it('maps an error body to a QuickBIEmbedError with code, status and request id', async () => {
    const error = await createHttpAdapter({ baseUrl: base })
      .renewTicket({ ticket: 't-1' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QuickBIEmbedError);
    expect(error).toMatchObject({ code: 'TICKET_EXHAUSTED', status: 409, requestId: 'R1' });
  });

  it('maps a non-JSON failure to a typed error', async () => {
    const error = await createHttpAdapter({ baseUrl: base })
      .queryTicketInfo({ ticket: 't-1' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'QuickBIEmbedError', code: 'INTERNAL', status: 502 });
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
