// First paint, client-only (issue 14, item 10): in real Chromium, navigation → the report's first
// rendered table inside the iframe, for (c) our QuickBIReport and (d) a hand-written React
// component that fetches the ticket in an effect and sets the iframe src, in the same Vite app
// against the emulator and the real server handler. Alternating pages, cold (a fresh browser
// context) and warm (the same context again); prints medians and c÷d.
//
//   pnpm exec tsx --conditions=@quickbi-embed/source bench/firstPaint/firstPaint.bench.ts [rounds]
import { createReadStream, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import { DEFAULT_ACCESS_KEY, startEmulator } from '@quickbi-embed/emulator';
import { createQuickBIClient, createQuickBIHandler } from '@quickbi-embed/server';
import { toNodeHandler } from '@quickbi-embed/server/node';
import { launchChromium } from '../../test-support/chromium.js';

const rounds = Math.max(7, Number(process.argv[2] ?? 7));
const here = fileURLToPath(new URL('.', import.meta.url));
const outDir = mkdtempSync(join(tmpdir(), 'first-paint-'));

// A production build, as an app ships it.
await build({
  root: join(here, 'app'),
  logLevel: 'warn',
  plugins: [react()],
  resolve: { conditions: ['@quickbi-embed/source', 'module', 'browser', 'production'] },
  build: { outDir, emptyOutDir: true },
});

const emulator = await startEmulator({ port: 0, refreshIntervalMs: 0 });
const handler = toNodeHandler(
  createQuickBIHandler({
    client: createQuickBIClient({
      ...DEFAULT_ACCESS_KEY,
      endpoint: emulator.endpoint,
      now: () => emulator.now(),
      retry: false,
    }),
    reportOrigin: emulator.reportOrigin,
    allowedOrigins: (origin) => /^http:\/\/127\.0\.0\.1(:\d+)?$/.test(origin),
    now: () => emulator.now(),
    authorize: ({ request }) => {
      const subject = request.headers.get('x-bench-user');
      return subject ? { subject, userId: 'user-alice-0001', expireMinutes: 10 } : null;
    },
  }),
);
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript' };
const server = createServer((req, res) => {
  if (req.url?.startsWith('/api/quickbi')) return void handler(req, res);
  const path = normalize(join(outDir, (req.url ?? '/').split('?')[0]!));
  const file =
    path.startsWith(outDir) && existsSync(path) && extname(path)
      ? path
      : join(outDir, 'index.html');
  res.setHeader('content-type', TYPES[extname(file)] ?? 'application/octet-stream');
  res.setHeader('cache-control', 'max-age=3600');
  createReadStream(file).pipe(res);
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

const browser = await launchChromium();
let users = 0;
const url = (v: 'c' | 'd') =>
  `${base}?v=${v}&u=bench-${++users}&o=${encodeURIComponent(emulator.reportOrigin)}`;

/** Milliseconds from navigation start to a table rendered inside the report iframe. */
async function measure(page: Page, v: 'c' | 'd'): Promise<number> {
  const start = Date.now();
  await page.goto(url(v));
  const frame = await (await page.waitForSelector('iframe', { timeout: 30_000 })).contentFrame();
  await frame!.waitForSelector('table', { timeout: 30_000 });
  return Date.now() - start;
}

const times = {
  cold: { c: [] as number[], d: [] as number[] },
  warm: { c: [] as number[], d: [] as number[] },
};
// A first pass nobody counts: Chromium, Vite's chunks and the emulator warm up.
for (const v of ['c', 'd'] as const) {
  const context = await browser.newContext();
  await measure(await context.newPage(), v);
  await context.close();
}
for (let round = 0; round < rounds; round++) {
  // Alternate which page goes first, so drift over time hits both alike.
  const order = round % 2 ? (['d', 'c'] as const) : (['c', 'd'] as const);
  for (const v of order) {
    const context = await browser.newContext();
    const page = await context.newPage();
    times.cold[v].push(await measure(page, v));
    times.warm[v].push(await measure(page, v));
    await context.close();
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
console.log(`First paint (navigation → first table in the report), ${rounds} alternating rounds:`);
for (const kind of ['cold', 'warm'] as const) {
  const c = median(times[kind].c);
  const d = median(times[kind].d);
  console.log(
    `  ${kind}: (c) QuickBIReport ${c} ms, (d) hand-written ${d} ms, c÷d = ${(c / d).toFixed(2)}`,
  );
}

await browser.close();
server.closeAllConnections();
server.close();
await emulator.stop();
rmSync(outDir, { recursive: true, force: true });
