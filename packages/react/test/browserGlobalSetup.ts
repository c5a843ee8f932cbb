/// <reference types="node" />
// Starts, for the react-browser project, a real emulator and the real server handler on loopback,
// and hands their URLs to the browser tests (which cannot import Node code).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_ACCESS_KEY, startEmulator } from '@quickbi-embed/emulator';
import { createQuickBIClient, createQuickBIHandler } from '@quickbi-embed/server';
import { toNodeHandler } from '@quickbi-embed/server/node';
import type { TestProject } from 'vitest/node';
import { startEmbeddingHandler } from './embeddingSetup.js';

declare module 'vitest' {
  export interface ProvidedContext {
    quickbi: { apiBase: string; emulatorUrl: string; reportOrigin: string };
  }
}

// The Vitest page runs on localhost/127.0.0.1 with a port chosen at start: allow any such origin.
const LOOPBACK = /^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?$/;

export default async function setup(project: TestProject) {
  // Short refreshes, so a report that outlives its ticket is caught within a test.
  const emulator = await startEmulator({ port: 0, refreshIntervalMs: 300 });
  const client = createQuickBIClient({
    ...DEFAULT_ACCESS_KEY,
    endpoint: emulator.endpoint,
    // The server's clock is the emulator's, as a real server's is Quick BI's (give or take).
    now: () => emulator.now(),
    retry: false,
  });
  const handler = createQuickBIHandler({
    client,
    reportOrigin: emulator.reportOrigin,
    allowedOrigins: (origin) => LOOPBACK.test(origin),
    now: () => emulator.now(),
    // Each test names its own end user, so tests never share a cached credential.
    authorize: ({ request }) => {
      const subject = request.headers.get('x-test-user');
      if (!subject) return null;
      // No session, as the README's authorize says it: a throw is 401 UNAUTHORIZED.
      if (subject === 'signed-out') throw new Error('not signed in');
      return {
        subject,
        userId: 'user-alice-0001',
        watermark: 'alice@example',
        globalParam: [
          {
            paramKey: 'region',
            joinType: 'and',
            conditionList: [{ operate: 'in', value: ['East', 'North'] }],
          },
        ],
        expireMinutes: 1,
        ticketUses: 3,
        renew: { maxRenewals: 100_000, topUpUses: 3 },
        // The height test embeds one component alone: components are allowed one by one.
        cmptIds: ['cmpt-sales-kpi'],
      };
    },
  });
  const server: Server = createServer(toNodeHandler(handler));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  project.provide('quickbi', {
    apiBase: `http://127.0.0.1:${port}/api/quickbi`,
    emulatorUrl: emulator.url,
    reportOrigin: emulator.reportOrigin,
  });
  const embedding = await startEmbeddingHandler(emulator, (origin) => LOOPBACK.test(origin));
  project.provide('quickbiEmbedding', embedding.context);
  return async () => {
    await embedding.stop();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await emulator.stop();
  };
}
