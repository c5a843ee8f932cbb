import { createServer, request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { isQuickBIEmbedError } from '@quickbi-embed/core';
import type { TicketCredential } from '@quickbi-embed/core';
import { HELD_COOKIE, heldId } from '@quickbi-embed/core/held';
import { prefetch } from '@quickbi-embed/server/node';
import {
  captureLogger,
  closeServer,
  DANA,
  listenOnLoopback,
  setupEmulator,
  testHandler,
} from '../support/harness.js';

// Revalidation (issue 18 item 8): a route loader that runs again (React Router revalidates on
// every navigation) and prefetches a report its page already shows must not reserve or mint: the
// page says what it shows in its `quickbi-held` cookie, and the ledger answers the cached ticket
// with no load reserved. Over real HTTP: a page server whose loader prefetches through the node
// adapter, the handler's client talking to the emulator.
const emulator = setupEmulator({ resetEach: true });

const SALES = { worksId: 'dash-sales-0001' };
const EAST = { ...SALES, filters: [{ paramKey: 'region', values: ['华东'] }] };
const NORTH = { ...SALES, filters: [{ paramKey: 'region', values: ['华北'] }] };
type Report = typeof SALES | typeof EAST;

let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

/** The app's page server: `/loader?report=<json>` runs the loader's prefetch for that report. */
async function pageServer() {
  const handler = testHandler(emulator, {
    logger: captureLogger,
    authorize: ({ request }) => (request.headers.get('x-test-user') === 'dana' ? DANA : null),
  });
  const server = createServer((req, res) => {
    const report = JSON.parse(
      new URL(req.url ?? '/', 'http://x').searchParams.get('report') ?? '{}',
    ) as Report;
    prefetch(handler, req, report).then(
      (credential) => res.writeHead(200).end(JSON.stringify(credential)),
      (error: unknown) =>
        res.writeHead(500).end(isQuickBIEmbedError(error) ? error.code : String(error)),
    );
  });
  const url = await listenOnLoopback(server);
  stop = () => closeServer(server);
  /** A loader call: a fetch by default (React Router's `.data`), `navigate` for a document load. */
  return (report: Report, held: Report[], mode: 'cors' | 'navigate' | 'unsaid' = 'cors') =>
    new Promise<TicketCredential>((resolve, reject) => {
      const target = new URL(`/loader?report=${encodeURIComponent(JSON.stringify(report))}`, url);
      const headers: Record<string, string> = { 'x-test-user': 'dana' };
      if (mode !== 'unsaid') headers['sec-fetch-mode'] = mode;
      if (held.length > 0) headers.cookie = `sid=1; ${HELD_COOKIE}=${held.map(heldId).join('.')}`;
      httpRequest(target, { headers }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () =>
          res.statusCode === 200 ? resolve(JSON.parse(body)) : reject(new Error(body)),
        );
      }).end();
    });
}

describe('prefetch for a report the page already shows (quickbi-held)', () => {
  it('mints nothing and reserves nothing: the cached ticket, reservedUses 0', async () => {
    const loader = await pageServer();
    const first = await loader(EAST, []);
    expect(first.reservedUses).toBe(1);
    expect(emulator.stats().ticketsCreated).toBe(1);

    // Twenty revalidations while the page shows EAST and SALES: nothing reserved, nothing minted.
    for (let i = 0; i < 20; i++) {
      const again = await loader(EAST, [SALES, EAST]);
      expect(again).toMatchObject({ ticket: first.ticket, reservedUses: 0, usedUses: 1 });
    }
    expect(emulator.stats().ticketsCreated).toBe(1);
    // The ledger agrees: the next real reservation still finds 4 of 5 uses left.
    const next = await loader(EAST, []);
    expect(next).toMatchObject({ ticket: first.ticket, usedUses: 1, reservedUses: 1 });
  });

  it('reserves as before for a report the page does not show, or on a document load', async () => {
    const loader = await pageServer();
    const east = await loader(EAST, []);
    // Another choice of filters is another report: the page does not show it yet.
    const north = await loader(NORTH, [EAST]);
    expect(north.reservedUses).toBe(1);
    expect(north.ticket).not.toBe(east.ticket);
    // A document load renders a new page: whatever cookie the last page left, a use is reserved.
    const reload = await loader(EAST, [EAST], 'navigate');
    expect(reload).toMatchObject({ ticket: east.ticket, usedUses: 1, reservedUses: 1 });
    // So is a request that does not say what it is (an older browser, a script).
    const unsaid = await loader(EAST, [EAST], 'unsaid');
    expect(unsaid).toMatchObject({ ticket: east.ticket, usedUses: 2, reservedUses: 1 });
    expect(emulator.stats().ticketsCreated).toBe(2);
  });

  it('still goes through the policy: a held report the user may not see is refused', async () => {
    const loader = await pageServer();
    const refused = loader({ ...SALES, filters: [{ paramKey: 'region', values: ['华南'] }] }, [
      { ...SALES, filters: [{ paramKey: 'region', values: ['华南'] }] },
    ]);
    await expect(refused).rejects.toThrow('FILTER_NOT_ALLOWED');
    expect(emulator.stats().ticketsCreated).toBe(0);
  });

  it('reserves as before when nothing is cached for the held report', async () => {
    const loader = await pageServer();
    const credential = await loader(SALES, [SALES]);
    expect(credential.reservedUses).toBe(1);
    expect(emulator.stats().ticketsCreated).toBe(1);
  });
});
