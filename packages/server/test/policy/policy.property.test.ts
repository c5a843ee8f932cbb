/**
 * Property: for random policies and random request sequences from several users over real HTTP
 * against the emulator, no answer carries a credential weaker than its user's policy (checked
 * against what Quick BI itself holds), nobody gets another user's ticket, and no ticket is
 * handed out past its budget.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Credential, GlobalParam, TicketCredential, WorksType } from '@quickbi-embed/core';
import type { CredentialKind, QuickBIPolicy } from '@quickbi-embed/server';
import { call, serveHandler, setupEmulator, testClient } from '../support/harness.js';

const emulator = setupEmulator();

const USERS = ['ann', 'ben', 'cat'] as const;
type User = (typeof USERS)[number];
const QUICK_BI_USER: Record<User, string> = {
  ann: 'user-alice-0001',
  ben: 'user-bob-0002',
  cat: 'user-carol-0003',
};
const WORKS: { worksId: string; worksType: WorksType }[] = [
  { worksId: 'dash-sales-0001', worksType: 'dashboard' },
  { worksId: 'book-finance-0001', worksType: 'workbook' },
  { worksId: 'screen-live-0001', worksType: 'dataScreen' },
];
const COMPONENTS = ['cmpt-sales-table', 'cmpt-sales-chart', 'cmpt-sales-kpi'];

const filter = (value: string): GlobalParam => [
  { paramKey: 'region', joinType: 'and', conditionList: [{ operate: '=', value }] },
];

/** A policy, or a refusal (null), without the subject (the harness adds the user's). */
const policyArb = fc.option(
  fc.record(
    {
      watermark: fc.constantFrom('w-1', 'w-2'),
      globalParam: fc.constantFrom('East', 'West').map(filter),
      kinds: fc.subarray<CredentialKind>(['ticket', 'token'], { minLength: 1 }),
      cmptIds: fc.subarray(COMPONENTS),
      ticketUses: fc.integer({ min: 1, max: 4 }),
      renew: fc.record(
        { maxRenewals: fc.integer({ min: 0, max: 2 }), topUpUses: fc.integer({ min: 0, max: 3 }) },
        { requiredKeys: [] },
      ),
    },
    { requiredKeys: ['ticketUses'] },
  ),
  { freq: 6 },
);

const requestArb = fc.oneof(
  fc.record({
    op: fc.constant('ticket' as const),
    user: fc.constantFrom(...USERS),
    works: fc.nat({ max: WORKS.length - 1 }),
    hint: fc.option(fc.constantFrom<WorksType>('dashboard', 'workbook', 'dataScreen'), {
      nil: undefined,
    }),
    cmptId: fc.option(fc.constantFrom(...COMPONENTS), { nil: undefined, freq: 2 }),
    uses: fc.integer({ min: 1, max: 3 }),
  }),
  fc.record({
    op: fc.constant('token' as const),
    user: fc.constantFrom(...USERS),
    works: fc.nat({ max: WORKS.length - 1 }),
    renew: fc.boolean(),
  }),
  fc.record({
    op: fc.constantFrom('renew' as const, 'info' as const),
    user: fc.constantFrom(...USERS),
    // Which earlier ticket (any user's): cross-user attempts are part of the attack.
    pick: fc.nat(),
    uses: fc.integer({ min: 0, max: 2 }),
  }),
);

const commandArb = fc.oneof(
  requestArb,
  // Several tabs and users at once: budgets and sharing under concurrency.
  fc.record({
    op: fc.constant('burst' as const),
    requests: fc.array(requestArb, { minLength: 2, maxLength: 5 }),
  }),
  fc.record({
    op: fc.constant('policy' as const),
    user: fc.constantFrom(...USERS),
    policy: policyArb,
  }),
  fc.record({ op: fc.constant('wait' as const), minutes: fc.constantFrom(0.1, 5, 20, 50) }),
);

type Request = typeof requestArb extends fc.Arbitrary<infer C> ? C : never;
type Command = typeof commandArb extends fc.Arbitrary<infer C> ? C : never;
type Drawn = Omit<QuickBIPolicy, 'subject'> | null;

async function runScenario(initial: Record<User, Drawn>, commands: Command[]) {
  emulator.reset();
  const run = Math.random().toString(36).slice(2);
  const policies = { ...initial };
  const policyFor = (user: User): QuickBIPolicy | null => {
    const drawn = policies[user];
    return drawn ? { ...drawn, subject: `${user}-${run}`, userId: QUICK_BI_USER[user] } : null;
  };
  const served = await serveHandler(emulator, {
    quota: false,
    authorize: ({ request }) => policyFor(request.headers.get('x-test-user') as User),
  });
  const client = testClient(emulator);
  const issued: { ticket: string; user: User }[] = [];
  const reserved = new Map<string, number>();
  /** Sends one request; returns what is needed to judge its answer. */
  async function send(command: Request) {
    const policy = policyFor(command.user);
    let target: { ticket: string; user: User } | undefined;
    let answer;
    if (command.op === 'ticket') {
      const works = WORKS[command.works]!;
      answer = await call(
        served.url,
        '/api/quickbi/ticket',
        {
          worksId: works.worksId,
          ...(command.hint ? { worksType: command.hint } : {}),
          ...(command.cmptId && (command.hint ?? 'dashboard') === 'dashboard'
            ? { cmptId: command.cmptId }
            : {}),
          uses: command.uses,
        },
        { user: command.user },
      );
    } else if (command.op === 'token') {
      answer = await call(
        served.url,
        '/api/quickbi/token',
        { worksId: WORKS[command.works]!.worksId, ...(command.renew ? { renew: true } : {}) },
        { user: command.user },
      );
    } else {
      target = issued[command.pick % Math.max(1, issued.length)];
      if (!target) return null;
      answer = await call(
        served.url,
        `/api/quickbi/ticket/${command.op}`,
        command.op === 'renew'
          ? { ticket: target.ticket, uses: command.uses }
          : { ticket: target.ticket },
        { user: command.user },
      );
    }
    return { command, policy, target, answer };
  }

  /** The invariants, for one answer. */
  async function judge(sent: NonNullable<Awaited<ReturnType<typeof send>>>) {
    const { command, policy, target, answer } = sent;
    if (answer.status !== 200) {
      // Refusals are typed (ours, or Quick BI's for a report that has no such component);
      // never a 500: the policies here are all valid.
      expect(answer.status).not.toBe(500);
      expect(typeof answer.json.error.code).toBe('string');
      return;
    }
    // Nobody renews or reads another user's ticket.
    if (target) expect(target.user).toBe(command.user);
    if (command.op === 'info') return;
    expect(policy).not.toBeNull();
    const granted = policy as QuickBIPolicy;
    const credential = answer.json as Credential;
    expect(granted.kinds ?? ['ticket']).toContain(credential.kind);
    expect(credential.reportOrigin).toBe(emulator.reportOrigin);
    if (credential.kind === 'token') {
      // A token carries no filter and no watermark: only a policy without them may get one.
      expect(granted.watermark).toBeUndefined();
      expect(granted.globalParam).toBeUndefined();
      return;
    }
    const ticket = credential as TicketCredential;
    if (ticket.cmptId !== undefined) expect(granted.cmptIds ?? []).toContain(ticket.cmptId);
    // What Quick BI itself holds for this ticket is the user's current policy, nothing weaker.
    const held = await client.queryTicketInfo({ ticket: ticket.ticket });
    expect(held.userId).toBe(granted.userId);
    expect(held.watermark ?? null).toBe(granted.watermark ?? null);
    expect(held.globalParam ?? null).toEqual(granted.globalParam ?? null);
    // Budget: nothing handed out past what the ticket holds.
    const total = (reserved.get(ticket.ticket) ?? 0) + (ticket.reservedUses ?? 0);
    reserved.set(ticket.ticket, total);
    expect(total).toBeLessThanOrEqual(held.maxUses);
    expect(ticket.usedUses + (ticket.reservedUses ?? 0)).toBeLessThanOrEqual(ticket.maxUses);
    if (command.op === 'ticket') expect(ticket.reservedUses).toBeGreaterThanOrEqual(1);
    issued.push({ ticket: ticket.ticket, user: command.user });
  }

  try {
    for (const command of commands) {
      if (command.op === 'wait') emulator.advanceClock(command.minutes * 60_000);
      else if (command.op === 'policy') policies[command.user] = command.policy;
      else {
        const group = command.op === 'burst' ? command.requests : [command];
        const answers = await Promise.all(group.map(send));
        for (const sent of answers) if (sent) await judge(sent);
      }
    }
  } finally {
    await served.stop();
  }
}

describe('policy property', () => {
  it('no credential weaker than its policy, no ticket past its budget, nobody else’s ticket', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({ ann: policyArb, ben: policyArb, cat: policyArb }),
        fc.array(commandArb, { minLength: 4, maxLength: 18 }),
        async (initial, commands) => runScenario(initial as Record<User, Drawn>, commands),
      ),
      { numRuns: 30 },
    );
  });
});
