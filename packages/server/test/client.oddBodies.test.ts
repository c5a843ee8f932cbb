/**
 * Issue 20, item 4: every odd upstream answer is a QuickBIApiError with the action and the raw
 * code, never a raw SyntaxError/TypeError. A loopback HTTP server plays a misbehaving Quick BI (or
 * the gateway in front of it): each test queues the exact status, headers and body it answers.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QuickBIApiError, createQuickBIClient } from '@quickbi-embed/server';
import type { QuickBIClient } from '@quickbi-embed/server';
import { TEST_KEY, closeServer, listenOnLoopback } from './support/harness.js';

interface Canned {
  status: number;
  body: string;
  contentType?: string;
}

let server: Server;
let base = '';
let next: Canned = { status: 200, body: '{}' };
const seen: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req.headers['x-acs-action'] as string);
    req.resume();
    req.on('end', () => {
      res.writeHead(next.status, next.contentType ? { 'content-type': next.contentType } : {});
      res.end(next.body);
    });
  });
  base = await listenOnLoopback(server);
});
afterAll(() => closeServer(server));

function client(): QuickBIClient {
  return createQuickBIClient({ ...TEST_KEY, endpoint: base, retry: false });
}

const success = (result: unknown) =>
  ({
    status: 200,
    contentType: 'application/json',
    body: JSON.stringify({ RequestId: 'REQ-odd-1', Success: true, Result: result }),
  }) satisfies Canned;

async function failure(promise: Promise<unknown>): Promise<QuickBIApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(QuickBIApiError);
  return error as QuickBIApiError;
}

describe('odd Result values from a successful answer', () => {
  const cases: Array<[string, Canned, (c: QuickBIClient) => Promise<unknown>, string]> = [
    [
      'CreateTicket Result ""',
      success(''),
      (c) => c.createTicket({ worksId: 'w' }),
      'CreateTicket',
    ],
    [
      'CreateTicket Result null',
      success(null),
      (c) => c.createTicket({ worksId: 'w' }),
      'CreateTicket',
    ],
    [
      'CreateTicket4Copilot Result {}',
      success({}),
      (c) => c.createCopilotTicket({ copilotId: 'c' }),
      'CreateTicket4Copilot',
    ],
    [
      'QueryTicketInfo Result "x"',
      success('x'),
      (c) => c.queryTicketInfo({ ticket: 't' }),
      'QueryTicketInfo',
    ],
    [
      'GetWorksEmbedList Result null',
      success(null),
      (c) => c.getWorksEmbedList(),
      'GetWorksEmbedList',
    ],
    [
      'GetWorksEmbedList a null row',
      success({ Data: [null] }),
      (c) => c.getWorksEmbedList(),
      'GetWorksEmbedList',
    ],
    [
      'ListPortalMenus Result ""',
      success(''),
      (c) => c.listPortalMenus({ dataPortalId: 'p' }),
      'ListPortalMenus',
    ],
    [
      'ListPortalMenus non-JSON string',
      success('<html>oops'),
      (c) => c.listPortalMenus({ dataPortalId: 'p' }),
      'ListPortalMenus',
    ],
    [
      'ListPortalMenus JSON object string',
      success('{"a":1}'),
      (c) => c.listPortalMenus({ dataPortalId: 'p' }),
      'ListPortalMenus',
    ],
    ['QueryEmbeddedInfo Result []', success([]), (c) => c.queryEmbeddedInfo(), 'QueryEmbeddedInfo'],
    [
      'CreateEmbedToken without AccessToken',
      success({ TokeType: 4 }),
      (c) => c.createEmbedToken({ worksId: 'w' }),
      'CreateEmbedToken',
    ],
  ];
  it.each(cases)('%s', async (_name, canned, run, action) => {
    next = canned;
    const error = await failure(run(client()));
    expect(error.action).toBe(action);
    expect(error.code).toBe('UPSTREAM_ERROR');
    expect(error.requestId).toBe('REQ-odd-1');
    expect(error.message).toContain(action);
  });

  it('never quotes the odd value itself (it may be a ticket)', async () => {
    next = success(['secret-looking-ticket-value']);
    const error = await failure(client().createTicket({ worksId: 'w' }));
    expect(error.message).not.toContain('secret-looking');
    next = success('ticket-abc-123');
    const again = await failure(client().listPortalMenus({ dataPortalId: 'p' }));
    expect(again.message).not.toContain('ticket-abc');
  });
});

describe('odd HTTP answers', () => {
  it('a non-JSON 200 says so, typed, with its content type', async () => {
    next = { status: 200, body: '<html>maintenance</html>', contentType: 'text/html' };
    const error = await failure(client().queryEmbeddedStatus({ worksId: 'w' }));
    expect(error).toMatchObject({
      action: 'QueryEmbeddedStatus',
      status: 200,
      code: 'UPSTREAM_ERROR',
    });
    expect(error.message).toMatch(/non-JSON body \(text\/html\)/);
  });

  it('an empty 431 (an HTTP server refusing a long URL) is REQUEST_TOO_LARGE', async () => {
    next = { status: 431, body: '' };
    const error = await failure(client().createTicket({ worksId: 'w' }));
    expect(error).toMatchObject({ action: 'CreateTicket', status: 431, code: 'REQUEST_TOO_LARGE' });
    expect(error.message).toMatch(/too large/);
  });

  it("a gateway's JSON error for an over-long request keeps the gateway's own code", async () => {
    next = {
      status: 414,
      contentType: 'application/json',
      body: JSON.stringify({
        RequestId: 'REQ-gw-1',
        Code: 'RequestURITooLong',
        Message: 'The request URI is too long.',
      }),
    };
    const error = await failure(client().createTicket({ worksId: 'w' }));
    expect(error).toMatchObject({
      action: 'CreateTicket',
      status: 414,
      code: 'RequestURITooLong',
      requestId: 'REQ-gw-1',
      message: 'The request URI is too long.',
    });
  });

  it('a numeric code (older answers: `code: 400`) is kept as the raw code', async () => {
    next = {
      status: 400,
      contentType: 'application/json',
      body: JSON.stringify({ code: 400, message: "The parameter is invalid:exepct '['" }),
    };
    const error = await failure(client().createTicket({ worksId: 'w' }));
    expect(error).toMatchObject({ code: '400', status: 400, action: 'CreateTicket' });
  });
});
