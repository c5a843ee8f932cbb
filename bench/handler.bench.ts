/**
 * Cache-hit throughput of `POST /api/quickbi/ticket` (handler on node:http through `toNodeHandler`,
 * credential cached) next to a bare node:http hello-world and a Hono app on `@hono/node-server`
 * (reads the JSON body, answers JSON: the anchor to approach), with the same load generator in the
 * same run, in alternating rounds. Two measures per side: requests per second (the load generator,
 * its own process, shares the machine's cores), and the CPU time (user + system) the serving
 * process spent per request answered, which other load on the machine disturbs far less. Hono runs
 * in a child process of its own (it replaces the global Request/Response); `--profile <dir>` writes
 * CPU profiles of the handler and hello-world servers.
 *
 *   pnpm exec tsx --conditions=@quickbi-embed/source bench/handler.bench.ts
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import type { Profiler } from 'node:inspector';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { DEFAULT_ACCESS_KEY, startEmulator } from '@quickbi-embed/emulator';
import { createQuickBIClient, createQuickBIHandler } from '@quickbi-embed/server';
import { toNodeHandler } from '@quickbi-embed/server/node';
import { HONO_CHILD_SOURCE, LOAD_CHILD_SOURCE } from './handlerLoad.js';
import type { LoadResult } from './handlerLoad.js';

export interface HandlerBenchOptions {
  /** Measured time per side, split over `rounds`. Default 4500 ms. */
  durationMs?: number;
  /** Alternating handler / hello-world rounds. Default 3. */
  rounds?: number;
  /** Concurrent keep-alive connections. Default 32. */
  concurrency?: number;
  /**
   * Writes a CPU profile of the server thread per side (`<side>.cpuprofile`, all rounds of that
   * side) to this folder; open it in Chrome DevTools, or summarise it with `--profile`.
   */
  profileDir?: string;
}

export interface HandlerBenchFigures {
  handlerRequestsPerSecond: number;
  helloWorldRequestsPerSecond: number;
  honoRequestsPerSecond: number;
  /** handler / hello-world, requests per second. */
  ratio: number;
  /** Hono / hello-world, requests per second. */
  honoRatio: number;
  /** CPU µs (user + system) the serving process spent per request answered. */
  handlerCpuMicrosPerRequest: number;
  helloWorldCpuMicrosPerRequest: number;
  honoCpuMicrosPerRequest: number;
  /** hello-world CPU µs / handler CPU µs per request: the ratio "by CPU". */
  cpuRatio: number;
  /** hello-world CPU µs / Hono CPU µs per request. */
  honoCpuRatio: number;
  handlerFailed: number;
  helloWorldFailed: number;
  honoFailed: number;
  /** CreateTicket calls the emulator saw during the measured handler phase (expected 0). */
  upstreamCallsWhileMeasuring: number;
  concurrency: number;
  durationMs: number;
  rounds: number;
  /**
   * The edge path on a cache hit, no HTTP: CPU µs per call of the fetch handler with a Web
   * `Request` built for it and its `Response` read as text, one after another in this process.
   * (Profiled, about two thirds of it is the Web Request/Response/stream machinery, a third the
   * handler's own logic.)
   */
  fetchPathCpuMicrosPerCall: number;
  /** handlerCpuMicrosPerRequest − helloWorldCpuMicrosPerRequest: what serving it adds over bare node:http. */
  addedCpuMicrosPerRequest: number;
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

/** Runs `source` in a child node process with an IPC channel and `config` (JSON) as `argv[1]`. */
function child(source: string, config: unknown): ChildProcess {
  return spawn(process.execPath, ['-e', source, JSON.stringify(config)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

function load(url: string, concurrency: number, durationMs: number): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const loader = child(LOAD_CHILD_SOURCE, {
      url,
      body: BODY,
      headers: HEADERS,
      concurrency,
      durationMs,
    });
    loader.once('message', (result: LoadResult) => resolve(result));
    loader.once('error', reject);
  });
}

interface HonoChild {
  port: number;
  /** The Hono process's CPU time so far, µs (user + system). */
  cpuMicros: () => Promise<number>;
  close: () => Promise<void>;
}

async function startHono(): Promise<HonoChild> {
  const hono = child(HONO_CHILD_SOURCE, {
    honoUrl: import.meta.resolve('hono'),
    nodeServerUrl: import.meta.resolve('@hono/node-server'),
  });
  const next = <T>(key: string) =>
    new Promise<T>((resolve, reject) => {
      const onMessage = (message: Record<string, T>) => {
        if (!(key in message)) return;
        hono.off('message', onMessage);
        resolve(message[key] as T);
      };
      hono.on('message', onMessage);
      hono.once('error', reject);
    });
  const port = await next<number>('port');
  return {
    port,
    cpuMicros: async () => {
      const answer = next<NodeJS.CpuUsage>('cpu');
      hono.send('cpu');
      const cpu = await answer;
      return cpu.user + cpu.system;
    },
    close: async () => {
      const exited = new Promise((resolve) => hono.once('exit', resolve));
      hono.send('close');
      await exited;
    },
  };
}

/** CPU µs per cache-hit call of the fetch handler (Web Request built, Response read), no HTTP. */
async function handlerLogicMicros(
  handler: (request: Request) => Promise<Response>,
  url: string,
): Promise<number> {
  const call = async () => {
    const response = await handler(
      new Request(url, {
        method: 'POST',
        headers: { ...HEADERS, 'content-length': String(BODY.length) },
        body: BODY,
      }),
    );
    await response.text();
  };
  for (let i = 0; i < 2000; i++) await call();
  const calls = 5000;
  const before = process.cpuUsage();
  for (let i = 0; i < calls; i++) await call();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / calls;
}

async function startProfiler(): Promise<Session> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  return session;
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
  const hono = await startHono();
  const helloServer = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"hello":"world"}');
    });
  });
  try {
    const sides = {
      handler: (await listen(handlerServer)) + '/api/quickbi/ticket',
      hello: (await listen(helloServer)) + '/api/quickbi/ticket',
      hono: `http://127.0.0.1:${hono.port}/api/quickbi/ticket`,
    };
    type Side = keyof typeof sides;
    // Warm-up: the first request mints and caches; every server gets JIT-warm.
    for (const url of Object.values(sides)) await load(url, concurrency, 500);
    // Alternating rounds, so load from anything else on the machine hits every side alike.
    const callsBefore = emulator.stats().calls.CreateTicket ?? 0;
    const totals = {} as Record<
      Side,
      { ok: number; failed: number; ms: number; cpuMicros: number }
    >;
    for (const side of Object.keys(sides) as Side[])
      totals[side] = { ok: 0, failed: 0, ms: 0, cpuMicros: 0 };
    const profiler = options.profileDir ? await startProfiler() : undefined;
    const profiles = {} as Record<Side, Profiler.Profile[]>;
    for (let round = 0; round < rounds; round++) {
      for (const side of Object.keys(sides) as Side[]) {
        // Hono runs in its own thread: only this thread's servers are profiled.
        const profiling = profiler && side !== 'hono' ? profiler : undefined;
        await profiling?.post('Profiler.start');
        // CPU the serving process spent: the Hono child's, or this process's (the load generator
        // runs in its own process).
        const cpu = async () => {
          if (side === 'hono') return hono.cpuMicros();
          const own = process.cpuUsage();
          return own.user + own.system;
        };
        const before = await cpu();
        const run = await load(sides[side], concurrency, durationMs / rounds);
        const usedMicros = (await cpu()) - before;
        if (profiling)
          (profiles[side] ??= []).push((await profiling.post('Profiler.stop')).profile);
        totals[side].ok += run.ok;
        totals[side].failed += run.failed;
        totals[side].ms += run.elapsedMs;
        totals[side].cpuMicros += usedMicros;
      }
    }
    if (profiler && options.profileDir) {
      mkdirSync(options.profileDir, { recursive: true });
      for (const [side, list] of Object.entries(profiles))
        list.forEach((profile, round) =>
          writeFileSync(
            join(options.profileDir!, `${side}.${round}.cpuprofile`),
            JSON.stringify(profile),
          ),
        );
      profiler.disconnect();
    }
    const logic = await handlerLogicMicros(handler, sides.handler);
    const upstream = (emulator.stats().calls.CreateTicket ?? 0) - callsBefore;
    const rps = (side: Side) => (totals[side].ok / totals[side].ms) * 1000;
    const busy = (side: Side) => totals[side].cpuMicros / totals[side].ok;
    const round3 = (n: number) => Number(n.toFixed(3));
    return {
      handlerRequestsPerSecond: Math.round(rps('handler')),
      helloWorldRequestsPerSecond: Math.round(rps('hello')),
      honoRequestsPerSecond: Math.round(rps('hono')),
      ratio: round3(rps('handler') / rps('hello')),
      honoRatio: round3(rps('hono') / rps('hello')),
      handlerCpuMicrosPerRequest: Number(busy('handler').toFixed(1)),
      helloWorldCpuMicrosPerRequest: Number(busy('hello').toFixed(1)),
      honoCpuMicrosPerRequest: Number(busy('hono').toFixed(1)),
      cpuRatio: round3(busy('hello') / busy('handler')),
      honoCpuRatio: round3(busy('hello') / busy('hono')),
      handlerFailed: totals.handler.failed,
      helloWorldFailed: totals.hello.failed,
      honoFailed: totals.hono.failed,
      upstreamCallsWhileMeasuring: upstream,
      concurrency,
      durationMs,
      rounds,
      fetchPathCpuMicrosPerCall: Number(logic.toFixed(1)),
      addedCpuMicrosPerRequest: Number((busy('handler') - busy('hello')).toFixed(1)),
    };
  } finally {
    await close(handlerServer);
    await close(helloServer);
    await hono.close();
    await emulator.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const at = process.argv.indexOf('--profile');
  const f = await runHandlerBenchmark(
    at > 0 ? { profileDir: process.argv[at + 1] ?? 'bench/.profiles' } : {},
  );
  const row = (name: string, rps: number, ratio: number, busy: number, cpu: number) =>
    console.log(
      `${name.padEnd(46)} ${String(rps).padStart(7)} req/s  ${ratio.toFixed(3)} × bare   ` +
        `${busy.toFixed(1).padStart(6)} µs CPU/req  ${cpu.toFixed(3)} × bare by CPU`,
    );
  row(
    'bare node:http hello-world',
    f.helloWorldRequestsPerSecond,
    1,
    f.helloWorldCpuMicrosPerRequest,
    1,
  );
  row(
    'Hono on @hono/node-server (JSON in, JSON out)',
    f.honoRequestsPerSecond,
    f.honoRatio,
    f.honoCpuMicrosPerRequest,
    f.honoCpuRatio,
  );
  row(
    'our handler via toNodeHandler, cache hit',
    f.handlerRequestsPerSecond,
    f.ratio,
    f.handlerCpuMicrosPerRequest,
    f.cpuRatio,
  );
  console.log(
    `handler / Hono: ${(f.ratio / f.honoRatio).toFixed(3)} by req/s, ${(f.cpuRatio / f.honoCpuRatio).toFixed(3)} by CPU`,
  );
  console.log(
    `CPU per request added over bare node:http: ${f.addedCpuMicrosPerRequest} µs; the fetch ` +
      `handler called directly with a Web Request (edge path, no HTTP): ${f.fetchPathCpuMicrosPerCall} µs/call`,
  );
  console.log(JSON.stringify(f));
}
