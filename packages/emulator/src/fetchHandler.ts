/**
 * The emulator itself, with no transport: state, OpenAPI, embed pages and control API behind one
 * fetch-style `(Request) => Promise<Response>`. The Node server (`startEmulator`), the msw
 * handlers (`@quickbi-embed/emulator/msw`) and the browser build all run this one implementation.
 */
import { CONTROL_PREFIX, handleControl } from './control/controlApi.js';
import { FaultPlan, validateFault, type EmulatorFault } from './control/faults.js';
import { RateLimiter } from './control/rateLimiter.js';
import { gateway } from './errors/apiError.js';
import { handleOpenApi, type OpenApiRuntime } from './openapi/handler.js';
import { writeBody } from './openapi/respond.js';
import type { PagePaths } from './model/unconfirmed.js';
import {
  LIVE_OPTIONS,
  publicOptions,
  resolveOptions,
  type EmulatorAccessKey,
  type EmulatorOptions,
  type ResolvedOptions,
} from './options.js';
import type { EmulatorUser, EmulatorWorks } from './model/organization.js';
import type { PageBackend } from './model/pageAccess.js';
import { createPageHandler } from './pages/index.js';
import { REFRESH_PATH, pageTypeOf } from './pages/routes.js';
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
import {
  fetchExchange,
  type EmulatorRequest,
  type EmulatorResponse,
} from './transport/exchange.js';

/** Which part of the emulator a path belongs to. */
export type EmulatorRoute = 'openapi' | 'control' | 'pages';

/**
 * The parts a URL path names; null for paths the emulator does not serve. `pagePaths`: the
 * emulator's undocumented page paths (default `DEFAULT_PAGE_PATHS`; `emulator.routeOf` uses its own).
 */
export function routeOf(pathname: string, pagePaths?: Readonly<PagePaths>): EmulatorRoute | null {
  if (pathname === '/') return 'openapi';
  if (pathname.startsWith(CONTROL_PREFIX)) return 'control';
  if (pathname === REFRESH_PATH || pageTypeOf(pathname, pagePaths) !== null) return 'pages';
  return null;
}

/** Everything an Emulator does except listening on a port. */
export interface EmulatorCore {
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
  /**
   * Clears tickets, tokens, views, stats, faults, nonces, rate windows and the clock offset, and
   * restores the options it started with.
   */
  reset(): void;
  /** Adds faults for the next calls of an action ('*' = any). */
  setFaults(faults: EmulatorFault | EmulatorFault[]): void;
  clearFaults(): void;
  /** Which part of this emulator a URL path names (with its current `pagePaths`). */
  routeOf(pathname: string): EmulatorRoute | null;
  /** The state layer the embed pages use. */
  backend: PageBackend;
  /**
   * Changes options while running: the ones in `LIVE_OPTIONS` (not port, host, works, users, now,
   * logger). Throws a TypeError, changing nothing, on a bad value or another option.
   */
  setOptions(patch: Partial<EmulatorOptions>): void;
  /**
   * Answers one request as the emulator's HTTP server would. A `drop` fault rejects with a
   * TypeError, as fetch does on a lost connection.
   */
  fetch(request: Request): Promise<Response>;
}

/** The core plus the node:http-style entry the Node server feeds real sockets into. */
export interface EmulatorEngine extends EmulatorCore {
  options: ResolvedOptions;
  handle(req: EmulatorRequest, res: EmulatorResponse): Promise<void>;
}

/** Builds an emulator in memory: no port, no Node APIs (runs in browsers and service workers). */
export function createEmulator(options: EmulatorOptions = {}): EmulatorEngine {
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
  const pageHandler = () =>
    createPageHandler({
      backend,
      refreshIntervalMs: resolved.refreshIntervalMs,
      postHeightOn: resolved.postHeightOn,
      pagePaths: resolved.pagePaths,
    });
  let pages = pageHandler();

  const setOptions = (patch: Partial<EmulatorOptions>) => {
    const other = Object.keys(patch).filter(
      (k) => !(LIVE_OPTIONS as readonly string[]).includes(k),
    );
    if (other.length > 0) {
      throw new TypeError(
        `cannot change ${other.join(', ')} while running (only ${LIVE_OPTIONS.join(', ')})`,
      );
    }
    // Validated as a whole first: a bad value changes nothing.
    // A pagePaths patch moves the types it names; the others stay where they are.
    const merged = patch.pagePaths
      ? { ...patch, pagePaths: { ...resolved.pagePaths, ...patch.pagePaths } }
      : patch;
    const next = resolveOptions(
      { ...resolved, ...merged } as EmulatorOptions,
      resolved.organizationId,
    );
    // In place: the state and the OpenAPI handler read this same object on every call.
    for (const key of LIVE_OPTIONS)
      (resolved as unknown as Record<string, unknown>)[key] = next[key];
    runtime.limiter.setLimit(resolved.rateLimitPerSecond);
    pages = pageHandler();
  };

  const setFaults = (faults: EmulatorFault | EmulatorFault[]) => {
    const list = Array.isArray(faults) ? faults : [faults];
    list.forEach((f) => validateFault(f));
    list.forEach((f) => runtime.faults.add(f));
  };
  // What reset() restores: the options the emulator started with.
  const startOptions = Object.fromEntries(
    LIVE_OPTIONS.map((key) => [key, resolved[key]]),
  ) as Partial<EmulatorOptions>;
  const reset = () => {
    setOptions(startOptions);
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
    options: () => publicOptions(resolved),
    setOptions: (patch: Record<string, unknown>) => setOptions(patch as Partial<EmulatorOptions>),
  };

  const notFound = (res: EmulatorResponse, status: number, code: string, message: string) =>
    writeBody(
      res,
      status,
      'Error',
      { RequestId: 'emulator', Code: code, Message: message },
      'JSON',
    );

  const route = async (req: EmulatorRequest, res: EmulatorResponse) => {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://emulator.local');
    } catch {
      const error = gateway.invalidParameter('url');
      notFound(res, 400, error.code, error.message);
      return;
    }
    if (url.pathname === '/') return handleOpenApi(req, res, url, runtime);
    if (await handleControl(req, res, url, control)) return;
    // The page handler is typed on node:http; it only reads `method` and calls writeHead/end.
    if (pages(req as never, res as never, url)) return;
    // RPC-style OpenAPI lives on `/` only; anything else is an unknown API to the gateway.
    const error = gateway.actionNotFound();
    notFound(res, 404, error.code, error.message);
  };

  const handle = async (req: EmulatorRequest, res: EmulatorResponse) => {
    try {
      await route(req, res);
    } catch (error) {
      resolved.logger?.({
        level: 'error',
        message: `unhandled: ${error instanceof Error ? error.message : String(error)}`,
      });
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ Code: 'InternalError', Message: 'emulator error' }));
    }
  };

  return {
    options: resolved,
    get accessKeys() {
      return resolved.accessKeys.map((k) => ({ ...k }));
    },
    get works() {
      return control.works();
    },
    get users() {
      return control.users();
    },
    get organizationId() {
      return resolved.organizationId;
    },
    now: () => clock.now(),
    setClockOffset: control.setClockOffset,
    advanceClock: control.advanceClock,
    stats: control.stats,
    reset,
    setFaults,
    clearFaults: control.clearFaults,
    backend,
    routeOf: (pathname) => routeOf(pathname, resolved.pagePaths),
    setOptions,
    handle,
    async fetch(request) {
      const exchange = await fetchExchange(request);
      await handle(exchange.req, exchange.res);
      exchange.finish();
      return exchange.response;
    },
  };
}
