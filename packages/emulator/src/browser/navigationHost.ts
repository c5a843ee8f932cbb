/**
 * The page side of the emulator service worker's navigation protocol: the worker forwards each
 * iframe navigation to an embed page here, and this page renders it with its in-memory emulator.
 */
import type { EmulatorCore } from '../fetchHandler.js';

export const HOST_MESSAGE = 'QUICKBI_EMULATOR_HOST';
export const NAVIGATE_MESSAGE = 'QUICKBI_EMULATOR_NAVIGATE';

interface NavigateMessage {
  type: typeof NAVIGATE_MESSAGE;
  request: { url: string; method: string; headers: Record<string, string> };
}

export type NavigationAnswer =
  { passthrough: true } | { status: number; headers: Record<string, string>; body: string };

/** Renders one forwarded navigation; embed pages only, everything else passes through. */
export async function answerNavigation(
  emulator: EmulatorCore,
  request: NavigateMessage['request'],
): Promise<NavigationAnswer> {
  if (emulator.routeOf(new URL(request.url).pathname) !== 'pages') return { passthrough: true };
  const response = await emulator.fetch(
    new Request(request.url, { method: request.method, headers: request.headers }),
  );
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return { status: response.status, headers, body: await response.text() };
}

/** Serves navigations for `emulator` from this page; returns a function that stops it. */
export function serveNavigations(container: ServiceWorkerContainer, emulator: EmulatorCore) {
  const announce = () => container.controller?.postMessage({ type: HOST_MESSAGE });
  const onMessage = (event: MessageEvent) => {
    const data = event.data as Partial<NavigateMessage> | null;
    const port = event.ports[0];
    if (data?.type !== NAVIGATE_MESSAGE || !data.request || !port) return;
    answerNavigation(emulator, data.request).then(
      (answer) => port.postMessage(answer),
      () => port.postMessage({ passthrough: true }),
    );
  };
  // The worker serves the page that announced itself last: announce again when shown.
  const onVisible = () => {
    if (document.visibilityState === 'visible') announce();
  };
  container.addEventListener('message', onMessage);
  container.addEventListener('controllerchange', announce);
  document.addEventListener('visibilitychange', onVisible);
  announce();
  return () => {
    container.removeEventListener('message', onMessage);
    container.removeEventListener('controllerchange', announce);
    document.removeEventListener('visibilitychange', onVisible);
  };
}
