/**
 * Outages and open tabs must not spend a ticket's renewals: `maxRenewals` counts extensions that
 * happened, and the tabs (and instances) that renew one ticket together get one extension. A
 * ticket whose policy no longer grants it is not renewed, and is deleted upstream.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { TicketCredential } from '@quickbi-embed/core';
import { createMemoryStore } from '@quickbi-embed/server';
import type { QuickBIPolicy } from '@quickbi-embed/server';
import { call, setupEmulator, setupServeInTest, testClient } from '../support/harness.js';

const emulator = setupEmulator({ resetEach: true });
const { serve, running: servers } = setupServeInTest(emulator);
let policy: QuickBIPolicy;

beforeEach(() => {
  policy = {
    subject: `app-user-alice-${Math.random().toString(36).slice(2)}`,
    userId: 'user-alice-0001',
    ticketUses: 5,
    renew: { maxRenewals: 1 },
  };
});

/** `count` instances sharing one store (a fleet), each with the current `policy`. */
async function fleet(count = 1) {
  const store = createMemoryStore({ now: () => emulator.now() });
  for (let i = 0; i < count; i++)
    await serve({
      store,
      authorize: ({ request }) => {
        const user = request.headers.get('x-test-user');
        if (!user) throw new Error('no session');
        return user === 'alice' ? policy : null;
      },
    });
  return servers.map((s) => s.url);
}

const issue = async (base: string, body: Record<string, unknown> = {}) =>
  (
    await call(
      base,
      '/api/quickbi/ticket',
      { worksId: 'dash-sales-0001', ...body },
      { user: 'alice' },
    )
  ).json as TicketCredential;

const renew = (base: string, ticket: string, user = 'alice') =>
  call(base, '/api/quickbi/ticket/renew', { ticket }, { user });

const calls = (action: string) => emulator.stats().calls[action] ?? 0;

describe('maxRenewals counts extensions that happened', () => {
  it('failed renewals during an outage spend nothing; the ticket still renews after recovery', async () => {
    const [base] = await fleet();
    const { ticket } = await issue(base!);
    emulator.advanceClock(20 * 60_000);
    emulator.setFaults({ action: 'DelayTicketExpireTime', status: 503, count: 1000 });
    for (let attempt = 0; attempt < 4; attempt++) {
      emulator.advanceClock(6_000);
      const failed = await renew(base!, ticket);
      expect(failed.status).toBe(503);
      expect(failed.json.error.code).toBe('UPSTREAM_UNAVAILABLE');
    }
    emulator.clearFaults();
    emulator.advanceClock(6_000);
    const recovered = await renew(base!, ticket);
    expect(recovered.status).toBe(200);
    expect(recovered.json.ticket).toBe(ticket);
    // That was the one extension the policy allows.
    emulator.advanceClock(6_000);
    const over = await renew(base!, ticket);
    expect(over.status).toBe(403);
    expect(over.json.error.code).toBe('FORBIDDEN');
  });

  it('tabs renewing one ticket together get one extension, one step of the budget', async () => {
    const [base] = await fleet();
    const { ticket } = await issue(base!);
    emulator.advanceClock(20 * 60_000);
    const answers = await Promise.all(Array.from({ length: 6 }, () => renew(base!, ticket)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(new Set(answers.map((a) => a.json.ticket))).toEqual(new Set([ticket]));
    expect(new Set(answers.map((a) => a.json.expiresAt)).size).toBe(1);
    expect(calls('DelayTicketExpireTime')).toBe(1);
    // A tab a little later, within the window, shares it too.
    emulator.advanceClock(2_000);
    expect((await renew(base!, ticket)).status).toBe(200);
    expect(calls('DelayTicketExpireTime')).toBe(1);
    emulator.advanceClock(6_000);
    expect((await renew(base!, ticket)).status).toBe(403);
  });

  it('across instances sharing a store, one extension too', async () => {
    const bases = await fleet(3);
    const { ticket } = await issue(bases[0]!);
    emulator.advanceClock(20 * 60_000);
    const answers = await Promise.all(
      Array.from({ length: 9 }, (_, i) => renew(bases[i % 3]!, ticket)),
    );
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(calls('DelayTicketExpireTime')).toBe(1);
  });

  it('tabs renewing an already expired ticket share one replacement', async () => {
    const [base] = await fleet();
    const { ticket } = await issue(base!);
    emulator.advanceClock(61 * 60_000);
    const answers = await Promise.all(Array.from({ length: 4 }, () => renew(base!, ticket)));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const replacements = new Set(answers.map((a) => a.json.ticket));
    expect(replacements.size).toBe(1);
    expect(replacements.has(ticket)).toBe(false);
    // Before: one CreateTicket per tab.
    expect(calls('CreateTicket')).toBe(2);
  });

  it('reserves uses per caller from the shared extension, never past the budget', async () => {
    policy = { ...policy, ticketUses: 3 };
    const [base] = await fleet();
    const { ticket } = await issue(base!);
    emulator.advanceClock(20 * 60_000);
    const answers = await Promise.all(
      Array.from({ length: 4 }, () =>
        call(base!, '/api/quickbi/ticket/renew', { ticket, uses: 1 }, { user: 'alice' }),
      ),
    );
    const reserved = answers.reduce((n, a) => n + (a.json as TicketCredential).reservedUses!, 0);
    // One use went to the first page load; two are left for the four tabs.
    expect(reserved).toBe(2);
  });
});

describe('renewal of a ticket the policy no longer grants', () => {
  it('is refused and the ticket deleted upstream (component no longer allowed)', async () => {
    policy = { ...policy, cmptIds: ['cmpt-sales-kpi'] };
    const [base] = await fleet();
    const { ticket } = await issue(base!, { cmptId: 'cmpt-sales-kpi' });
    policy = { ...policy, cmptIds: [] };
    const refused = await renew(base!, ticket);
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe('COMPONENT_NOT_ALLOWED');
    expect(calls('DeleteTicket')).toBe(1);
    expect(calls('DelayTicketExpireTime')).toBe(0);
    await expect(testClient(emulator).queryTicketInfo({ ticket })).rejects.toBeDefined();
    expect(
      servers[0]!.events.some((e) => e.type === 'credential.retired' && e.reason === 'refused'),
    ).toBe(true);
    // Forgotten: it cannot be renewed into anything again.
    policy = { ...policy, cmptIds: ['cmpt-sales-kpi'] };
    const again = await renew(base!, ticket);
    expect(again.json.error.code).toBe('TICKET_NOT_OWNED');
    expect(calls('DeleteTicket')).toBe(1);
  });

  it('stays refused while DeleteTicket fails, and deletes on the next try', async () => {
    policy = { ...policy, cmptIds: ['cmpt-sales-kpi'] };
    const [base] = await fleet();
    const { ticket } = await issue(base!, { cmptId: 'cmpt-sales-kpi' });
    policy = { ...policy, cmptIds: [] };
    emulator.setFaults({ action: 'DeleteTicket', status: 503, count: 1000 });
    const during = await renew(base!, ticket);
    expect(during.json.error.code).toBe('COMPONENT_NOT_ALLOWED');
    expect(servers[0]!.events).toContainEqual(
      expect.objectContaining({ type: 'upstream.error', action: 'DeleteTicket' }),
    );
    emulator.clearFaults();
    const after = await renew(base!, ticket);
    expect(after.json.error.code).toBe('COMPONENT_NOT_ALLOWED');
    await expect(testClient(emulator).queryTicketInfo({ ticket })).rejects.toBeDefined();
    expect((await renew(base!, ticket)).json.error.code).toBe('TICKET_NOT_OWNED');
  });

  it('is refused and deleted when the kind is no longer allowed', async () => {
    const [base] = await fleet();
    const { ticket } = await issue(base!);
    policy = { ...policy, kinds: ['token'] };
    const refused = await renew(base!, ticket);
    expect(refused.json.error.code).toBe('CREDENTIAL_KIND_REFUSED');
    expect(calls('DeleteTicket')).toBe(1);
  });

  it('a bare refusal (another user holding the ticket) touches nothing upstream', async () => {
    const [base] = await fleet();
    const { ticket } = await issue(base!);
    const before = emulator.stats().totalCalls;
    const stranger = await call(base!, '/api/quickbi/ticket/renew', { ticket }, {});
    expect(stranger.status).toBe(401);
    const refusedUser = await renew(base!, ticket, 'mallory');
    expect(refusedUser.status).toBe(403);
    expect(emulator.stats().totalCalls).toBe(before);
  });

  it('a changed policy replaces the ticket once for every tab, and deletes the old one', async () => {
    policy = { ...policy, watermark: 'alice v1' };
    const [base] = await fleet();
    const { ticket } = await issue(base!);
    expect(calls('CreateTicket')).toBe(1);
    policy = { ...policy, watermark: 'alice v2' };
    const answers = [];
    for (let tab = 0; tab < 4; tab++) answers.push(await renew(base!, ticket));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const replacements = new Set(answers.map((a) => a.json.ticket));
    expect(replacements.size).toBe(1);
    expect(replacements.has(ticket)).toBe(false);
    expect(answers[0]!.json.watermark).toBe('alice v2');
    // Before: one CreateTicket per renewal call (and no limit). Now one for all four.
    expect(calls('CreateTicket')).toBe(2);
    expect(calls('DeleteTicket')).toBe(1);
    await expect(testClient(emulator).queryTicketInfo({ ticket })).rejects.toBeDefined();
  });
});
