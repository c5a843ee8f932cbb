import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { handleControl } from './control/controlApi.js';
import { FaultPlan, validateFault, type EmulatorFault } from './control/faults.js';
import { RateLimiter } from './control/rateLimiter.js';
import { gateway } from './openapi/apiError.js';
import { handleOpenApi, type OpenApiRuntime } from './openapi/handler.js';
import { writeBody } from './openapi/respond.js';
import { resolveOptions, type EmulatorAccessKey, type EmulatorOptions } from './options.js';
import type { EmulatorUser, EmulatorWorks, PageBackend } from './pages/backend.js';
import { createPageHandler } from './pages/index.js';
import {
  SAMPLE_ORGANIZATION_ID,
  SAMPLE_USERS,
  SAMPLE_WORKS,
  cloneUsers,
  cloneWorks,
} from './sampleOrg.js';
import { NonceCache } from './signature/nonceCache.js';
import { createMovableClock } from './state/clock.js';
import { EmulatorState } from './state/emulatorState.js';
import { createPageBackend } from './state/pageBackend.js';
import { copyStats, type EmulatorStats } from './state/stats.js';

export interface Emulator {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** The OpenAPI endpoint (same as url; RPC calls go to `/`). */
  endpoint: string;
  /** Origin of the embed pages (same as url). */
  reportOrigin: string;
  accessKeys: EmulatorAccessKey[];
  /** Current works (copies; UpdateEmbeddedStatus changes show up here). */
  readonly works: EmulatorWorks[];
  readonly users: EmulatorUser[];
  organizationId: string;
  /** The emulator clock (epoch ms): base clock + offset. */
  now(): number;
  /** Sets the clock offset (absolute, ms). */
  setClockOffset(ms: number): void;
  /** Moves the clock forward (or back, with a negative number). */
  advanceClock(ms: number): void;
  stats(): EmulatorStats;
  /** Clears tickets, tokens, views, stats, faults, nonces, rate windows and the clock offset. */
  reset(): void;
  /** Adds faults for the next calls of an action ('*' = any). */
  setFaults(faults: EmulatorFault | EmulatorFault[]): void;
  clearFaults(): void;
  /** The state layer the embed pages use. */
  backend: PageBackend;
  stop(): Promise<void>;
}

/** Starts a local Quick BI: OpenAPI on `/`, embed pages, control API under `/__emulator/`. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const resolved = resolveOptions(options, SAMPLE_ORGANIZATION_ID);
  const clock = createMovableClock(resolved.now);
  const state = new EmulatorState(
    resolved,
    clock,
    options.works ?? SAMPLE_WORKS,
    options.users ?? SAMPLE_USERS,
  );
  const runtime: OpenApiRuntime = {
    state,
    options: resolved,
    faults: new FaultPlan(),
    limiter: new RateLimiter(resolved.rateLimitPerSecond),
    nonces: new NonceCache(),
  };
  const backend = createPageBackend(state);
  const pages = createPageHandler({ backend, refreshIntervalMs: resolved.refreshIntervalMs });

  const setFaults = (faults: EmulatorFault | EmulatorFault[]) => {
    const list = Array.isArray(faults) ? faults : [faults];
    list.forEach((f) => validateFault(f));
    list.forEach((f) => runtime.faults.add(f));
  };
  const reset = () => {
    state.resetState();
    runtime.faults.clear();
    runtime.limiter.clear();
    runtime.nonces.clear();
    clock.setOffset(0);
  };
  const control = {
    works: () => cloneWorks([...state.works.values()]),
    users: () => cloneUsers([...state.users.values()]),
    stats: () => copyStats(state.stats),
    faults: () => runtime.faults.list(),
    setFaults,
    clearFaults: () => runtime.faults.clear(),
    setClockOffset: (ms: number) => clock.setOffset(ms),
    advanceClock: (ms: number) => clock.advance(ms),
    clock: () => ({ now: clock.now(), offsetMs: clock.offsetMs() }),
    reset,
  };

  const route = async (req: IncomingMessage, res: ServerResponse) => {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://emulator.local');
    } catch {
      const error = gateway.invalidParameter('url');
      writeBody(
        res,
        400,
        'Error',
        { RequestId: 'emulator', Code: error.code, Message: error.message },
        'JSON',
      );
      return;
    }
    if (url.pathname === '/') return handleOpenApi(req, res, url, runtime);
    if (await handleControl(req, res, url, control)) return;
    if (pages(req, res, url)) return;
    // RPC-style OpenAPI lives on `/` only; anything else is an unknown API to the gateway.
    const error = gateway.actionNotFound();
    writeBody(
      res,
      404,
      'Error',
      { RequestId: 'emulator', Code: error.code, Message: error.message },
      'JSON',
    );
  };

  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      resolved.logger?.({
        level: 'error',
        message: `unhandled: ${error instanceof Error ? error.message : String(error)}`,
      });
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ Code: 'InternalError', Message: 'emulator error' }));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(resolved.port, resolved.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host}:${port}`;

  return {
    url,
    endpoint: url,
    reportOrigin: url,
    accessKeys: resolved.accessKeys.map((k) => ({ ...k })),
    get works() {
      return control.works();
    },
    get users() {
      return control.users();
    },
    organizationId: resolved.organizationId,
    now: () => clock.now(),
    setClockOffset: control.setClockOffset,
    advanceClock: control.advanceClock,
    stats: control.stats,
    reset,
    setFaults,
    clearFaults: control.clearFaults,
    backend,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
