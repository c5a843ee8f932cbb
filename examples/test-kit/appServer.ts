/**
 * A small app under test for app.playwright.test.ts: node:http, `@quickbi-embed/server`'s handler
 * with its in-memory store, one page that asks the handler for a ticket and embeds the report.
 * The signed-in user is a `user` cookie (the test sets it). `resetStore()` is the app's test
 * hook: a fresh store, so no ticket the emulator has forgotten is handed out again.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createMemoryStore,
  createQuickBIClient,
  createQuickBIHandler,
  type QuickBIServerHandler,
} from '@quickbi-embed/server';
import { toNodeHandler } from '@quickbi-embed/server/node';
import type { Emulator } from '@quickbi-embed/emulator';

const USERS: Record<string, string> = { alice: 'user-alice-0001', bob: 'user-bob-0002' };

function cookie(header: string | undefined, name: string): string | undefined {
  const pair = header?.split(';').find((p) => p.trim().startsWith(`${name}=`));
  return pair?.split('=')[1]?.trim();
}

function page(reportOrigin: string, worksId: string): string {
  // The ticket page URL of a dashboard (Quick BI's documented `/token3rd/dashboard/view/pc.htm`).
  return `<!doctype html><meta charset="utf-8"><title>Sales</title>
<p id="status">loading</p><iframe id="report" width="900" height="600"></iframe>
<script>
fetch('/api/quickbi/ticket', {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ worksId: ${JSON.stringify(worksId)} }),
})
  .then((r) => r.json())
  .then((credential) => {
    const url = new URL('/token3rd/dashboard/view/pc.htm', ${JSON.stringify(reportOrigin)});
    url.searchParams.set('pageId', ${JSON.stringify(worksId)});
    url.searchParams.set('accessTicket', credential.ticket);
    document.getElementById('report').src = url.href;
    document.getElementById('status').textContent = 'ticket ' + credential.ticket;
  });
</script>`;
}

export interface AppServer {
  url: string;
  /** The app's test hook: forget every cached credential (a fresh memory store). */
  resetStore(): void;
  close(): Promise<void>;
}

export async function startAppServer(quickbi: Emulator): Promise<AppServer> {
  const makeHandler = (): QuickBIServerHandler =>
    createQuickBIHandler({
      client: createQuickBIClient({
        // The emulator's own test key (a public fixture, not a secret).
        ...quickbi.accessKeys[0]!,
        endpoint: quickbi.endpoint,
        reportOrigin: quickbi.reportOrigin,
      }),
      store: createMemoryStore(),
      authorize: ({ request }) => {
        const user = cookie(request.headers.get('cookie') ?? undefined, 'user');
        const userId = user === undefined ? undefined : USERS[user];
        if (userId === undefined) throw new Error('not signed in');
        // Ten page loads per ticket: the next test would get this cached ticket back.
        return { subject: user!, userId, ticketUses: 10 };
      },
    });
  let node = toNodeHandler(makeHandler());
  const server = createServer((req: IncomingMessage, res) => {
    if (req.url?.startsWith('/api/quickbi/')) return void node(req, res);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page(quickbi.reportOrigin, 'dash-sales-0001'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    resetStore: () => {
      node = toNodeHandler(makeHandler());
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
