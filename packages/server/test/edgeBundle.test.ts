// Issue 11, item 3: the main entry of @quickbi-embed/server bundles for a worker target (no node:*
// import, no framework) and runs in a runtime that has only Web globals: it signs with Web Crypto,
// calls the emulator with fetch and answers a ticket.
import { runInContext, createContext } from 'node:vm';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { build } from 'vite';
import type { Rolldown } from 'vite';
import type * as ServerEntry from '@quickbi-embed/server';
import { TEST_KEY, setupEmulator } from './support/harness.js';

const entry = fileURLToPath(new URL('../src/index.ts', import.meta.url));

const emulator = setupEmulator();

async function bundleForWorkers(): Promise<Rolldown.OutputChunk> {
  const result = await build({
    configFile: false,
    logLevel: 'silent',
    // A worker target, as Cloudflare / Vercel Edge / `next build` for edge routes: everything
    // bundled, worker conditions, and node built-ins left as imports (so they show) rather than
    // shimmed away as a browser build would.
    ssr: {
      target: 'webworker',
      noExternal: true,
      resolve: {
        conditions: ['@quickbi-embed/source', 'worker', 'edge-light', 'import'],
        externalConditions: [],
      },
    },
    build: {
      write: false,
      minify: false,
      ssr: entry,
      rolldownOptions: {
        platform: 'neutral',
        output: { format: 'iife', name: 'QuickBIServer' },
      },
    },
  });
  const output = (Array.isArray(result) ? result[0] : result) as Rolldown.RolldownOutput;
  return output.output[0];
}

it('bundles with platform neutral and answers a ticket with only Web globals', async () => {
  const chunk = await bundleForWorkers();
  // Nothing left to import: no node:* module, no express, no next.
  expect(chunk.imports).toEqual([]);
  expect(chunk.code).not.toMatch(
    /(?:from\s*|import\(\s*|require\(\s*)["'](?:node:|express|next\b)/,
  );

  // Web globals only: no process, Buffer, require, module.
  const web = {
    fetch,
    Request,
    Response,
    Headers,
    URL,
    URLSearchParams,
    crypto: globalThis.crypto,
    TextEncoder,
    TextDecoder,
    AbortController,
    AbortSignal,
    ReadableStream,
    setTimeout,
    clearTimeout,
    structuredClone,
    atob,
    btoa,
    console,
  };
  const context = createContext({ ...web });
  runInContext(`${chunk.code}\nglobalThis.QuickBIServer = QuickBIServer;`, context);
  expect(runInContext('typeof process + typeof Buffer + typeof require', context)).toBe(
    'undefinedundefinedundefined',
  );
  const server = (context as { QuickBIServer: typeof ServerEntry }).QuickBIServer;
  const handler = server.createQuickBIHandler({
    client: server.createQuickBIClient({
      ...TEST_KEY,
      endpoint: emulator.endpoint,
      now: () => emulator.now(),
    }),
    reportOrigin: emulator.reportOrigin,
    now: () => emulator.now(),
    authorize: () => ({ subject: 'edge-user', userId: 'user-bob-0002' }),
  });
  const answer = await handler(
    new Request('https://app.example.test/api/quickbi/ticket', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://app.example.test' },
      body: JSON.stringify({ worksId: 'dash-sales-0001' }),
    }),
  );
  expect(answer.status).toBe(200);
  const credential = (await answer.json()) as { reportUrl: string; ticket: string };
  expect(credential.reportUrl.startsWith(emulator.reportOrigin)).toBe(true);
  expect(emulator.stats().ticketsCreated).toBe(1);
});
