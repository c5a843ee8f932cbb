// CreateTicket calls vs the minimum ⌈N/B⌉: N concurrent first page loads of one (user, report)
// on a budget of B uses per ticket, over real HTTP (handler on node:http, the emulator as Quick BI,
// its rate limit off so only the handler decides how many tickets are minted).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_ACCESS_KEY, startEmulator } from '@quickbi-embed/emulator';
import { createQuickBIClient, createQuickBIHandler } from '@quickbi-embed/server';
import { toNodeHandler } from '@quickbi-embed/server/node';
import type { TicketCredential } from '@quickbi-embed/core';

export interface CreatesRow {
  loads: number;
  budget: number;
  creates: number;
  minimum: number;
  /** Uses handed out beyond a ticket's budget, summed over tickets (must be 0). */
  overBudget: number;
  errors: number;
}

export const CASES: ReadonlyArray<{ loads: number; budget: number }> = [50, 500].flatMap((loads) =>
  [1, 5, 100].map((budget) => ({ loads, budget })),
);

export async function measureCreatesVsMinimum(): Promise<CreatesRow[]> {
  const emulator = await startEmulator({ port: 0, rateLimitPerSecond: 0, refreshIntervalMs: 0 });
  const handler = createQuickBIHandler({
    client: createQuickBIClient({ ...DEFAULT_ACCESS_KEY, endpoint: emulator.endpoint }),
    reportOrigin: emulator.reportOrigin,
    // The bench measures minting and memory, not the per-user upstream quota, nor the per-user
    // cap of live credentials (500 one-use loads by one user are 500 live tickets).
    quota: false,
    maxLivePerSubject: 100_000,
    // Each case is its own app user (its own cache key), bound to the sample org's alice.
    authorize: ({ request }) => ({
      subject: request.headers.get('x-bench-user') ?? 'nobody',
      userId: 'user-alice-0001',
      ticketUses: Number(request.headers.get('x-bench-budget')),
    }),
  });
  const server = createServer(toNodeHandler(handler));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/quickbi/ticket`;
  const rows: CreatesRow[] = [];
  try {
    for (const { loads, budget } of CASES) {
      const before = emulator.stats().calls.CreateTicket ?? 0;
      const answers = await Promise.all(
        Array.from({ length: loads }, async () => {
          const response = await fetch(url, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'x-bench-user': `creates-${loads}-${budget}`,
              'x-bench-budget': String(budget),
            },
            body: JSON.stringify({ worksId: 'dash-sales-0001' }),
          });
          return response.status === 200 ? ((await response.json()) as TicketCredential) : null;
        }),
      );
      const handed = new Map<string, number>();
      for (const a of answers)
        if (a) handed.set(a.ticket, (handed.get(a.ticket) ?? 0) + (a.reservedUses ?? 0));
      rows.push({
        loads,
        budget,
        creates: (emulator.stats().calls.CreateTicket ?? 0) - before,
        minimum: Math.ceil(loads / budget),
        overBudget: [...handed.values()].reduce((n, used) => n + Math.max(0, used - budget), 0),
        errors: answers.filter((a) => a === null).length,
      });
    }
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await emulator.stop();
  }
  return rows;
}

export function createsOk(rows: CreatesRow[]): boolean {
  return rows.every((r) => r.creates === r.minimum && r.overBudget === 0 && r.errors === 0);
}

export function formatCreates(rows: CreatesRow[]): string {
  return [
    '| N concurrent loads | B uses per ticket | CreateTicket calls | minimum ⌈N/B⌉ | ratio | uses over budget | errors |',
    '|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.loads} | ${r.budget} | **${r.creates}** | ${r.minimum} | ${(r.creates / r.minimum).toFixed(2)} | ${r.overBudget} | ${r.errors} |`,
    ),
  ].join('\n');
}
