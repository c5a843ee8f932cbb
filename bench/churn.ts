// Churn: 100,000 other users mint tickets through one handler on the DEFAULT memory store while one
// user (alice) keeps loading and renewing her ticket. Figures: whether alice's ticket stayed
// renewable and within budget throughout, and the heap the store grew by (forced GCs around it).
// Runs in its own process (needs --expose-gc and an untouched heap); Quick BI is an in-process
// stub answering the four ticket actions, so only our side is counted.
import { runHeapProbe } from './heapProbe.js';
import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { TicketCredential } from '@quickbi-embed/core';
import {
  createMemoryStore,
  createQuickBIClient,
  createQuickBIHandler,
} from '@quickbi-embed/server';

export interface ChurnFigures {
  otherUsers: number;
  aliceLoads: number;
  aliceRenewals: number;
  aliceRenewalsRefused: number;
  /** Uses handed out past a ticket's budget, over every ticket alice got (must be 0). */
  aliceOverBudget: number;
  /** Tickets alice was handed (a shed cache entry costs her a new one, never a lost record). */
  aliceTickets: number;
  otherErrors: number;
  protectedRecords: number;
  storeEntries: number;
  heapBytes: number;
  bytesPerOtherUser: number;
}

const here = dirname(fileURLToPath(import.meta.url));

export async function measureChurnInChild(otherUsers: number): Promise<ChurnFigures> {
  return runHeapProbe<ChurnFigures>(join(here, 'churn.ts'), otherUsers, 600_000);
}

/** Quick BI's answers, shaped as the emulator shapes them, for the actions the handler calls. */
const stubFetch: typeof fetch = async (_input, init) => {
  const action = new Headers(init?.headers).get('x-acs-action');
  const result =
    action === 'CreateTicket'
      ? randomUUID()
      : action === 'QueryTicketInfo'
        ? { MaxTicketNum: 5, UsedTicketNum: 0 }
        : true;
  return new Response(JSON.stringify({ RequestId: 'REQ-churn', Result: result, Success: true }), {
    status: 200,
    headers: { 'content-type': 'application/json' },
  });
};

async function probe(otherUsers: number): Promise<ChurnFigures> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  const makeHandler = (store: ReturnType<typeof createMemoryStore>) =>
    createQuickBIHandler({
      client: createQuickBIClient({
        accessKeyId: 'LTAI-churn-probe',
        accessKeySecret: 'churn-probe-secret',
        endpoint: 'http://127.0.0.1:9',
        fetch: stubFetch,
      }),
      store,
      reportOrigin: 'https://bi.example.com',
      // The bench measures minting and memory, not the per-user upstream quota.
      quota: false,
      // Nor the per-user cap of live credentials: the bench's users mint freely.
      maxLivePerSubject: 100_000,
      authorize: ({ request }) => {
        const user = request.headers.get('x-user')!;
        return {
          subject: user,
          userId: user,
          watermark: `${user} confidential`,
          expireMinutes: 60,
          ticketUses: 5,
          renew: { maxRenewals: 1_000 },
        };
      },
    });
  const post = (
    handler: (r: Request) => Promise<Response>,
    path: string,
    user: string,
    body: unknown,
  ) =>
    handler(
      new Request(`http://app.local/api/quickbi/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-user': user },
        body: JSON.stringify(body),
      }),
    );

  // Warm every code path on a store of its own, so compiled code is not counted.
  const warm = makeHandler(createMemoryStore());
  for (let i = 0; i < 500; i++)
    await (await post(warm, 'ticket', `warm-${i}`, { worksId: 'dash-0000' })).arrayBuffer();

  const store = createMemoryStore(); // the defaults, as an app that configures nothing
  const handler = makeHandler(store);
  gc();
  gc();
  const before = process.memoryUsage().heapUsed;

  const handed = new Map<string, { reserved: number; max: number }>();
  let aliceLoads = 0;
  let aliceRenewals = 0;
  let aliceRenewalsRefused = 0;
  let otherErrors = 0;
  let aliceTicket = '';
  const aliceLoad = async () => {
    const response = await post(handler, 'ticket', 'alice', { worksId: 'dash-alice' });
    const c = (await response.json()) as TicketCredential;
    aliceLoads++;
    const row = handed.get(c.ticket) ?? { reserved: 0, max: c.maxUses };
    row.reserved += c.reservedUses ?? 0;
    handed.set(c.ticket, row);
    aliceTicket = c.ticket;
  };
  await aliceLoad();

  const batch = 200;
  for (let i = 0; i < otherUsers; i += batch) {
    await Promise.all(
      Array.from({ length: Math.min(batch, otherUsers - i) }, async (_, j) => {
        const response = await post(handler, 'ticket', `user-${String(i + j).padStart(7, '0')}`, {
          worksId: `dash-${String((i + j) % 50).padStart(4, '0')}`,
        });
        if (response.status !== 200) otherErrors++;
        await response.arrayBuffer();
      }),
    );
    if ((i / batch) % 10 === 0) {
      await aliceLoad();
      const renewed = await post(handler, 'ticket/renew', 'alice', { ticket: aliceTicket });
      if (renewed.status === 200) aliceRenewals++;
      else aliceRenewalsRefused++;
      await renewed.arrayBuffer();
    }
  }
  gc();
  gc();
  const heapBytes = process.memoryUsage().heapUsed - before;
  return {
    otherUsers,
    aliceLoads,
    aliceRenewals,
    aliceRenewalsRefused,
    aliceOverBudget: [...handed.values()].reduce((n, r) => n + Math.max(0, r.reserved - r.max), 0),
    aliceTickets: handed.size,
    otherErrors,
    protectedRecords: store.records(),
    storeEntries: store.size(),
    heapBytes,
    bytesPerOtherUser: heapBytes / otherUsers,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const at = process.argv.indexOf('--probe');
  console.log(JSON.stringify(await probe(Number(process.argv[at + 1] ?? 100_000))));
}
