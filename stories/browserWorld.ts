/**
 * The stories' whole backend inside the browser, for a static Storybook (`pnpm build-storybook`
 * served by any file server): the emulator and the real server handler run in this page, msw
 * and the emulator's service worker route requests to them, and iframes load the emulator's embed
 * pages from this same origin. Under `pnpm storybook` and Vitest the dev-server plugin does the
 * same in Node instead (.storybook/main.ts).
 *
 * The AccessKey here is the emulator's built-in test key (DEFAULT_ACCESS_KEY), a public fixture.
 */
import { http } from 'msw';
import {
  answerNavigation,
  createEmulator,
  EMULATOR_SERVICE_WORKER_URL,
  startBrowserEmulator,
  type EmulatorCore,
} from '@quickbi-embed/emulator/browser';
import { createQuickBIClient, createQuickBIHandler } from '@quickbi-embed/server';
import { sampleOrgHandlerOptions } from '../demo/demoPolicy.js';

/** Same as the dev server's: pages re-check their credential every second. */
const REFRESH_INTERVAL_MS = 1_000;

async function startWorld() {
  const emulator = createEmulator({ refreshIntervalMs: REFRESH_INTERVAL_MS });
  const key = emulator.accessKeys[0]!;
  // One clock for the whole world, as in the dev server: moving it moves the server too.
  const now = () => emulator.now();
  const client = createQuickBIClient({
    accessKeyId: key.accessKeyId,
    accessKeySecret: key.accessKeySecret,
    endpoint: 'https://quickbi.emulator.test',
    now,
    // Quick BI's OpenAPI, in memory: signed requests straight into the emulator.
    fetch: (input, init) => emulator.fetch(new Request(input, init)),
  });
  const handler = createQuickBIHandler({
    client,
    // The same policy and works types as the dev server's (demo/quickbiBackend.ts).
    ...sampleOrgHandlerOptions(emulator.works),
    reportOrigin: window.location.origin,
    now,
  });
  serveNavigationsUnderBasePath(emulator);
  return startBrowserEmulator({
    emulator,
    handlers: [
      http.all('/api/quickbi/*', async ({ request }) => underBasePath(await handler(request))),
    ],
    // Next to iframe.html, so its scope covers this Storybook wherever it is served.
    serviceWorkerUrl: BASE_PATH + EMULATOR_SERVICE_WORKER_URL,
  });
}

/**
 * Where this Storybook is served: '' at the origin root, '/storybook' under a sub-path (a GitHub
 * Pages project site). A service worker controls only the pages under its own directory, and a
 * plain file server cannot widen that (no `Service-Worker-Allowed` header): under a sub-path the
 * worker sits there, so the embed pages must load from there too.
 */
const BASE_PATH = new URL('.', window.location.href).pathname.replace(/\/$/, '');

/** The handler's credentials with their embed page URL moved under BASE_PATH. */
async function underBasePath(response: Response): Promise<Response> {
  const type = response.headers.get('content-type') ?? '';
  if (!BASE_PATH || !type.includes('application/json')) return response;
  const body = (await response.json()) as { reportUrl?: unknown };
  if (typeof body.reportUrl === 'string') {
    const url = new URL(body.reportUrl);
    if (url.origin === window.location.origin) url.pathname = BASE_PATH + url.pathname;
    body.reportUrl = url.href;
  }
  return new Response(JSON.stringify(body), {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

/**
 * The emulator's worker forwards each embed-page navigation to this page; the emulator knows
 * those pages at the origin root. Under a sub-path, answer them (URL without BASE_PATH) before the
 * emulator's own listener (added later by startBrowserEmulator), which would pass them through.
 */
function serveNavigationsUnderBasePath(emulator: EmulatorCore) {
  if (!BASE_PATH) return;
  navigator.serviceWorker.addEventListener('message', (event: MessageEvent) => {
    const data = event.data as {
      type?: string;
      request?: { url: string; method: string; headers: Record<string, string> };
    } | null;
    const port = event.ports[0];
    if (data?.type !== 'QUICKBI_EMULATOR_NAVIGATE' || !data.request || !port) return;
    const url = new URL(data.request.url);
    if (!url.pathname.startsWith(`${BASE_PATH}/`)) return;
    event.stopImmediatePropagation();
    url.pathname = url.pathname.slice(BASE_PATH.length);
    answerNavigation(emulator, { ...data.request, url: url.href }).then(
      (answer) => port.postMessage(answer),
      () => port.postMessage({ passthrough: true }),
    );
  });
}

let world: ReturnType<typeof startWorld> | undefined;

/** Starts the in-browser backend once per page. */
export function ensureBrowserWorld() {
  return (world ??= startWorld());
}
