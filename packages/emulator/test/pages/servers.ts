/** Loopback HTTP servers for the page tests: the report origin and a separate host-page origin. */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPageHandler } from '../../src/pages/index.js';
import type { PageBackend } from '../../src/pages/index.js';
import type { PostHeightOn } from '../../src/pages/render/pageScript.js';

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

export function startPageServer(
  backend: PageBackend,
  refreshIntervalMs: number,
  postHeightOn: PostHeightOn = 'dashboards',
) {
  const handle = createPageHandler({ backend, refreshIntervalMs, postHeightOn });
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
 * A host page on another origin: it frames each `?src=` (the first as `#report`) and records every
 * message it receives, so a test can read them and talk to the frames like a real host would.
 * `window.received` holds `{ origin, data, frame }`, `frame` being the index of the iframe whose
 * window posted it (`event.source`), or -1; `window.loaded` counts each iframe's load events.
 * `window.addFrame(src)` adds another iframe later and returns its index.
 */
export function startHostServer() {
  return listen(
    createServer((req, res) => {
      const sources = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.getAll('src');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        '<!doctype html><html><body><script>' +
          'window.received = []; window.loaded = [];' +
          'window.addFrame = function (src, id) {' +
          "  var frame = document.createElement('iframe');" +
          '  var index = document.querySelectorAll("iframe").length;' +
          "  frame.id = id || 'frame-' + index;" +
          "  frame.style.cssText = 'width:960px;height:400px;border:0';" +
          '  window.loaded[index] = 0;' +
          "  frame.addEventListener('load', function () { window.loaded[index] += 1; });" +
          '  frame.src = src;' +
          '  document.body.appendChild(frame);' +
          '  return index;' +
          '};' +
          "window.addEventListener('message', function (e) {" +
          '  var frames = Array.prototype.slice.call(document.querySelectorAll("iframe"));' +
          '  var frame = frames.findIndex(function (f) { return f.contentWindow === e.source; });' +
          '  window.received.push({ origin: e.origin, data: e.data, frame: frame });' +
          '});' +
          `${JSON.stringify(sources).replace(/</g, '\\u003c')}.forEach(function (src, i) { window.addFrame(src, i === 0 ? 'report' : undefined); });` +
          '</script></body></html>',
      );
    }),
  );
}
