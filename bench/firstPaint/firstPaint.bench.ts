// First paint, client-only (issue 14, item 10): in real Chromium, navigation → the report's first
// rendered table row inside the iframe, for (c) our QuickBIReport and (d) a hand-written React
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
import { build } from 'vite';
import { DEFAULT_ACCESS_KEY, startEmulator } from '@quickbi-embed/emulator';
import { createQuickBIClient, createQuickBIHandler } from '@quickbi-embed/server';
import { toNodeHandler } from '@quickbi-embed/server/node';
import { launchChromium } from '../../test-support/chromium.js';
import { alternatingRounds, medians } from './measure.js';

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

const variants = ['c', 'd'] as const;
const times = await alternatingRounds(browser, variants, rounds, url);
console.log(
  `First paint (navigation → first table row in the report), ${rounds} alternating rounds:`,
);
for (const { kind, first, second, ratio } of medians(times, variants))
  console.log(
    `  ${kind}: (c) QuickBIReport ${first} ms, (d) hand-written ${second} ms, c÷d = ${ratio.toFixed(2)}`,
  );

await browser.close();
server.closeAllConnections();
server.close();
await emulator.stop();
rmSync(outDir, { recursive: true, force: true });
