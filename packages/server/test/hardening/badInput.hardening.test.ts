import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { responsesSeen, setupWithAliceTicket } from '../support/harness.js';
import { writeCapturedLogs } from '../support/capturedLogs.js';
import type { BadInputCase } from '../badInput.corpus.js';
import { extendedBadInputCorpus, hardeningBadInput } from './badInput.hardening.js';

const { emulator, served, aliceTicket } = setupWithAliceTicket();
beforeAll(() => {
  expect(aliceTicket()).toMatch(/^[A-Za-z0-9._-]+$/);
});
afterAll(() => writeCapturedLogs('hardening-bad-input'));

const withTicket = (text: string) =>
  text
    .replaceAll('$ALICE_TICKET_UPPER', aliceTicket().toUpperCase())
    .replaceAll('$ALICE_TICKET', aliceTicket());

async function send(c: BadInputCase) {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-quickbi-embed-contract': '1',
    ...(c.user === null ? {} : { 'x-test-user': c.user ?? 'alice' }),
    ...c.headers,
  };
  const method = c.method ?? 'POST';
  const body = c.rawBody ?? (c.body === undefined ? undefined : JSON.stringify(c.body));
  const response = await fetch(served.url + c.path, {
    method,
    headers,
    ...(method === 'GET' || method === 'HEAD' || body === undefined
      ? {}
      : { body: withTicket(body) }),
  });
  const text = await response.text();
  responsesSeen.push(text);
  return { status: response.status, text };
}

describe('extended bad-input corpus', () => {
  it('has at least 60 cases, each named once', () => {
    expect(extendedBadInputCorpus.length).toBeGreaterThanOrEqual(60);
    const names = extendedBadInputCorpus.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it.each(hardeningBadInput)(
    '$name → $status $code, nothing upstream, no use consumed',
    async (c) => {
      const before = emulator.stats();
      const { status, text } = await send(c);
      expect(status).toBe(c.status);
      expect(JSON.parse(text)).toEqual({ error: { code: c.code, message: expect.any(String) } });
      const after = emulator.stats();
      expect(after.totalCalls).toBe(before.totalCalls);
      expect(after.usesConsumed).toBe(before.usesConsumed);
      expect(after.ticketsCreated).toBe(before.ticketsCreated);
      expect(after.tokensCreated).toBe(before.tokensCreated);
    },
  );

  it('a keep-alive connection survives refusals of bodies it never read', async () => {
    const big = JSON.stringify({ worksId: 'dash-sales-0001', pad: 'x'.repeat(256 * 1024) });
    const post = (body: string) =>
      fetch(served.url + '/api/quickbi/ticket', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-test-user': 'bob' },
        body,
        signal: AbortSignal.timeout(3000),
      });
    // Without `connection: close` on such answers, the third request stalled, then was reset.
    expect((await post(big)).status).toBe(413);
    expect((await post(big)).status).toBe(413);
    const ok = await post(JSON.stringify({ worksId: 'dash-sales-0001' }));
    expect(ok.status).toBe(200);
    responsesSeen.push(await ok.text());
  });

  it('a chunked body with no Content-Length is cut off at the size limit', async () => {
    const before = emulator.stats();
    const url = new URL(served.url + '/api/quickbi/ticket');
    const answer = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = httpRequest(
        url,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-test-user': 'alice' },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      // The server may answer and close before the whole body is written.
      req.on('error', reject);
      req.write('{"worksId":"dash-sales-0001","pad":"');
      for (let i = 0; i < 64; i++) req.write('x'.repeat(1024));
      req.end('"}');
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.text).error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(emulator.stats().totalCalls).toBe(before.totalCalls);
  });
});
