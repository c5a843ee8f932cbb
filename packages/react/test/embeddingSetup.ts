/// <reference types="node" />
// A second real handler for the embedding browser tests (every works type, host-chosen filters,
// Smart Q, a portal): its policy has no watermark (data screens draw none) and offers filters, the
// server decides the works type from the organisation, and `authorizeCopilot` grants Smart Q.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isWorksType } from '@quickbi-embed/core';
import { DEFAULT_ACCESS_KEY, type Emulator } from '@quickbi-embed/emulator';
import {
  createQuickBIClient,
  createQuickBIHandler,
  listPortalEntries,
  type PortalEntry,
} from '@quickbi-embed/server';
import { toNodeHandler } from '@quickbi-embed/server/node';

declare module 'vitest' {
  export interface ProvidedContext {
    quickbiEmbedding: { apiBase: string; portalEntries: PortalEntry[] };
  }
}

export async function startEmbeddingHandler(
  emulator: Emulator,
  allowedOrigin: (origin: string) => boolean,
) {
  const client = createQuickBIClient({
    ...DEFAULT_ACCESS_KEY,
    endpoint: emulator.endpoint,
    now: () => emulator.now(),
    retry: false,
  });
  const subjectOf = (request: Request) => request.headers.get('x-test-user');
  const handler = createQuickBIHandler({
    client,
    reportOrigin: emulator.reportOrigin,
    allowedOrigins: allowedOrigin,
    now: () => emulator.now(),
    scheme: 'enhanced',
    worksType: (worksId) => {
      const type = emulator.works.find((w) => w.worksId === worksId)?.worksType;
      return isWorksType(type) ? type : undefined;
    },
    authorize: ({ request }) => {
      const subject = subjectOf(request);
      if (!subject) return null;
      return {
        subject,
        userId: 'user-alice-0001',
        expireMinutes: 60,
        ticketUses: 3,
        filters: { region: { values: ['华东', '华北', '华南', '西南', '东北'] } },
      };
    },
    authorizeCopilot: ({ request }) => {
      const subject = subjectOf(request);
      return subject ? { subject, userId: 'user-alice-0001', kinds: ['copilot'] } : null;
    },
  });
  const server: Server = createServer(toNodeHandler(handler));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  // The documented way to show a portal: its menu for the user, each entry embedded by ticket.
  const { entries } = await listPortalEntries(client, {
    dataPortalId: 'portal-sales-0001',
    userId: 'user-alice-0001',
  });
  return {
    context: { apiBase: `http://127.0.0.1:${port}/api/quickbi`, portalEntries: entries },
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
