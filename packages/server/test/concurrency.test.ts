import { describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import { createMemoryStore } from '@quickbi-embed/server';
import { toNodeHandler } from '@quickbi-embed/server/node';
import type { QuickBIPolicy } from '@quickbi-embed/server';
import type { TicketCredential } from '@quickbi-embed/core';
import {
  call,
  closeServer,
  listenOnLoopback,
  serveHandler,
  setupEmulator,
  testHandler,
  USERS,
} from './support/harness.js';

const emulator = setupEmulator({ resetEach: true });

const ticketOf = (base: string) =>
  call(base, '/api/quickbi/ticket', { worksId: 'dash-sales-0001' }, { user: 'crowd' }).then((r) => {
    expect(r.status).toBe(200);
    return r.json as TicketCredential;
  });

describe('single-flight', () => {
  it('100 concurrent identical requests make exactly 1 upstream CreateTicket', async () => {
    const served = await serveHandler(emulator);
    try {
      const answers = await Promise.all(Array.from({ length: 100 }, () => ticketOf(served.url)));
      expect(emulator.stats().calls.CreateTicket).toBe(1);
      expect(new Set(answers.map((a) => a.ticket)).size).toBe(1);
      // Every answer reserved its own use of the 1000-use budget.
      expect(answers.map((a) => a.usedUses).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 100 }, (_, i) => i),
      );
    } finally {
      await served.stop();
    }
  });

  it('two instances sharing a store (a fleet) still make 1 upstream call', async () => {
    const store = createMemoryStore();
    const servers = [0, 1].map(() => createServer(toNodeHandler(testHandler(emulator, { store }))));
    try {
      const urls = await Promise.all(servers.map(listenOnLoopback));
      const answers = await Promise.all(
        Array.from({ length: 40 }, (_, i) => ticketOf(urls[i % 2] as string)),
      );
      expect(emulator.stats().calls.CreateTicket).toBe(1);
      expect(new Set(answers.map((a) => a.ticket)).size).toBe(1);
    } finally {
      await Promise.all(servers.map(closeServer));
    }
  });

  it('with a one-use budget, concurrent requests each get a ticket that opens once', async () => {
    const original = USERS.crowd as QuickBIPolicy;
    USERS.crowd = { ...original, ticketUses: 1 };
    const served = await serveHandler(emulator);
    try {
      const answers = await Promise.all(Array.from({ length: 8 }, () => ticketOf(served.url)));
      expect(new Set(answers.map((a) => a.ticket)).size).toBe(8);
      expect(emulator.stats().calls.CreateTicket).toBe(8);
      for (const answer of answers) expect((await fetch(answer.reportUrl)).status).toBe(200);
      expect(emulator.stats().pageErrors).toBe(0);
    } finally {
      USERS.crowd = original;
      await served.stop();
    }
  });
});
