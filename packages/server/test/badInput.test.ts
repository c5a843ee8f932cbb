import { describe, expect, it } from 'vitest';
import { badInputCorpus } from './badInput.corpus.js';
import { responsesSeen, setupWithAliceTicket } from './support/harness.js';

const { emulator, served, aliceTicket } = setupWithAliceTicket();

describe('bad input corpus', () => {
  it('has at least 40 cases', () => {
    expect(badInputCorpus.length).toBeGreaterThanOrEqual(40);
  });

  it.each(badInputCorpus)('$name → $status $code, nothing upstream', async (c) => {
    const before = emulator.stats();
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-quickbi-embed-contract': '1',
      ...(c.user === null ? {} : { 'x-test-user': c.user ?? 'alice' }),
      ...c.headers,
    };
    const method = c.method ?? 'POST';
    const raw =
      c.rawBody ??
      (c.body === undefined
        ? undefined
        : JSON.stringify(c.body).replaceAll('$ALICE_TICKET', aliceTicket()));
    const response = await fetch(served.url + c.path, {
      method,
      headers,
      ...(method === 'GET' || method === 'HEAD' || raw === undefined ? {} : { body: raw }),
    });
    const text = await response.text();
    responsesSeen.push(text);
    expect(response.status).toBe(c.status);
    expect(JSON.parse(text)).toMatchObject({
      error: { code: c.code, message: expect.any(String) },
    });
    const after = emulator.stats();
    expect(after.totalCalls).toBe(before.totalCalls);
    expect(after.usesConsumed).toBe(before.usesConsumed);
    expect(after.ticketsCreated).toBe(before.ticketsCreated);
  });
});
