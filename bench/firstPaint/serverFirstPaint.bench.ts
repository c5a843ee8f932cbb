// First paint, server-rendered (issue 14, item 10): in real Chromium, navigation → the report's
// first rendered table row inside the iframe, for the Next.js example (examples/next-app-router)
// as a user installs it (our packed tarballs, `next build`, `next start` against the emulator):
//   (a) app/page.tsx: our QuickBIReport hydrated from the server's prefetched credential;
//   (b) app/limit/page.tsx: the limit: the server writes the ticket into a plain <iframe src>.
// Both get their ticket from the same handler, policy and store, so a÷b is what the component
// costs over the bare iframe. Alternating pages, cold (a fresh browser context) and warm (the same
// context again), in two Chromium setups (SETUPS); prints medians, a÷b and whether the goal
// a÷b ≤ 1.15 cold is met.
//
//   pnpm exec tsx --conditions=@quickbi-embed/source bench/firstPaint/serverFirstPaint.bench.ts [rounds]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { startEmulator, type Emulator } from '@quickbi-embed/emulator';
import { EXAMPLES } from '../../scripts/examples/apps.js';
import {
  copyExample,
  examplesNpmCache,
  installExample,
  packPackages,
  startApp,
  type RunningApp,
} from '../../scripts/examples/steps.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../test-support/chromium.js';
import { alternatingRounds, medians, type Medians, type Times } from './measure.js';

/** The goal: with server prefetch, our component is at most 15 % slower than the bare iframe. */
export const COLD_GOAL = 1.15;

const PATHS = { a: '/', b: '/limit' } as const;
const VARIANTS = ['a', 'b'] as const;
/** At least 7; a round is only 8 navigations (2 pages × cold/warm × 2 setups), and on a busy
 * machine 15 of them steady the medians. */
export const ROUNDS = 15;

/**
 * Where the report iframe runs. On loopback the emulator (127.0.0.1:port) is the same site as the
 * app, so Chromium renders the iframe in the page's own process, behind the page's JavaScript;
 * Quick BI (bi.aliyun.com) is another site than any app, which desktop Chromium isolates in a
 * process of its own. Both are measured: the first as the brief's browser, the second as production.
 */
export interface Setup {
  name: string;
  /** Extra Chromium flags, given the emulator's report origin. */
  args: (reportOrigin: string) => string[];
}

export const SETUPS: Setup[] = [
  { name: 'iframe in the page’s process (loopback)', args: () => [] },
  {
    name: 'iframe in its own process (as cross-site Quick BI)',
    args: (reportOrigin) => [`--isolate-origins=${reportOrigin}`],
  },
];

export interface SetupFigures {
  setup: string;
  times: Times<'a' | 'b'>;
  /** Cold, then warm. */
  medians: Medians[];
  coldGoalMet: boolean;
  /** CreateTicket calls the emulator answered while measuring this setup. */
  createTickets: number;
}

export interface ServerFirstPaintFigures {
  rounds: number;
  /** Navigations per setup, the uncounted warm-up pass included. */
  navigations: number;
  setups: SetupFigures[];
}

export async function measureServerFirstPaint(rounds = ROUNDS): Promise<ServerFirstPaintFigures> {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const example = EXAMPLES.find((e) => e.name === 'next-app-router')!;
  const work = mkdtempSync(join(tmpdir(), 'qbi-server-first-paint-'));
  let emulator: Emulator | undefined;
  let app: RunningApp | undefined;
  try {
    // The examples check's own steps: pack, npm install from the tarballs, build with no AccessKey.
    const tarballs = packPackages(root, join(work, 'tarballs'));
    const dir = copyExample(root, example.name, work);
    const installed = await installExample(dir, tarballs, examplesNpmCache(root));
    if (!installed.ok) throw new Error(`npm install of the example failed: ${installed.detail}`);
    const built = await example.build(dir);
    if (!built.ok) throw new Error(`next build failed: ${built.detail}`);

    emulator = await startEmulator({ port: 0, refreshIntervalMs: 0 });
    app = await startApp(dir, example, emulator, root);
    if (!app.ok) throw new Error(`next start failed: ${app.detail}`);
    const setups: SetupFigures[] = [];
    for (const setup of SETUPS) setups.push(await measureSetup(setup, app.url, emulator, rounds));
    return { rounds, navigations: 2 + 4 * rounds, setups };
  } finally {
    await app?.stop();
    await emulator?.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

async function measureSetup(
  setup: Setup,
  url: string,
  emulator: Emulator,
  rounds: number,
): Promise<SetupFigures> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS, ...setup.args(emulator.reportOrigin)],
  });
  try {
    // Signed in as the demo user alice (lib/session.ts's cookie) before the navigation starts.
    const newContext = async () => {
      const context = await browser.newContext();
      await context.addCookies([{ name: 'demo_user', value: 'alice', url }]);
      return context;
    };
    const created = () => emulator.stats().calls.CreateTicket ?? 0;
    const before = created();
    const times = await alternatingRounds(
      browser,
      VARIANTS,
      rounds,
      (v) => url + PATHS[v],
      newContext,
    );
    const both = medians(times, VARIANTS);
    return {
      setup: setup.name,
      times,
      medians: both,
      coldGoalMet: both[0]!.ratio <= COLD_GOAL,
      createTickets: created() - before,
    };
  } finally {
    await browser.close();
  }
}

/** The figures as Markdown, as bench/RESULTS.md and the command line show them. */
export function formatServerFirstPaint(f: ServerFirstPaintFigures): string {
  const ms = (n: number) => `${Math.round(n)} ms`;
  return [
    '| Chromium | navigation → first table row | (a) QuickBIReport, server prefetch | (b) limit: plain `<iframe src>` | a÷b |',
    '|---|---|---|---|---|',
    ...f.setups.flatMap((s) => [
      ...s.medians.map(
        (m) =>
          `| ${s.setup} | ${m.kind} median | ${ms(m.first)} | ${ms(m.second)} | **${m.ratio.toFixed(2)}** |`,
      ),
      ...(['cold', 'warm'] as const).map(
        (kind) =>
          `| ${s.setup} | ${kind} samples | ${s.times[kind].a.join(', ')} | ${s.times[kind].b.join(', ')} | |`,
      ),
    ]),
    '',
    ...f.setups.map(
      (s) =>
        `- ${s.setup}: goal a÷b ≤ ${COLD_GOAL} cold **${s.coldGoalMet ? 'met' : 'NOT met'}** ` +
        `(a÷b = ${s.medians[0]!.ratio.toFixed(2)}); ${s.createTickets} CreateTicket calls.`,
    ),
    '',
    `${f.rounds} alternating rounds after one uncounted warm-up pass, ${f.navigations} navigations ` +
      'per setup. Both pages share the handler’s cache (5 uses per ticket), so about one ' +
      'navigation in five mints a ticket, for either page alike.',
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const figures = await measureServerFirstPaint(Math.max(7, Number(process.argv[2] ?? ROUNDS)));
  console.log(formatServerFirstPaint(figures));
}
