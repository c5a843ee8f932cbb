/**
 * `@quickbi-embed/emulator/msw`: request handlers that put the emulator behind msw, in Node
 * (`setupServer`, for Vitest/Jest tests of your own components) and in browsers (`setupWorker`).
 * They answer with the same in-memory emulator the Node server runs (`createEmulator`).
 *
 * msw's service worker does not intercept navigations (`mode: 'navigate'`), so an <iframe> cannot
 * load the emulator's embed pages through these handlers alone: in a browser, see
 * `@quickbi-embed/emulator/browser` and its service worker. In jsdom, iframes do not load anyway.
 */
import { http, HttpResponse, type HttpHandler } from 'msw';
import { createEmulator, routeOf, type EmulatorCore, type EmulatorRoute } from './fetchHandler.js';
import type { EmulatorOptions } from './options.js';
import { EmulatorDroppedConnection } from './transport/exchange.js';

/** A reserved name (RFC 6761 `.test`) that never resolves: nothing leaves the process. */
// https, as the README says: the browser engine loads report pages only over https off loopback.
export const EMULATOR_TEST_ORIGIN = 'https://quickbi.emulator.test';

export interface EmulatorHandlersOptions {
  /** The origin the emulator answers on. Default `EMULATOR_TEST_ORIGIN`. */
  origin?: string;
  /**
   * The parts to serve. Default all: OpenAPI on `/`, embed pages, control API `/__emulator/`, and
   * the gateway's 404 for any other path. On your app's own origin leave out 'openapi' (it owns
   * `/`); then paths outside the parts pass through to your other handlers.
   */
  routes?: EmulatorRoute[];
}

/** msw handlers answering for `emulator` (a `createEmulator()` or a started `Emulator`). */
export function emulatorHandlers(
  emulator: EmulatorCore,
  options: EmulatorHandlersOptions = {},
): HttpHandler[] {
  const origin = new URL(options.origin ?? EMULATOR_TEST_ORIGIN).origin;
  const routes = options.routes;
  return [
    http.all(`${origin}/*`, async ({ request }) => {
      const route = emulator.routeOf(new URL(request.url).pathname);
      if (routes && (route === null || !routes.includes(route))) return undefined;
      try {
        return await emulator.fetch(request);
      } catch (error) {
        // The `drop` fault: the caller sees a network error, as with a lost connection.
        if (error instanceof EmulatorDroppedConnection) return HttpResponse.error();
        throw error;
      }
    }),
  ];
}

export interface MswEmulator {
  emulator: EmulatorCore;
  handlers: HttpHandler[];
  /** The OpenAPI endpoint and report origin to configure your server client with. */
  origin: string;
}

/** A fresh in-memory emulator and its handlers, in one call. */
export function createMswEmulator(
  options: EmulatorOptions & EmulatorHandlersOptions = {},
): MswEmulator {
  const { origin = EMULATOR_TEST_ORIGIN, routes, ...emulatorOptions } = options;
  const emulator = createEmulator(emulatorOptions);
  return {
    emulator,
    handlers: emulatorHandlers(emulator, { origin, ...(routes ? { routes } : {}) }),
    origin: new URL(origin).origin,
  };
}

export { createEmulator, routeOf };
export type { EmulatorCore, EmulatorRoute };
