/** Loopback HTTP servers for the page tests: the report origin and a separate host-page origin. */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPageHandler } from '../../src/pages/index.js';
import type { PageBackend } from '../../src/pages/index.js';

export interface TestServer {
  url: string;
  close(): Promise<void>;
}

async function listen(server: Server): Promise<TestServer> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

export function startPageServer(backend: PageBackend, refreshIntervalMs: number) {
  const handle = createPageHandler({ backend, refreshIntervalMs });
  return listen(
    createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (!handle(req, res, url)) {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('not found');
      }
    }),
  );
}

/**
 * A host page on another origin: it frames `?src=` and records every message it receives, so a
 * test can read them and talk to the frame like a real host would.
 */
export function startHostServer() {
  return listen(
    createServer((req, res) => {
      const src = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('src') ?? '';
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        '<!doctype html><html><body><script>window.received = [];' +
          "window.addEventListener('message', function (e) { window.received.push({ origin: e.origin, data: e.data }); });" +
          '</script>' +
          `<iframe id="report" style="width:960px;height:400px;border:0" src="${src.replace(/"/g, '&quot;')}"></iframe>` +
          '</body></html>',
      );
    }),
  );
}
