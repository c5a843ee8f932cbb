import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { startEmulator } from '@quickbi-embed/emulator';
import type { Emulator, EmulatorOptions } from '@quickbi-embed/emulator';
import { createQuickBIClient, createQuickBIHandler } from '@quickbi-embed/server';
import { toNodeHandler } from '@quickbi-embed/server/node';
import type {
  QuickBIClientOptions,
  QuickBIHandlerEvent,
  QuickBIHandlerOptions,
  QuickBIPolicy,
  AuthorizeArgs,
} from '@quickbi-embed/server';

/** Secrets used by every integration test; the leak scan looks for these. */
export const TEST_KEY = {
  accessKeyId: 'LTAI-server-suite',
  accessKeySecret: 'SUPER-SECRET-server-suite-0123456789',
  securityToken: 'STS-TOKEN-server-suite-abcdefghijklmnop',
};

/** Everything logged or emitted during the suite, for the secret scan. */
export const captured: string[] = [];

export const captureLogger = {
  debug: (message: string, fields?: Record<string, unknown>) =>
    captured.push(message + JSON.stringify(fields ?? {})),
  info: (message: string, fields?: Record<string, unknown>) =>
    captured.push(message + JSON.stringify(fields ?? {})),
  warn: (message: string, fields?: Record<string, unknown>) =>
    captured.push(message + JSON.stringify(fields ?? {})),
  error: (message: string, fields?: Record<string, unknown>) =>
    captured.push(message + JSON.stringify(fields ?? {})),
};

export async function startTestEmulator(extra: Partial<EmulatorOptions> = {}): Promise<Emulator> {
  return startEmulator({
    port: 0,
    accessKeys: [TEST_KEY],
    refreshIntervalMs: 0,
    ...extra,
  });
}

/**
 * A stand-in for an object a hook creates later, so a test file can name it at the top
 * (`const emulator = setupEmulator()`) and use it in hooks and tests as if it were the object.
 */
export function startedLater<T extends object>(what: string) {
  let current: T | undefined;
  const read = (): T => {
    if (!current) throw new Error(`${what} is not started (used outside a test or hook?)`);
    return current;
  };
  const handle = new Proxy({} as T, {
    get: (_, key) => {
      const target = read();
      const value: unknown = Reflect.get(target, key);
      // Methods run on the object itself, so class instances keep their own `this`.
      return typeof value === 'function'
        ? (value as (...args: unknown[]) => unknown).bind(target)
        : value;
    },
    set: (_, key, value) => Reflect.set(read(), key, value),
    has: (_, key) => Reflect.has(read(), key),
  });
  return { handle, set: (value: T | undefined) => void (current = value), get: () => current };
}

export interface SetupEmulatorOptions {
  /** `emulator.reset()` before every test. */
  resetEach?: boolean;
  /** Options for this file's emulator beyond the suite's (e.g. no rate limit). */
  emulator?: Partial<EmulatorOptions>;
}

/**
 * One emulator for the test file: started before all tests, stopped after them, and then the
 * suite's secret scan. Hooks the file registers afterwards run inside these (after hooks stack).
 */
export function setupEmulator(options: SetupEmulatorOptions = {}): Emulator {
  const emulator = startedLater<Emulator>('the emulator');
  beforeAll(async () => {
    emulator.set(await startTestEmulator(options.emulator));
  });
  if (options.resetEach) beforeEach(() => emulator.handle.reset());
  afterAll(async () => {
    await emulator.get()?.stop();
    expect(leakedSecrets()).toEqual([]);
  });
  return emulator.handle;
}

export function testClient(emulator: Emulator, extra: Partial<QuickBIClientOptions> = {}) {
  return createQuickBIClient({
    ...TEST_KEY,
    endpoint: emulator.endpoint,
    // Signing timestamps follow the emulator's movable clock, as a real server's follow real time.
    now: () => emulator.now(),
    logger: captureLogger,
    // Retries wait on an injected sleep so tests never wait on real time.
    sleep: async () => undefined,
    ...extra,
  });
}

/** A session the tests control: the `x-test-user` header names the signed-in user. */
/** Dana may see 华东 and 华北 only, and may narrow further by region and product type. */
export const DANA: QuickBIPolicy = {
  subject: 'app-user-dana',
  userId: 'user-bob-0002',
  ticketUses: 5,
  globalParam: [
    {
      paramKey: 'region',
      joinType: 'and',
      conditionList: [{ operate: 'in', value: ['华东', '华北'] }],
    },
  ],
  filters: { region: { values: ['华东', '华北'] }, product_type: {} },
};

export const USERS: Record<string, QuickBIPolicy> = {
  alice: {
    subject: 'app-user-alice',
    userId: 'user-alice-0001',
    watermark: 'alice@example.com',
    globalParam: [
      { paramKey: 'region', joinType: 'and', conditionList: [{ operate: '=', value: 'East' }] },
    ],
    ticketUses: 5,
    expireMinutes: 60,
    renew: { maxRenewals: 3, topUpUses: 5 },
    // Components must be allowed one by one; tokens stay refused (row filter and watermark).
    cmptIds: ['cmpt-sales-chart'],
  },
  // No row filter and no watermark: a token is as strong as a ticket, so it may be allowed.
  bob: {
    subject: 'app-user-bob',
    userId: 'user-bob-0002',
    ticketUses: 5,
    expireMinutes: 60,
    kinds: ['ticket', 'token'],
  },
  crowd: {
    subject: 'app-user-crowd',
    kinds: ['ticket', 'token'],
    userId: 'user-carol-0003',
    ticketUses: 1000,
    expireMinutes: 120,
  },
};

export function sessionAuthorize({ request }: AuthorizeArgs): QuickBIPolicy | null {
  const user = request.headers.get('x-test-user');
  if (!user) throw new Error('no session');
  return USERS[user] ?? null;
}

/** The handler as an app sets it up against this emulator: the suite's client and session, its clock. */
export function testHandler(emulator: Emulator, extra: Partial<QuickBIHandlerOptions> = {}) {
  return createQuickBIHandler({
    client: testClient(emulator),
    authorize: sessionAuthorize,
    reportOrigin: emulator.reportOrigin,
    now: () => emulator.now(),
    ...extra,
  });
}

export interface Served {
  url: string;
  events: QuickBIHandlerEvent[];
  stop(): Promise<void>;
}

/** The handler behind a real node:http server on port 0. */
export async function serveHandler(
  emulator: Emulator,
  options: Partial<QuickBIHandlerOptions> = {},
): Promise<Served> {
  const events: QuickBIHandlerEvent[] = [];
  const handler = testHandler(emulator, {
    logger: captureLogger,
    onEvent: (event) => {
      events.push(event);
      captured.push(JSON.stringify(event));
    },
    allowedOrigins: ['http://app.example.test'],
    ...options,
  });
  const server = createServer(toNodeHandler(handler));
  return { url: await listenOnLoopback(server), events, stop: () => closeServer(server) };
}

/**
 * Collects unhandled rejections over the whole file and expects none. Set it up before the other
 * fixtures, so the check runs after everything they started has stopped.
 */
export function setupNoUnhandledRejections(): void {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  beforeAll(() => {
    process.on('unhandledRejection', onUnhandled);
  });
  afterAll(() => {
    process.off('unhandledRejection', onUnhandled);
    expect(unhandled).toEqual([]);
  });
}

/** Listens on 127.0.0.1, port 0, and answers the base URL. */
export async function listenOnLoopback(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Closes a server, keep-alive connections included. */
export function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

type HandlerOptionsOf = Partial<QuickBIHandlerOptions> | (() => Partial<QuickBIHandlerOptions>);

/**
 * `serveHandler` for the whole file (`per: 'file'`, started before all tests) or a fresh one for
 * every test (`per: 'test'`). Options that need the started emulator are passed as a function.
 */
export function setupServedHandler(
  emulator: Emulator,
  options: HandlerOptionsOf = {},
  per: 'file' | 'test' = 'file',
): Served {
  const served = startedLater<Served>('the served handler');
  const start = async () => {
    served.set(await serveHandler(emulator, typeof options === 'function' ? options() : options));
  };
  const stop = async () => {
    await served.get()?.stop();
    served.set(undefined);
  };
  if (per === 'file') {
    beforeAll(start);
    afterAll(stop);
  } else {
    beforeEach(start);
    afterEach(stop);
  }
  return served.handle;
}

/** `serve` is `serveHandler` inside a test; what it served (`running`) is stopped after that test. */
export function setupServeInTest(emulator: Emulator) {
  const running: Served[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((served) => served.stop()));
  });
  const serve = async (options: Partial<QuickBIHandlerOptions> = {}): Promise<Served> => {
    const served = await serveHandler(emulator, options);
    running.push(served);
    return served;
  };
  return { serve, running };
}

export interface CallOptions {
  user?: string;
  headers?: Record<string, string>;
  method?: string;
  rawBody?: string;
}

/** The error code the emulator's embed page shows for `reportUrl` (null: the report loads). */
export async function pageError(reportUrl: string): Promise<string | null> {
  const html = await (await fetch(reportUrl)).text();
  return /data-error-code="([^"]+)"/.exec(html)?.[1] ?? null;
}

/** Everything that crossed the wire back, for the secret scan. */
export const responsesSeen: string[] = [];

export async function call(base: string, path: string, body?: unknown, options: CallOptions = {}) {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-quickbi-embed-contract': '1',
    ...(options.user ? { 'x-test-user': options.user } : {}),
    ...options.headers,
  };
  const method = options.method ?? 'POST';
  const response = await fetch(base + path, {
    method,
    headers,
    ...(method === 'GET' || method === 'HEAD'
      ? {}
      : { body: options.rawBody ?? (body === undefined ? undefined : JSON.stringify(body)) }),
  });
  const text = await response.text();
  const headerText = [...response.headers].map(([k, v]) => `${k}: ${v}`).join('\n');
  responsesSeen.push(headerText + '\n' + text);
  // Test answers are read loosely; each test asserts the fields it cares about.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, json, text };
}

/**
 * The bad-input suites' ground: the file's emulator, the handler on node:http, and one ticket
 * issued to alice before all tests (`aliceTicket()` reads it).
 */
export function setupWithAliceTicket() {
  const emulator = setupEmulator();
  const served = setupServedHandler(emulator);
  let aliceTicket = '';
  beforeAll(async () => {
    const issued = await call(
      served.url,
      '/api/quickbi/ticket',
      { worksId: 'dash-sales-0001' },
      { user: 'alice' },
    );
    aliceTicket = (issued.json as { ticket: string }).ticket;
  });
  return { emulator, served, aliceTicket: () => aliceTicket };
}

/** The suite's secret scan: nothing the server logged, emitted or answered may carry a secret. */
export function leakedSecrets(): string[] {
  const haystacks = [...captured, ...responsesSeen];
  const secrets = [TEST_KEY.accessKeySecret, TEST_KEY.securityToken];
  return secrets.filter((secret) =>
    haystacks.some((text) => text.includes(secret) || text.includes(encodeURIComponent(secret))),
  );
}
