/**
 * Cache-hit throughput of `POST /api/quickbi/ticket` (handler on node:http, credential cached)
 * next to a bare node:http hello-world, with the same load generator in the same run.
 *
 *   pnpm exec tsx --conditions=@quickbi-embed/source bench/handler.bench.ts
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { DEFAULT_ACCESS_KEY, startEmulator } from '@quickbi-embed/emulator';
import { createQuickBIClient, createQuickBIHandler, toNodeHandler } from '@quickbi-embed/server';
import { LOAD_WORKER_SOURCE } from './handlerLoad.js';
import type { LoadResult } from './handlerLoad.js';

export interface HandlerBenchOptions {
  /** Measured time per side, split over `rounds`. Default 4500 ms. */
  durationMs?: number;
  /** Alternating handler / hello-world rounds. Default 3. */
  rounds?: number;
  /** Concurrent keep-alive connections. Default 32. */
  concurrency?: number;
}

export interface HandlerBenchFigures {
  handlerRequestsPerSecond: number;
  helloWorldRequestsPerSecond: number;
  /** handler / hello-world. */
  ratio: number;
  handlerFailed: number;
  helloWorldFailed: number;
  /** CreateTicket calls the emulator saw during the measured handler phase (expected 0). */
  upstreamCallsWhileMeasuring: number;
  concurrency: number;
  durationMs: number;
  rounds: number;
}

const BODY = JSON.stringify({ worksId: 'dash-sales-0001' });
const HEADERS = {
  'content-type': 'application/json',
  'x-quickbi-embed-contract': '1',
  'x-bench-user': 'bench-user',
};

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function load(url: string, concurrency: number, durationMs: number): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(LOAD_WORKER_SOURCE, {
      eval: true,
      workerData: { url, body: BODY, headers: HEADERS, concurrency, durationMs },
    });
    worker.once('message', (result: LoadResult) => {
      void worker.terminate();
      resolve(result);
    });
    worker.once('error', reject);
  });
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** Runs both phases and returns the figures (bench/run.ts composes RESULTS.md from them). */
export async function runHandlerBenchmark(
  options: HandlerBenchOptions = {},
): Promise<HandlerBenchFigures> {
  const durationMs = options.durationMs ?? 4500;
  const rounds = options.rounds ?? 3;
  const concurrency = options.concurrency ?? 32;
  const emulator = await startEmulator({
    port: 0,
    refreshIntervalMs: 0,
    rateLimitPerSecond: 10_000,
  });
  const handler = createQuickBIHandler({
    client: createQuickBIClient({ ...DEFAULT_ACCESS_KEY, endpoint: emulator.endpoint }),
    reportOrigin: emulator.reportOrigin,
    authorize: ({ request }) =>
      request.headers.get('x-bench-user')
        ? {
            subject: 'bench-user',
            userId: 'user-alice-0001',
            ticketUses: 99_999,
            expireMinutes: 240,
          }
        : null,
  });
  const handlerServer = createServer(toNodeHandler(handler));
  const helloServer = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"hello":"world"}');
    });
  });
  try {
    const handlerUrl = (await listen(handlerServer)) + '/api/quickbi/ticket';
    const helloUrl = (await listen(helloServer)) + '/api/quickbi/ticket';
    // Warm-up: the first request mints and caches; both servers get JIT-warm.
    await load(handlerUrl, concurrency, 500);
    await load(helloUrl, concurrency, 500);
    // Alternating rounds, so load from anything else on the machine hits both sides alike.
    const callsBefore = emulator.stats().calls.CreateTicket ?? 0;
    const totals = { handler: { ok: 0, failed: 0, ms: 0 }, hello: { ok: 0, failed: 0, ms: 0 } };
    for (let round = 0; round < rounds; round++) {
      for (const [name, url] of [
        ['handler', handlerUrl],
        ['hello', helloUrl],
      ] as const) {
        const run = await load(url, concurrency, durationMs / rounds);
        totals[name].ok += run.ok;
        totals[name].failed += run.failed;
        totals[name].ms += run.elapsedMs;
      }
    }
    const upstream = (emulator.stats().calls.CreateTicket ?? 0) - callsBefore;
    const handlerRps = (totals.handler.ok / totals.handler.ms) * 1000;
    const helloRps = (totals.hello.ok / totals.hello.ms) * 1000;
    return {
      handlerRequestsPerSecond: Math.round(handlerRps),
      helloWorldRequestsPerSecond: Math.round(helloRps),
      ratio: Number((handlerRps / helloRps).toFixed(3)),
      handlerFailed: totals.handler.failed,
      helloWorldFailed: totals.hello.failed,
      upstreamCallsWhileMeasuring: upstream,
      concurrency,
      durationMs,
      rounds,
    };
  } finally {
    await close(handlerServer);
    await close(helloServer);
    await emulator.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const figures = await runHandlerBenchmark();
  console.log(
    `handler (cache hit), POST /api/quickbi/ticket: ${figures.handlerRequestsPerSecond} req/s`,
  );
  console.log(
    `bare node:http hello-world:                     ${figures.helloWorldRequestsPerSecond} req/s`,
  );
  console.log(`ratio handler / hello-world: ${figures.ratio}`);
  console.log(JSON.stringify(figures));
}
