// Runs every benchmark and writes bench/RESULTS.md (never edited by hand).
//
//   pnpm bench                  # everything, the full fleet (1,000 requests, 4 processes)
//   pnpm bench -- --light-fleet # the fleet in its light form
//
// Each figure is measured in this run, next to the baseline it is compared with.
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  FULL,
  LIGHT,
  fleetFailures,
  fleetOk,
  formatFleet,
  runFleetBench,
} from './fleet/fleet.bench.js';
import type { FleetFigures } from './fleet/fleet.bench.js';
import { measureMissPath, type MissPathFigures } from './fleet/missPath.js';
import { measureMemoryInChild, type MemoryFigures } from './fleet/memoryPerCredential.js';
import { measureChurnInChild, type ChurnFigures } from './churn.js';
import { createsOk, formatCreates, measureCreatesVsMinimum } from './createsVsMinimum.js';
import { formatRevalidation, measureRevalidation, revalidationOk } from './revalidation.bench.js';
import {
  formatServerFirstPaint,
  measureServerFirstPaint,
} from './firstPaint/serverFirstPaint.bench.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const args = process.argv.slice(2).filter((a) => a !== '--');

type Section = { title: string; body: string };
const sections: Section[] = [];
const failures: string[] = [];

async function section(title: string, measure: () => Promise<string>): Promise<void> {
  console.log(`\n=== ${title}`);
  try {
    const body = await measure();
    console.log(body);
    sections.push({ title, body });
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    console.error(message);
    failures.push(title);
    sections.push({ title, body: `Not measured: ${firstLine(message)}` });
  }
}

const firstLine = (text: string) => text.split('\n')[0] ?? text;
const fmt = (n: number, digits = 1) =>
  Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits }) : String(n);

// ---- bundle size ---------------------------------------------------------------------------
await section('Bundle size', async () => {
  const script = join(root, 'scripts', 'size.mjs');
  if (!existsSync(script)) return 'Not measured: scripts/size.mjs is not in the repository yet.';
  const r = spawnSync('node', [script], { cwd: root, encoding: 'utf8' });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim();
  if (r.status !== 0) throw new Error(`scripts/size.mjs exited ${r.status}: ${firstLine(out)}`);
  return ['Output of `node scripts/size.mjs`:', '', '```', out, '```'].join('\n');
});

// ---- cache-hit throughput ------------------------------------------------------------------
await section('Cache-hit throughput: handler vs bare node:http', async () => {
  const file = join(here, 'handler.bench.ts');
  if (!existsSync(file))
    return 'Not measured: bench/handler.bench.ts is not in the repository yet.';
  const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  const run = mod.runHandlerBenchmark;
  if (typeof run !== 'function')
    throw new Error('bench/handler.bench.ts exports no runHandlerBenchmark');
  const figures = (await run()) as Record<string, unknown>;
  const num = (key: string) => Number(figures[key]);
  return [
    'From `bench/handler.bench.ts` (same load generator in a worker thread, keep-alive, same run):',
    '',
    `**Handler cache-hit ${fmt(num('handlerRequestsPerSecond'), 0)} req/s vs bare node:http ${fmt(num('helloWorldRequestsPerSecond'), 0)} req/s: ratio ${fmt(num('ratio'), 3)}.**`,
    '',
    `Hono on @hono/node-server, the anchor, in the same run: ${fmt(num('honoRatio'), 3)} of bare node:http by req/s, ${fmt(num('honoCpuRatio'), 3)} by CPU (our handler: ${fmt(num('cpuRatio'), 3)} by CPU).`,
    '',
    '| figure | value |',
    '|---|---|',
    ...Object.entries(figures).map(
      ([k, v]) => `| ${k} | ${typeof v === 'number' ? fmt(v, 3) : JSON.stringify(v)} |`,
    ),
  ].join('\n');
});

// ---- miss path -----------------------------------------------------------------------------
await section('Miss-path overhead over the emulator', async () => {
  const f: MissPathFigures = await measureMissPath();
  return [
    `${f.samples} sequential first requests (each a new key, so each mints), against the signed client`,
    'calling CreateTicket on the same emulator directly:',
    '',
    '| path | p50 ms | p90 ms | mean ms |',
    '|---|---|---|---|',
    `| emulator CreateTicket via the signed client (baseline) | ${fmt(f.direct.p50, 2)} | ${fmt(f.direct.p90, 2)} | ${fmt(f.direct.mean, 2)} |`,
    `| POST /api/quickbi/ticket, handler on node:http, miss | ${fmt(f.handler.p50, 2)} | ${fmt(f.handler.p90, 2)} | ${fmt(f.handler.mean, 2)} |`,
    '',
    `Overhead of the handler on a miss: **${fmt(f.overheadP50Ms, 2)} ms at p50** (${fmt(f.ratioP50, 2)}x the emulator's own latency), ${fmt(f.overheadMeanMs, 2)} ms on the mean.`,
    `Upstream calls per miss (emulator stats): ${fmt(f.upstreamCallsPerMiss, 2)}.`,
  ].join('\n');
});

// ---- memory ---------------------------------------------------------------------------------
await section('Memory per cached credential (memory store, 100,000 credentials)', async () => {
  const f: MemoryFigures = await measureMemoryInChild(100_000);
  return [
    `${fmt(f.credentials, 0)} ticket credentials minted through the handler (upstream answered by an`,
    'in-process stub, so only our side is counted) into the default memory store; heap measured after',
    'a forced GC before and after.',
    '',
    '| figure | value |',
    '|---|---|',
    `| store entries | ${fmt(f.entries, 0)} |`,
    `| heap growth | ${fmt(f.heapBytes / 1024 / 1024, 1)} MiB |`,
    `| **bytes per cached credential** | **${fmt(f.bytesPerCredential, 0)}** |`,
  ].join('\n');
});

// ---- upstream creates vs the minimum ---------------------------------------------------------
await section('CreateTicket calls vs the minimum ⌈N/B⌉ (demand-aware single flight)', async () => {
  const rows = await measureCreatesVsMinimum();
  if (!createsOk(rows))
    failures.push('creates vs minimum: creates != minimum, over budget or errors');
  return [
    'N concurrent first page loads of one (user, report) with a budget of B uses per ticket, over real',
    'HTTP (handler on node:http, the emulator with its rate limit off); creates counted by the emulator.',
    '',
    formatCreates(rows),
  ].join('\n');
});

// ---- revalidation --------------------------------------------------------------------------
await section('Revalidation: a prefetching loader run on every navigation', async () => {
  const rows = await measureRevalidation();
  if (!revalidationOk(rows))
    failures.push('revalidation: creates with prefetch over 1.1 × the page without prefetch');
  return [
    'A simulated loader + page (the real engine, handler over HTTP and emulator; see the file).',
    '',
    formatRevalidation(rows),
  ].join('\n');
});

// ---- churn ---------------------------------------------------------------------------------
await section('Churn: 100,000 other users vs one live ticket (default memory store)', async () => {
  const f: ChurnFigures = await measureChurnInChild(100_000);
  if (f.aliceRenewalsRefused > 0 || f.aliceOverBudget > 0)
    failures.push('churn: alice lost her ticket or went over budget');
  return [
    `${fmt(f.otherUsers, 0)} other users each mint a ticket (5 uses) through the handler on the default`,
    'memory store, 200 at a time; after every 2,000 of them alice loads once (1 use) and renews her',
    'ticket. Upstream is an in-process stub, so only our side is counted; heap after forced GCs.',
    '',
    '| figure | value |',
    '|---|---|',
    `| other users | ${fmt(f.otherUsers, 0)} (errors ${f.otherErrors}) |`,
    `| **alice's renewals accepted / refused** | **${f.aliceRenewals} / ${f.aliceRenewalsRefused}** |`,
    `| **alice's uses handed out past a budget** | **${f.aliceOverBudget}** |`,
    `| alice's loads / tickets she was handed | ${f.aliceLoads} / ${f.aliceTickets} |`,
    `| protected records kept (ownership, counters, index) | ${fmt(f.protectedRecords, 0)} |`,
    `| store entries (records + cached credentials) | ${fmt(f.storeEntries, 0)} |`,
    `| **heap growth** | **${fmt(f.heapBytes / 1024 / 1024, 1)} MiB** |`,
    `| bytes per other user | ${fmt(f.bytesPerOtherUser, 0)} |`,
  ].join('\n');
});

// ---- first paint, client-only ----------------------------------------------------------------
await section('First paint, client-only: QuickBIReport vs a hand-written iframe', async () => {
  const r = spawnSync(
    'pnpm',
    [
      'exec',
      'tsx',
      '--conditions=@quickbi-embed/source',
      'bench/firstPaint/firstPaint.bench.ts',
      '9',
    ],
    { cwd: root, encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`firstPaint.bench.ts failed: ${r.stderr.trim()}`);
  const figures = r.stdout.slice(r.stdout.indexOf('First paint'));
  return [
    'In Chromium, one Vite React app against the emulator: (c) `QuickBIReport` vs (d) a hand-written',
    'component that fetches the ticket in an effect and sets the iframe `src` (the library’s own',
    'cost; goal c÷d ≤ 1.10 cold). Script: `bench/firstPaint/firstPaint.bench.ts`.',
    '',
    '```',
    figures.trim(),
    '```',
  ].join('\n');
});

// ---- first paint, server-rendered ------------------------------------------------------------
await section('First paint, server-rendered: Next.js example vs a plain iframe', async () => {
  const f = await measureServerFirstPaint();
  return [
    'In Chromium, navigation → the first table row inside the report iframe, on the Next.js example',
    'installed from the packed tarballs and started against the emulator (`next start`): (a) its',
    'RSC page (`prefetchReport` + `QuickBIReport initialCredential`), (b) `app/limit/page.tsx`, the',
    'server writing a ticket from the same handler into a plain `<iframe src>`. Cold: a fresh',
    'browser context per navigation; warm: the same context navigating again. Two Chromium setups:',
    'the report iframe in the page’s process (loopback makes the emulator the same site as the app)',
    'and in its own process, as cross-site Quick BI is (bench/firstPaint/README.md).',
    '',
    formatServerFirstPaint(f),
  ].join('\n');
});

// ---- fleet ----------------------------------------------------------------------------------
let fleet: FleetFigures | undefined;
await section('Fleet: 4 processes sharing Redis and the emulator', async () => {
  const light = args.includes('--light-fleet');
  fleet = await runFleetBench(light ? LIGHT : FULL);
  for (const failure of fleetFailures(fleet)) failures.push(`fleet: ${failure}`);
  return [
    '| figure | value |',
    '|---|---|',
    `| server processes | ${fleet.processes} |`,
    `| concurrent first requests | ${fmt(fleet.requests, 0)} |`,
    `| simulated users x reports | ${fleet.users} x ${fleet.reports} |`,
    `| distinct (user, report, policy) keys | ${fleet.distinctKeys} |`,
    `| **upstream creates (emulator stats)** | **${fleet.upstreamCreates}** |`,
    `| distinct tickets handed out | ${fleet.distinctTickets} |`,
    `| errors | ${fleet.errors} |`,
    `| latency p50 / p99 / max | ${fleet.p50Ms} / ${fleet.p99Ms} / ${fleet.maxMs} ms |`,
    `| wall time | ${fmt(fleet.wallMs, 0)} ms |`,
    `| **Redis round trips per first request** | **${fleet.firstRequest.roundTrips}** (${fleet.firstRequest.commands} commands) |`,
    `| Redis round trips per cache hit | ${fleet.cacheHit.roundTrips} (${fleet.cacheHit.commands} commands) |`,
    `| Redis round trips per first embed token / its cache hit | ${fleet.tokenFirst.roundTrips} / ${fleet.tokenHit.roundTrips} |`,
    `| Redis round trips per first Smart Q ticket | ${fleet.copilotFirst.roundTrips} |`,
    '',
    fleetOk(fleet)
      ? 'creates == keys, 0 errors, first requests <= 3 Redis round trips.'
      : `**FAILED: ${fleetFailures(fleet).join('; ')}.**`,
    '',
    '```',
    formatFleet(fleet),
    '```',
  ].join('\n');
});

// ---- RESULTS.md ----------------------------------------------------------------------------
const cpus = os.cpus();
const header = [
  '# Benchmark results',
  '',
  'Written by `bench/run.ts`; do not edit by hand. Figures vary between machines and runs: compare',
  'ratios measured in the same run, not absolute numbers across runs.',
  '',
  `- Date: ${new Date().toISOString()}`,
  `- Machine: ${cpus.length} x ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${fmt(os.totalmem() / 1024 ** 3, 1)} GiB RAM, ${os.type()} ${os.release()} (${os.arch()})`,
  `- Node: ${process.version}`,
  `- Command: \`pnpm bench${args.length ? ` -- ${args.join(' ')}` : ''}\` (= \`tsx --conditions=@quickbi-embed/source bench/run.ts${args.length ? ` ${args.join(' ')}` : ''}\`)`,
  '',
];
const text = [
  ...header,
  ...sections.flatMap((s) => [`## ${s.title}`, '', s.body, '']),
  failures.length ? `Failed or missing: ${failures.join('; ')}.\n` : '',
].join('\n');
writeFileSync(join(here, 'RESULTS.md'), text.replace(/\n+$/, '\n'));
console.log(
  `\nwrote bench/RESULTS.md${failures.length ? ` (failures: ${failures.join('; ')})` : ''}`,
);
process.exit(failures.length ? 1 : 0);
