/**
 * How msw's service worker treats an iframe's navigation, checked in real Chromium, and why the
 * emulator ships its own worker script. msw answers the page's fetch but lets the iframe's
 * navigation (`mode: 'navigate'`) go to the network; `quickbi-emulator-sw.js` (msw's worker plus
 * a navigation listener) hands it to the page that runs the emulator instead.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import type * as MswCore from 'msw';
import type * as MswBrowser from 'msw/browser';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../../test-support/chromium.js';

const require = createRequire(import.meta.url);
// msw's browser bundle (a global `MockServiceWorker`), next to its worker script in the package.
const mswWorker = require.resolve('msw/mockServiceWorker.js');
const FILES: Record<string, string> = {
  '/msw.js': mswWorker.replace(/mockServiceWorker\.js$/, 'iife/index.js'),
  '/mockServiceWorker.js': mswWorker,
  '/quickbi-emulator-sw.js': new URL('../src/browser/quickbi-emulator-sw.js', import.meta.url)
    .pathname,
};
type Msw = typeof MswCore & typeof MswBrowser;
const PAGE = '<!doctype html><title>host</title><script src="/msw.js"></script><body></body>';

let server: Server;
let origin: string;
let browser: Browser;

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const file = FILES[path];
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
    } else if (file) {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(file));
    } else {
      res.writeHead(404, { 'content-type': 'text/html' }).end('<p>from the network</p>');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

/** msw answers `/embed/view.htm` for fetches; a host answers forwarded navigations. */
async function embedWith(workerUrl: string) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(origin);
    return await page.evaluate(async (url) => {
      const { setupWorker, http, HttpResponse } = (window as unknown as { MockServiceWorker: Msw })
        .MockServiceWorker;
      const worker = setupWorker(
        http.get('/embed/view.htm', () => HttpResponse.html('<p>from msw</p>')),
      );
      await worker.start({ serviceWorker: { url }, quiet: true, onUnhandledRequest: 'bypass' });
      // The host side of the emulator worker's protocol (navigationHost.ts does this for real).
      navigator.serviceWorker.addEventListener('message', (event) => {
        if (event.data?.type !== 'QUICKBI_EMULATOR_NAVIGATE') return;
        event.ports[0]!.postMessage({
          status: 200,
          headers: { 'content-type': 'text/html' },
          body: '<p>from the host page</p>',
        });
      });
      navigator.serviceWorker.controller!.postMessage({ type: 'QUICKBI_EMULATOR_HOST' });
      const fetched = await (await fetch('/embed/view.htm')).text();
      const iframe = document.createElement('iframe');
      const loaded = new Promise((resolve) => (iframe.onload = resolve));
      iframe.src = '/embed/view.htm';
      document.body.append(iframe);
      await loaded;
      return { fetched, navigated: iframe.contentDocument?.body.textContent ?? '' };
    }, workerUrl);
  } finally {
    await context.close();
  }
}

describe('service worker and iframe navigations (Chromium)', () => {
  it("msw's worker answers fetches but not an iframe's navigation", async () => {
    const r = await embedWith('/mockServiceWorker.js');
    expect(r.fetched).toContain('from msw');
    expect(r.navigated).toBe('from the network');
  });

  it("the emulator's worker answers both: the navigation from the host page", async () => {
    const r = await embedWith('/quickbi-emulator-sw.js');
    expect(r.fetched).toContain('from msw');
    expect(r.navigated).toBe('from the host page');
  });
});
