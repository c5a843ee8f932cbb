/**
 * `@quickbi-embed/emulator/browser`: the emulator running inside a web page, for a static
 * Storybook or a browser test with no backend. One in-memory emulator (`createEmulator`, the
 * implementation the Node server runs) answers through a service worker:
 *
 * - fetches (OpenAPI, control API, the embed pages' refresh) through msw's request handlers;
 * - iframe navigations to embed pages, which msw does not intercept, through the emulator's
 *   worker script `quickbi-emulator-sw.js` (msw's worker plus a navigation listener).
 *
 * The embed pages load from the page's own origin: give your server handler
 * `reportOrigin: location.origin`. The emulator's default key is a test fixture, not a secret.
 */
import type { HttpHandler } from 'msw';
import { setupWorker } from 'msw/browser';
import { createEmulator, routeOf, type EmulatorCore } from './fetchHandler.js';
import { emulatorHandlers, EMULATOR_TEST_ORIGIN } from './msw.js';
import { serveNavigations } from './browser/navigationHost.js';

export { createEmulator, routeOf, emulatorHandlers, EMULATOR_TEST_ORIGIN };
export { answerNavigation } from './browser/navigationHost.js';
export type { EmulatorCore };
export { DEFAULT_ACCESS_KEY } from './options.js';
export type { EmulatorOptions, PostHeightOn } from './options.js';

/** Where the worker script is served (copy it and msw's mockServiceWorker.js to your root). */
export const EMULATOR_SERVICE_WORKER_URL = '/quickbi-emulator-sw.js';

export interface BrowserEmulatorOptions {
  emulator: EmulatorCore;
  /** Your own msw handlers, e.g. your server handler at `/api/quickbi/*`. */
  handlers?: HttpHandler[];
  serviceWorkerUrl?: string;
}

export interface BrowserEmulator {
  emulator: EmulatorCore;
  /** The embed pages' origin (this page's). */
  origin: string;
  stop(): void;
}

/**
 * Starts the worker and serves the emulator from this page: control API and embed pages on
 * this origin, OpenAPI on `EMULATOR_TEST_ORIGIN` (or call `emulator.fetch` directly).
 */
export async function startBrowserEmulator(
  options: BrowserEmulatorOptions,
): Promise<BrowserEmulator> {
  const { emulator } = options;
  const origin = window.location.origin;
  const worker = setupWorker(
    // The app's origin: the emulator's control API and pages; `/` stays the app's.
    ...emulatorHandlers(emulator, { origin, routes: ['control', 'pages'] }),
    ...emulatorHandlers(emulator, { origin: EMULATOR_TEST_ORIGIN }),
    ...(options.handlers ?? []),
  );
  await worker.start({
    serviceWorker: { url: options.serviceWorkerUrl ?? EMULATOR_SERVICE_WORKER_URL },
    onUnhandledRequest: 'bypass',
    quiet: true,
  });
  const stopNavigations = serveNavigations(navigator.serviceWorker, emulator);
  return {
    emulator,
    origin,
    stop() {
      stopNavigations();
      worker.stop();
    },
  };
}
