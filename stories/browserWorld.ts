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
import { createEmulator, startBrowserEmulator } from '@quickbi-embed/emulator/browser';
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
  return startBrowserEmulator({
    emulator,
    handlers: [http.all('/api/quickbi/*', ({ request }) => handler(request))],
  });
}

let world: ReturnType<typeof startWorld> | undefined;

/** Starts the in-browser backend once per page. */
export function ensureBrowserWorld() {
  return (world ??= startWorld());
}
