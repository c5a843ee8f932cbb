import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { WORKS_TYPES } from '@quickbi-embed/core';
import { responsesSeen, setupWithAliceTicket } from '../support/harness.js';
import { writeCapturedLogs } from '../support/capturedLogs.js';

const { emulator, served, aliceTicket } = setupWithAliceTicket();
afterAll(() => writeCapturedLogs('hardening-property'));

const ROUTES = ['/ticket', '/token', '/ticket/renew', '/ticket/info'] as const;
type Route = (typeof ROUTES)[number];

// Our own reading of what a well-formed report identity is, written apart from the handler's schema:
// a plain object with only these fields, ids of ASCII letters, digits, `.`, `_`, `-` (not first).
const safeId = (v: unknown) =>
  typeof v === 'string' && v.length >= 1 && v.length <= 128 && /^[A-Za-z0-9][\w.-]*$/.test(v);
const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Would the app serve this (and call upstream)? Those are good requests, not bad input. */
function wellFormed(route: Route, body: unknown, user: string | null): boolean {
  if (user !== 'alice' && user !== 'bob') return false;
  if (!isPlainObject(body)) return false;
  if (route === '/ticket/renew' || route === '/ticket/info') {
    // Only alice's own ticket, exactly: anyone else's, or any other value, is refused.
    return (
      user === 'alice' && Object.keys(body).join() === 'ticket' && body.ticket === aliceTicket()
    );
  }
  const allowed =
    route === '/ticket' ? ['worksId', 'worksType', 'cmptId'] : ['worksId', 'worksType'];
  if (Object.keys(body).some((k) => !allowed.includes(k))) return false;
  if (!safeId(body.worksId)) return false;
  if (body.worksType !== undefined && !(WORKS_TYPES as readonly unknown[]).includes(body.worksType))
    return false;
  if (body.cmptId !== undefined && !safeId(body.cmptId)) return false;
  return true;
}

const FIELDS = ['worksId', 'worksType', 'cmptId', 'ticket', 'userId', 'globalParam', 'watermark'];
const nastyString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(
    '\ud800',
    '\udc00x',
    'a\u202Eb',
    'a\u200Bb',
    'a\u0000b',
    '..',
    '%2e%2e',
    '../x',
    'a\r\nb',
    '__proto__',
    'constructor',
    '$TICKET',
  ),
);
const value: fc.Arbitrary<unknown> = fc.oneof(
  nastyString,
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom('dash-sales-0001', 'dashboard', 'cmpt-sales-table', '$TICKET'),
);
// Objects over the known field names and random ones, JSON values of every other shape, and text
// that is not JSON at all.
const body = fc.oneof(
  fc.dictionary(fc.oneof(fc.constantFrom(...FIELDS), nastyString), value, { maxKeys: 4 }),
  fc.jsonValue({ maxDepth: 4 }),
  fc.record({ worksId: nastyString }),
  fc.record({ ticket: nastyString }),
);
const rawText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  body.map((b) => JSON.stringify(b).slice(0, -1)), // truncated JSON
);

const request = fc.record({
  route: fc.constantFrom(...ROUTES),
  user: fc.constantFrom('alice', 'bob', 'mallory', null),
  contentType: fc.constantFrom(
    'application/json',
    'application/json',
    'application/json; charset=utf-8',
    'text/plain',
    'application/x-www-form-urlencoded',
  ),
  payload: fc.oneof(
    body.map((b) => ({ json: true as const, value: b })),
    rawText.map((t) => ({ json: false as const, value: t })),
  ),
});

describe('random bodies (fast-check)', () => {
  it('always get a typed 4xx, with no upstream call and no use consumed', async () => {
    const start = emulator.stats();
    await fc.assert(
      fc.asyncProperty(request, async ({ route, user, contentType, payload }) => {
        const text = (payload.json ? JSON.stringify(payload.value) : payload.value).replaceAll(
          '$TICKET',
          aliceTicket(),
        );
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = Symbol('not JSON');
        }
        // Good requests from a known user are served: not this property's concern.
        fc.pre(!(contentType.startsWith('application/json') && wellFormed(route, parsed, user)));

        const before = emulator.stats();
        const response = await fetch(`${served.url}/api/quickbi${route}`, {
          method: 'POST',
          headers: {
            'content-type': contentType,
            ...(user ? { 'x-test-user': user } : {}),
          },
          body: text,
        });
        const answer = await response.text();
        responsesSeen.push(answer);
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
        const error = (JSON.parse(answer) as { error: { code: unknown; message: unknown } }).error;
        expect(error.code).toMatch(/^[A-Z_]+$/);
        expect(typeof error.message).toBe('string');
        const after = emulator.stats();
        expect(after.totalCalls).toBe(before.totalCalls);
        expect(after.usesConsumed).toBe(before.usesConsumed);
      }),
      { numRuns: 300 },
    );
    const end = emulator.stats();
    expect(end.totalCalls).toBe(start.totalCalls);
    expect(end.usesConsumed).toBe(start.usesConsumed);
    expect(end.ticketsCreated).toBe(start.ticketsCreated);
  });
});
