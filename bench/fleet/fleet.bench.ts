// Fleet benchmark: N server processes (the handler on node:http with the Redis store) share one
// redis-server and one emulator; many concurrent first requests from simulated users. A fleet must
// mint exactly one ticket per (user, report, policy): upstream creates == distinct keys, 0 errors.
//
//   pnpm exec tsx --conditions=@quickbi-embed/source bench/fleet/fleet.bench.ts [--light] [--log FILE]
//
// Exits 1 when creates != keys, any request failed, or a first request (ticket, embed token, Smart Q
// ticket) took more than 3 Redis round trips (issue 17), so `--light` serves as a CI check.
import { fork, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DEFAULT_ACCESS_KEY, startEmulator } from '@quickbi-embed/emulator';
import { Redis } from 'ioredis';
import { startRedisServer } from '../../packages/server/test/support/redisServer.js';
import { fleetOrg, percentile, seededRandom } from './fleetOrg.js';

export interface FleetOptions {
  processes?: number;
  requests?: number;
  users?: number;
  reports?: number;
  seed?: number;
  /** Appends every worker's output here (scanned for secrets by scripts/secret-scan.mjs). */
  logFile?: string;
}

export interface FleetFigures {
  processes: number;
  requests: number;
  users: number;
  reports: number;
  /** Distinct (user, report, policy) keys asked for. */
  distinctKeys: number;
  /** CreateTicket calls the emulator answered with a new ticket. */
  upstreamCreates: number;
  /** Distinct tickets handed out: equals distinctKeys when every key got one shared ticket. */
  distinctTickets: number;
  errors: number;
  errorSamples: string[];
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  wallMs: number;
  /**
   * What one first /ticket request (a key no process holds) costs in Redis, seen by MONITOR on the
   * redis-server: round trips (commands a client sent; a script or a pipeline's command each
   * counts once) and commands executed (scripts' inner commands included).
   */
  firstRequest: RedisCost;
  /** The same for the probe's second request: a cache hit (the ticket it was just given). */
  cacheHit: RedisCost;
  /** A first /token request (an embed token nobody holds) and its cache hit. */
  tokenFirst: RedisCost;
  tokenHit: RedisCost;
  /** A first /copilot/ticket request (Smart Q tickets are never cached: each one is first). */
  copilotFirst: RedisCost;
}

/** Issue 17: a first request (ticket, token, Smart Q ticket) takes at most this many round trips. */
export const MAX_FIRST_REQUEST_ROUND_TRIPS = 3;

export interface RedisCost {
  roundTrips: number;
  commands: number;
  /** The client-sent commands, in order (e.g. `get`, `evalsha`), for reading where they go. */
  sent: string[];
}

export const FULL: Required<Omit<FleetOptions, 'logFile'>> = {
  processes: 4,
  requests: 1000,
  users: 200,
  reports: 20,
  seed: 20261123,
};
// Fewer keys than requests, so most keys are asked for by several processes at once.
export const LIGHT: Required<Omit<FleetOptions, 'logFile'>> = {
  processes: 4,
  requests: 200,
  users: 20,
  reports: 5,
  seed: 20261123,
};

/** The Smart Q module the probe asks for (the worker's `authorizeCopilot` allows every user). */
const COPILOT_ID = 'copilot-fleet-001';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

export async function runFleetBench(options: FleetOptions = {}): Promise<FleetFigures> {
  const o = { ...FULL, ...options };
  // One user more than the plan draws from: the round-trip probe asks for a key nobody holds.
  const org = fleetOrg(o.users + 1, o.reports);
  const works = org.works;
  const users = org.users.slice(0, o.users);
  const probeUser = org.users[o.users]!.userId;
  const log = (line: string) => {
    if (o.logFile) appendFileSync(o.logFile, line.endsWith('\n') ? line : `${line}\n`);
  };
  if (o.logFile) mkdirSync(dirname(o.logFile), { recursive: true });
  log(`fleet bench ${new Date().toISOString()}: ${JSON.stringify({ ...o, logFile: undefined })}`);

  const redis = await startRedisServer();
  const emulator = await startEmulator({
    users: org.users,
    // The Smart Q module the probe asks for (not among the reports the plan draws from).
    works: [
      ...works,
      {
        ...works[0]!,
        worksId: COPILOT_ID,
        name: 'Fleet Smart Q',
        worksType: 'copilot',
        globalParamKeys: [],
      },
    ],
    rateLimitPerSecond: 0,
    refreshIntervalMs: 0,
  });
  const workers: ChildProcess[] = [];
  try {
    const ports = await Promise.all(
      Array.from({ length: o.processes }, () =>
        startWorker(workers, log, {
          FLEET_ACCESS_KEY_ID: DEFAULT_ACCESS_KEY.accessKeyId,
          FLEET_ACCESS_KEY_SECRET: DEFAULT_ACCESS_KEY.accessKeySecret,
          FLEET_ENDPOINT: emulator.endpoint,
          FLEET_REDIS_URL: redis.url,
        }),
      ),
    );

    const random = seededRandom(o.seed);
    const plan = Array.from({ length: o.requests }, (_, i) => ({
      user: users[Math.floor(random() * users.length)]!.userId,
      worksId: works[Math.floor(random() * works.length)]!.worksId,
      port: ports[i % ports.length]!,
    }));
    const keys = new Set(plan.map((p) => `${p.user}|${p.worksId}`));
    const ticketsByKey = new Map<string, Set<string>>();
    const latencies: number[] = [];
    const errorSamples: string[] = [];
    let errors = 0;

    const started = performance.now();
    await Promise.all(
      plan.map(async ({ user, worksId, port }) => {
        const t0 = performance.now();
        try {
          const response = await fetch(`http://127.0.0.1:${port}/api/quickbi/ticket`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'x-quickbi-embed-contract': '1',
              'x-fleet-user': user,
            },
            body: JSON.stringify({ worksId }),
            signal: AbortSignal.timeout(60_000),
          });
          const body = (await response.json()) as {
            ticket?: string;
            expiresAt?: number;
            serverNow?: number;
          };
          latencies.push(performance.now() - t0);
          if (response.status !== 200 || !body.ticket || !(body.expiresAt! > body.serverNow!)) {
            throw new Error(`${response.status} ${JSON.stringify(body).slice(0, 200)}`);
          }
          const key = `${user}|${worksId}`;
          const tickets = ticketsByKey.get(key) ?? new Set();
          tickets.add(body.ticket);
          ticketsByKey.set(key, tickets);
        } catch (error) {
          errors += 1;
          if (errorSamples.length < 5) errorSamples.push(String(error));
        }
      }),
    );
    const wallMs = performance.now() - started;

    const sorted = latencies.sort((a, b) => a - b);
    const stats = emulator.stats();
    const probe =
      (path: string, body: Record<string, string>, user = probeUser) =>
      async () => {
        const response = await fetch(`http://127.0.0.1:${ports[0]!}/api/quickbi/${path}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-quickbi-embed-contract': '1',
            'x-fleet-user': user,
          },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(60_000),
        });
        const text = await response.text();
        if (response.status !== 200) throw new Error(`probe ${path}: ${response.status} ${text}`);
      };
    const ticketProbe = probe('ticket', { worksId: works[0]!.worksId });
    const firstRequest = await measureRedisCost(redis.url, ticketProbe);
    const cacheHit = await measureRedisCost(redis.url, ticketProbe);
    const tokenProbe = probe('token', { worksId: works[0]!.worksId });
    const tokenFirst = await measureRedisCost(redis.url, tokenProbe);
    const tokenHit = await measureRedisCost(redis.url, tokenProbe);
    // Scripts are sent in full once per redis-server (EVALSHA answers NOSCRIPT first): the plan
    // asked for no Smart Q ticket, so one for another user first, and the figure is the steady one.
    await probe('copilot/ticket', { copilotId: COPILOT_ID }, users[0]!.userId)();
    const copilotFirst = await measureRedisCost(
      redis.url,
      probe('copilot/ticket', { copilotId: COPILOT_ID }),
    );
    return {
      processes: o.processes,
      requests: o.requests,
      users: o.users,
      reports: o.reports,
      distinctKeys: keys.size,
      upstreamCreates: stats.ticketsCreated,
      distinctTickets: [...ticketsByKey.values()].reduce((n, s) => n + s.size, 0),
      errors,
      errorSamples,
      p50Ms: round(percentile(sorted, 50)),
      p99Ms: round(percentile(sorted, 99)),
      maxMs: round(sorted[sorted.length - 1] ?? NaN),
      wallMs: round(wallMs),
      firstRequest,
      cacheHit,
      tokenFirst,
      tokenHit,
      copilotFirst,
    };
  } finally {
    await Promise.all(workers.map(stopWorker));
    await emulator.stop();
    await redis.stop();
  }
}

/**
 * Watches the redis-server with MONITOR while `request` runs (after the fleet's connections are up),
 * then a short settle for writes the handler finishes after answering (a lease release).
 */
async function measureRedisCost(url: string, request: () => Promise<void>): Promise<RedisCost> {
  const client = new Redis(url, { lazyConnect: true });
  await client.connect();
  const monitor = await client.monitor();
  const sent: string[] = [];
  let commands = 0;
  monitor.on('monitor', (_time: string, args: string[], source: string) => {
    commands += 1;
    if (source !== 'lua') sent.push(String(args[0]).toLowerCase());
  });
  try {
    await request();
    await new Promise((resolve) => setTimeout(resolve, 300));
  } finally {
    monitor.disconnect();
    client.disconnect();
  }
  return { roundTrips: sent.length, commands, sent };
}

function startWorker(
  workers: ChildProcess[],
  log: (line: string) => void,
  env: Record<string, string>,
): Promise<number> {
  const child = fork(join(here, 'worker.ts'), [], {
    cwd: root,
    execArgv: ['--import', 'tsx', '--conditions=@quickbi-embed/source'],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  workers.push(child);
  let output = '';
  const capture = (chunk: Buffer) => {
    output += chunk.toString();
    log(chunk.toString());
  };
  child.stdout?.on('data', capture);
  child.stderr?.on('data', capture);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`fleet worker not up in 30 s:\n${output}`)),
      30_000,
    );
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`fleet worker exited (${code}):\n${output}`));
    });
    child.on('message', (message: { type?: string; port?: number }) => {
      if (message.type !== 'listening' || !message.port) return;
      clearTimeout(timer);
      resolve(message.port);
    });
  });
}

function stopWorker(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.removeAllListeners('exit');
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    if (child.connected) child.send('stop');
    else child.kill('SIGTERM');
  });
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/** Why the fleet run fails its checks (empty: it passes). */
export function fleetFailures(f: FleetFigures): string[] {
  const failures: string[] = [];
  if (f.errors > 0) failures.push(`${f.errors} requests failed`);
  if (f.upstreamCreates !== f.distinctKeys || f.distinctTickets !== f.distinctKeys)
    failures.push('creates != keys');
  const firsts = [
    ['ticket', f.firstRequest],
    ['token', f.tokenFirst],
    ['Smart Q ticket', f.copilotFirst],
  ] as const;
  for (const [what, cost] of firsts)
    if (cost.roundTrips > MAX_FIRST_REQUEST_ROUND_TRIPS)
      failures.push(
        `a first ${what} took ${cost.roundTrips} Redis round trips (> ${MAX_FIRST_REQUEST_ROUND_TRIPS})`,
      );
  return failures;
}

export function fleetOk(f: FleetFigures): boolean {
  return fleetFailures(f).length === 0;
}

const costLine = (label: string, cost: RedisCost) =>
  `  Redis per ${label} (MONITOR):`.padEnd(46) +
  `${cost.roundTrips} round trips, ${cost.commands} commands [${cost.sent.join(' ')}]`;

export function formatFleet(f: FleetFigures): string {
  const failures = fleetFailures(f);
  return [
    `fleet: ${f.processes} processes, ${f.requests} concurrent first requests, ${f.users} users x ${f.reports} reports`,
    `  distinct (user, report, policy) keys: ${f.distinctKeys}`,
    `  upstream creates (emulator stats):    ${f.upstreamCreates}`,
    `  distinct tickets handed out:          ${f.distinctTickets}`,
    `  errors: ${f.errors}${f.errorSamples.length ? ` (${f.errorSamples.join(' | ')})` : ''}`,
    `  latency p50 ${f.p50Ms} ms, p99 ${f.p99Ms} ms, max ${f.maxMs} ms; wall ${f.wallMs} ms`,
    costLine('first request', f.firstRequest),
    costLine('cache hit', f.cacheHit),
    costLine('first token', f.tokenFirst),
    costLine('token cache hit', f.tokenHit),
    costLine('first Smart Q ticket', f.copilotFirst),
    failures.length === 0
      ? `  OK: creates == keys, 0 errors, first requests <= ${MAX_FIRST_REQUEST_ROUND_TRIPS} Redis round trips`
      : `  FAILED: ${failures.join('; ')}`,
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const logAt = args.indexOf('--log');
  const figures = await runFleetBench({
    ...(args.includes('--light') ? LIGHT : FULL),
    ...(logAt >= 0 && args[logAt + 1] ? { logFile: args[logAt + 1] } : {}),
  });
  console.log(formatFleet(figures));
  process.exit(fleetOk(figures) ? 0 : 1);
}
