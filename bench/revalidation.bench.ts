// Revalidation (issue 18 item 8): a 3-report page whose route loader prefetches every report, and
// 20 filter changes (each a navigation that runs the loader again), against the same page whose
// loader prefetches nothing. Counts Quick BI CreateTicket calls (the emulator's own count) and
// refusals, with and without the page telling its server what it shows (the `quickbi-held`
// cookie, core/src/heldReports.ts).
//
// A faithful simulation of the loader + page sequence, not a real browser: the browser side is
// the real EmbedEngine with createHttpAdapter over real HTTP to the real handler on node:http (the
// emulator as Quick BI); the loader is the real `handler.prefetch` with the request a framework's
// data fetch carries (the page's cookie, `Sec-Fetch-Mode: cors`; the first load a document,
// `navigate`); each report slot is one embed that attaches again when its report or its
// `initialCredential` changes, as QuickBIReport's effect does.
//
//   pnpm exec tsx --conditions=@quickbi-embed/source bench/revalidation.bench.ts
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpAdapter, EmbedEngine } from '@quickbi-embed/core';
import type { Credential, ReportRequest } from '@quickbi-embed/core';
import type { CookieSink } from '@quickbi-embed/core/held';
import { DEFAULT_ACCESS_KEY, startEmulator } from '@quickbi-embed/emulator';
import { createQuickBIClient, createQuickBIHandler } from '@quickbi-embed/server';
import { toNodeHandler } from '@quickbi-embed/server/node';

const APP = 'http://app.example.test';
const CHANGES = 20;
// The page: a regional sales dashboard following the filter in the URL, and two reports that do
// not (the filter is the first one's). The filter cycles through the regions the user may pick.
const REGIONS = ['华东', '华北', '华南'];
const page = (region: string): ReportRequest[] => [
  { worksId: 'dash-sales-0001', filters: [{ paramKey: 'region', values: [region] }] },
  { worksId: 'dash-ops-0002' },
  { worksId: 'dash-sales-0001', cmptId: 'cmpt-sales-chart' },
];

export interface RevalidationRow {
  mode: 'no prefetch' | 'prefetch, no cookie' | 'prefetch + quickbi-held';
  creates: number;
  refusals: number;
  /** Prefetched tickets with a load reserved that the page never showed. */
  wasted: number;
}

/** A document's cookie jar for the page's one cookie. */
function cookieJar(): CookieSink {
  let value = '';
  return {
    get cookie() {
      return value;
    },
    set cookie(written: string) {
      const pair = written.split(';')[0] as string;
      value = /Max-Age=0/.test(written) ? '' : pair;
    },
  };
}

async function runPage(mode: RevalidationRow['mode']): Promise<RevalidationRow> {
  const emulator = await startEmulator({ port: 0, refreshIntervalMs: 0 });
  const handler = createQuickBIHandler({
    client: createQuickBIClient({
      ...DEFAULT_ACCESS_KEY,
      endpoint: emulator.endpoint,
      now: () => emulator.now(),
    }),
    reportOrigin: emulator.reportOrigin,
    allowedOrigins: [APP],
    now: () => emulator.now(),
    // The defaults an app starts with: the per-user quota on, 5 uses a ticket.
    authorize: () => ({
      subject: 'app-user-alice',
      userId: 'user-alice-0001',
      ticketUses: 5,
      cmptIds: ['cmpt-sales-chart'],
      filters: { region: { values: REGIONS } },
    }),
  });
  const server = createServer(toNodeHandler(handler));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/quickbi`;
  const jar = cookieJar();
  const engine = new EmbedEngine({
    adapter: createHttpAdapter({ baseUrl: base, headers: { origin: APP } }),
    heldCookie: mode === 'prefetch + quickbi-held' ? jar : false,
  });
  const slots = page(REGIONS[0] as string).map(() => ({
    embed: engine.embed(),
    release: () => {},
    attached: undefined as { report: unknown; initial: Credential | undefined } | undefined,
  }));
  let refusals = 0;
  let wasted = 0;
  try {
    for (let step = 0; step <= CHANGES; step++) {
      const reports = page(REGIONS[step % REGIONS.length] as string);
      // The loader: a document load first, then React Router's data fetches with the cookie.
      const loaderData = await Promise.all(
        reports.map((report) =>
          mode === 'no prefetch'
            ? undefined
            : handler
                .prefetch(
                  new Request(`${APP}/reports?step=${step}`, {
                    headers: {
                      'sec-fetch-mode': step === 0 ? 'navigate' : 'cors',
                      ...(jar.cookie ? { cookie: jar.cookie } : {}),
                    },
                  }),
                  {
                    worksId: report.worksId,
                    ...(report.cmptId ? { cmptId: report.cmptId } : {}),
                    ...(report.filters ? { filters: report.filters } : {}),
                  },
                )
                .catch(() => void refusals++),
        ),
      );
      // The render: each slot attaches again when its report or initialCredential changed.
      reports.forEach((request, i) => {
        const slot = slots[i]!;
        const report = engine.report(request);
        const initial = loaderData[i] ?? undefined;
        if (slot.attached?.report === report && slot.attached.initial === initial) return;
        slot.release();
        slot.release = slot.embed.attach(report, initial);
        slot.attached = { report, initial };
      });
      await settled(engine, slots);
      reports.forEach((_, i) => {
        const given = loaderData[i];
        const shown = slots[i]!.embed.getState().credential;
        // A load reserved for this page that it does not show is spent for nothing.
        if (given?.kind === 'ticket' && (given.reservedUses ?? 1) > 0 && shown !== given) wasted++;
        if (slots[i]!.embed.getState().error?.status === 429) refusals++;
      });
      // The user reads for a while before the next change.
      emulator.advanceClock(10_000);
    }
    return { mode, creates: emulator.stats().calls.CreateTicket ?? 0, refusals, wasted };
  } finally {
    for (const slot of slots) slot.release();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await emulator.stop();
  }
}

/** Until every slot shows a report or an error and nothing is in flight. */
function settled(
  engine: EmbedEngine,
  slots: { embed: ReturnType<EmbedEngine['embed']> }[],
): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      const done =
        slots.every((s) => s.embed.getState().src || s.embed.getState().error) &&
        [...engine.reports.values()].every((r) => !r.inflight);
      if (done) {
        stop();
        // Let the planner's settle (the cookie write) run before the next loader.
        setTimeout(resolve, 0);
      }
    };
    const stop = engine.subscribe(check);
    check();
  });
}

export async function measureRevalidation(): Promise<RevalidationRow[]> {
  const rows: RevalidationRow[] = [];
  for (const mode of ['no prefetch', 'prefetch, no cookie', 'prefetch + quickbi-held'] as const)
    rows.push(await runPage(mode));
  return rows;
}

export function formatRevalidation(rows: RevalidationRow[]): string {
  const plain = rows.find((r) => r.mode === 'no prefetch')?.creates ?? NaN;
  return [
    `3 reports, ${CHANGES} filter changes (each runs the loader again), 5 uses a ticket:`,
    '',
    '| page | CreateTicket | ratio to no prefetch | refusals (429) | prefetched loads wasted |',
    '|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.mode} | ${r.creates} | ${(r.creates / plain).toFixed(2)} | ${r.refusals} | ${r.wasted} |`,
    ),
  ].join('\n');
}

/** Creates with the cookie within 10 % of the page that prefetches nothing. */
export function revalidationOk(rows: RevalidationRow[]): boolean {
  const held = rows.find((r) => r.mode === 'prefetch + quickbi-held');
  const plain = rows.find((r) => r.mode === 'no prefetch');
  return !!held && !!plain && held.creates <= plain.creates * 1.1;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await measureRevalidation();
  console.log(formatRevalidation(rows));
  if (!revalidationOk(rows)) process.exitCode = 1;
}
