/**
 * A Vite plugin that puts the whole Quick BI backend inside Vite's dev server, for Storybook and
 * the demo page: it starts the emulator in-process, creates the server adapter's handler (real
 * signing, real HTTP to the emulator) and mounts it at `/api/quickbi` on the same origin as the
 * page, so no CORS is involved. It also forwards `/__emulator/*` to the emulator's control API so a
 * story can move the clock, inject faults or read stats. Dev only: never ship this.
 */
import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { Plugin, ViteDevServer } from 'vite';
import type * as BackendModule from './quickbiBackend.js';
import type { QuickBIBackend } from './quickbiBackend.js';

export interface QuickBIDevServerOptions {
  /** Emulator page refresh interval (ms). */
  refreshIntervalMs?: number;
  /** Where the handler is mounted (default `/api/quickbi`). */
  basePath?: string;
  /** Called once the backend is up (e.g. to print the emulator's URL). */
  onReady?: (backend: QuickBIBackend) => void;
}

export const EMULATOR_PROXY_PATH = '/__emulator/';

export function quickbiDevServer(options: QuickBIDevServerOptions = {}): Plugin {
  // core's DEFAULT_BASE_PATH; not imported, see configureServer.
  const basePath = options.basePath ?? '/api/quickbi';
  const backends = new Set<QuickBIBackend>();
  const stopAll = async () => {
    const all = [...backends];
    backends.clear();
    await Promise.all(all.map((b) => b.stop()));
  };
  return {
    name: 'quickbi-dev-server',
    apply: 'serve',
    async configureServer(server: ViteDevServer) {
      // Loaded through Vite, not Node: Storybook evaluates this file with Node's own resolver, which
      // does not know the workspace's source condition, while Vite's resolver is configured with it.
      const { startQuickBIBackend, toNodeHandler } = (await server.ssrLoadModule(
        fileURLToPath(new URL('./quickbiBackend.ts', import.meta.url)),
      )) as typeof BackendModule;
      const backend = await startQuickBIBackend({
        basePath,
        ...(options.refreshIntervalMs === undefined
          ? {}
          : { refreshIntervalMs: options.refreshIntervalMs }),
      });
      backends.add(backend);
      const stop = () => {
        backends.delete(backend);
        return backend.stop();
      };
      server.httpServer?.once('close', () => void stop());
      const handle = toNodeHandler(backend.handler);
      server.middlewares.use((req, res, next) => {
        const url = req.url ?? '/';
        if (url === basePath || url.startsWith(`${basePath}/`)) {
          void Promise.resolve(handle(req, res)).catch(next);
          return;
        }
        if (url.startsWith(EMULATOR_PROXY_PATH) && backend.emulator) {
          forward(req, res, backend.emulator.url);
          return;
        }
        next();
      });
      options.onReady?.(backend);
    },
    // Vite calls this when the dev server closes (also in middleware mode, which has no httpServer).
    async closeBundle() {
      await stopAll();
    },
  };
}

/** Streams a request to the emulator and its answer back. */
function forward(req: IncomingMessage, res: ServerResponse, target: string) {
  const url = new URL(req.url ?? '/', target);
  const upstream = httpRequest(
    url,
    { method: req.method, headers: { ...req.headers, host: url.host } },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on('error', (error) => {
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { code: 'EMULATOR_UNREACHABLE', message: error.message } }));
  });
  req.pipe(upstream);
}
