import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EmbedTokenCredential, TicketCredential } from '@quickbi-embed/core';
import { call, setupEmulator } from '../support/harness.js';
import { writeCapturedLogs } from '../support/capturedLogs.js';
import { type FleetMember, startRedisFleet } from '../support/redisFleet.js';
import { setupRedisServer } from '../support/redisFixtures.js';

const emulator = setupEmulator({ resetEach: true });
const redis = setupRedisServer();
let fleet: FleetMember[];

beforeEach(async () => {
  await redis.restart(); // empty: every test starts with no shared state
  fleet = await startRedisFleet(emulator, redis.url, 3);
});
afterEach(async () => {
  await Promise.all(fleet.map((m) => m.stop()));
});
afterAll(() => writeCapturedLogs('redis-fleet'));

const ticket = (m: FleetMember, user: string, worksId = 'dash-sales-0001') =>
  call(m.url, '/api/quickbi/ticket', { worksId }, { user });

describe('a fleet of handlers sharing Redis', () => {
  it('mints one ticket for 90 concurrent identical requests spread over 3 instances', async () => {
    const answers = await Promise.all(
      Array.from({ length: 90 }, (_, i) => ticket(fleet[i % 3]!, 'crowd')),
    );
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
    expect(emulator.stats().ticketsCreated).toBe(1);
    expect(emulator.stats().calls.CreateTicket).toBe(1);
    expect(new Set(answers.map((a) => (a.json as TicketCredential).ticket)).size).toBe(1);
    // The use budget is shared too: every answer reserved a different use.
    expect(answers.map((a) => (a.json as TicketCredential).usedUses).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 90 }, (_, i) => i),
    );
  });

  it('mints one ticket per (user, report) for a mix of keys', async () => {
    const users = ['alice', 'bob', 'crowd'];
    const reports = ['dash-sales-0001', 'dash-ops-0002'];
    const plan = Array.from({ length: 60 }, (_, i) => ({
      user: users[i % 3]!,
      worksId: reports[Math.floor(i / 3) % 2]!,
      member: fleet[Math.floor(i / 6) % 3]!,
    }));
    const answers = await Promise.all(plan.map((p) => ticket(p.member, p.user, p.worksId)));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    // alice and bob have a 5-use budget and ask 10 times per report: two tickets each per report.
    const keys = new Map<string, Set<string>>();
    plan.forEach((p, i) => {
      const set = keys.get(`${p.user}|${p.worksId}`) ?? new Set<string>();
      set.add((answers[i]!.json as TicketCredential).ticket);
      keys.set(`${p.user}|${p.worksId}`, set);
    });
    expect(keys.get('crowd|dash-sales-0001')!.size).toBe(1);
    expect(keys.get('crowd|dash-ops-0002')!.size).toBe(1);
    for (const user of ['alice', 'bob'])
      for (const worksId of reports) expect(keys.get(`${user}|${worksId}`)!.size).toBe(2);
    const distinctTickets = [...keys.values()].reduce((n, s) => n + s.size, 0);
    expect(emulator.stats().ticketsCreated).toBe(distinctTickets);
  });

  it('mints one embed token across the fleet', async () => {
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        call(
          fleet[i % 3]!.url,
          '/api/quickbi/token',
          { worksId: 'dash-ops-0002' },
          { user: 'bob' },
        ),
      ),
    );
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(new Set(answers.map((a) => (a.json as EmbedTokenCredential).accessToken)).size).toBe(1);
    expect(emulator.stats().calls.CreateEmbedToken).toBe(1);
  });

  it('shares ticket ownership: renew and info work on another instance, for the owner only', async () => {
    const issued = await ticket(fleet[0]!, 'alice');
    const t = (issued.json as TicketCredential).ticket;

    const info = await call(
      fleet[1]!.url,
      '/api/quickbi/ticket/info',
      { ticket: t },
      { user: 'alice' },
    );
    expect(info.status).toBe(200);
    expect(info.json.ticket).toBe(t);

    const renewed = await call(
      fleet[2]!.url,
      '/api/quickbi/ticket/renew',
      { ticket: t },
      { user: 'alice' },
    );
    expect(renewed.status).toBe(200);
    expect(renewed.json.ticket).toBe(t);

    const callsBefore = emulator.stats().totalCalls;
    const foreign = await call(
      fleet[2]!.url,
      '/api/quickbi/ticket/info',
      { ticket: t },
      { user: 'bob' },
    );
    expect(foreign.status).toBe(403);
    expect(foreign.json.error.code).toBe('TICKET_NOT_OWNED');
    expect(emulator.stats().totalCalls).toBe(callsBefore);
  });

  it('a second fleet on another key prefix does not share credentials', async () => {
    const other = await startRedisFleet(emulator, redis.url, 1, {
      handler: { keyPrefix: 'other-app:' },
    });
    try {
      const a = await ticket(fleet[0]!, 'bob');
      const b = await ticket(other[0]!, 'bob');
      expect(a.json.ticket).not.toBe(b.json.ticket);
      expect(emulator.stats().ticketsCreated).toBe(2);
    } finally {
      await Promise.all(other.map((m) => m.stop()));
    }
  });
});
