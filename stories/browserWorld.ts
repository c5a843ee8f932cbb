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
import { isWorksType } from '@quickbi-embed/core';
import { createQuickBIClient, createQuickBIHandler } from '@quickbi-embed/server';
import { createDemoPolicy } from '../demo/demoPolicy.js';

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
    // The same policy as the dev server's (demo/quickbiBackend.ts), valid under the server's
    // safe defaults: components granted one by one, tokens only for the open Operations report.
    authorize: createDemoPolicy({
      paramKeysByWorks: new Map(emulator.works.map((w) => [w.worksId, w.globalParamKeys])),
      cmptIdsByWorks: new Map(
        emulator.works.map((w) => [w.worksId, w.components.map((c) => c.cmptId)]),
      ),
      openWorks: new Set(['dash-ops-0002']),
      // The sales dashboard lets the page narrow it to product types (the host-chosen filters story).
      filtersByWorks: new Map([
        ['dash-sales-0001', { product_type: { values: ['办公用品', '家具产品', '技术产品'] } }],
      ]),
    }),
    // The emulator's catalogue says what each works is: the browser's hint is not trusted.
    worksType: (worksId) => {
      const type = emulator.works.find((w) => w.worksId === worksId)?.worksType;
      return isWorksType(type) ? type : undefined;
    },
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
