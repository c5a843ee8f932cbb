import type { QuickBIClientAdapter } from '../adapter.js';
import type {
  ContractFilter,
  EmbedTokenCredential,
  TicketCredential,
  TokenRequest,
} from '../contract.js';
import { loadActions } from '../engineLoad.js';
import { QuickBIEmbedError } from '../errors.js';

// The engine loads its actions on demand. Tests run on fake timers, which do not wait for a
// module's first load from disk: load them up front, as a page has by its first effect.
await loadActions();

export const REPORT_ORIGIN = 'https://bi.example.com';

interface Options {
  lifetimeMs?: number;
  maxUses?: number;
  /** Uses added by a renewal; 0 models a server that only extends the expiry. */
  topUp?: number;
  /** Renewals allowed per ticket (a 403 after that), like the policy's `maxRenewals`. */
  maxRenewals?: number;
  /** A broken server that never grants a use (`reservedUses: 0`). */
  neverGrants?: boolean;
  /** The server's clock minus the browser's. */
  serverOffsetMs?: number;
  /** The server's token reuse margin: a cached token with more left is answered unless `renew`. */
  tokenReuseMs?: number;
  /** `reportOrigin` announced with each answer (default REPORT_ORIGIN; null: none). */
  reportOrigin?: string | null;
  /** A broken or tampered server: the `reportUrl` it answers. */
  reportUrl?: string;
}

/**
 * An in-memory server side of the contract, counting calls. Its clock is the (fake) browser clock
 * plus an offset, so tests can make the browser fast or slow. It refuses to renew an expired ticket,
 * as DelayTicketExpireTime does. Like the real handler it shares one ticket per report while uses
 * are left, and grants each answer `min(uses asked, uses left)` (`reservedUses`), minting a new
 * ticket when none is left.
 */
export function createFakeAdapter(options: Options = {}) {
  const lifetime = options.lifetimeMs ?? 10 * 60_000;
  const calls = { createTicket: 0, renewTicket: 0, createEmbedToken: 0, queryTicketInfo: 0 };
  const failures: QuickBIEmbedError[] = [];
  const tickets = new Map<string, TicketCredential>();
  /** Each ticket's host-chosen filters (another choice is another ticket, as on the server). */
  const filtersOf = new Map<string, string>();
  const expiredRenewals: string[] = [];
  /** Uses handed out per ticket, and renewals per ticket. */
  const handedOut = new Map<string, number>();
  const renewals = new Map<string, number>();
  const requests: { action: 'createTicket' | 'renewTicket'; uses?: number; ticket?: string }[] = [];
  /** Every request body the adapter got, in order. */
  const bodies: object[] = [];
  let token: EmbedTokenCredential | undefined;
  const origin =
    options.reportOrigin === null ? {} : { reportOrigin: options.reportOrigin ?? REPORT_ORIGIN };
  let serial = 0;
  let neverGrants = options.neverGrants ?? false;
  const reserve = (credential: TicketCredential, wanted: number): TicketCredential => {
    const before = handedOut.get(credential.ticket) ?? 0;
    const granted = neverGrants ? 0 : Math.max(0, Math.min(wanted, credential.maxUses - before));
    handedOut.set(credential.ticket, before + granted);
    return { ...credential, usedUses: before, reservedUses: granted, serverNow: now() };
  };
  const now = () => Date.now() + (options.serverOffsetMs ?? 0);
  const maybeFail = async () => {
    await Promise.resolve();
    const failure = failures.shift();
    if (failure) throw failure;
  };
  const ticketCredential = (
    ticket: string,
    worksId: string,
    cmptId?: string,
    filters: ContractFilter[] = [],
  ): TicketCredential => ({
    kind: 'ticket',
    ticket,
    worksId,
    worksType: 'dashboard',
    ...(cmptId !== undefined && { cmptId }),
    reportUrl:
      options.reportUrl ??
      `${REPORT_ORIGIN}/token3rd/dashboard/view/pc.htm?pageId=${worksId}&accessTicket=${ticket}`,
    ...origin,
    expiresAt: now() + lifetime,
    serverNow: now(),
    maxUses: options.maxUses ?? 100,
    usedUses: 0,
    watermark: 'alice@example',
    // The policy's own row filter, then each host-chosen filter as the server merges it.
    globalParam: [
      { paramKey: 'price', joinType: 'and', conditionList: [{ operate: '>', value: '0' }] },
      ...filters.map((f) => ({
        paramKey: f.paramKey,
        joinType: 'and' as const,
        conditionList: [{ operate: 'in', value: [...new Set(f.values)].sort() }],
      })),
    ],
  });
  const filtersKey = (filters: ContractFilter[] | undefined) =>
    JSON.stringify(
      (filters ?? [])
        .map((f) => [f.paramKey, [...new Set(f.values)].sort()])
        .sort((a, b) => (a[0]! < b[0]! ? -1 : 1)),
    );

  const adapter: QuickBIClientAdapter = {
    async createTicket(request) {
      calls.createTicket++;
      bodies.push(request);
      requests.push({ action: 'createTicket', ...(request.uses && { uses: request.uses }) });
      await maybeFail();
      const shared = [...tickets.values()].find(
        (t) =>
          t.worksId === request.worksId &&
          t.cmptId === request.cmptId &&
          filtersOf.get(t.ticket) === filtersKey(request.filters) &&
          t.expiresAt > now() &&
          (handedOut.get(t.ticket) ?? 0) < t.maxUses,
      );
      if (shared && !neverGrants) return reserve(shared, request.uses ?? 1);
      const credential = ticketCredential(
        `t-${++serial}`,
        request.worksId,
        request.cmptId,
        request.filters,
      );
      tickets.set(credential.ticket, credential);
      filtersOf.set(credential.ticket, filtersKey(request.filters));
      return reserve(credential, request.uses ?? 1);
    },
    async renewTicket({ ticket, uses }) {
      calls.renewTicket++;
      bodies.push({ ticket, ...(uses !== undefined && { uses }) });
      requests.push({ action: 'renewTicket', ticket, ...(uses && { uses }) });
      await maybeFail();
      const count = (renewals.get(ticket) ?? 0) + 1;
      renewals.set(ticket, count);
      if (count > (options.maxRenewals ?? Infinity))
        throw new QuickBIEmbedError({ code: 'FORBIDDEN', message: 'limit', status: 403 });
      const current = tickets.get(ticket);
      if (!current || current.expiresAt <= now()) {
        expiredRenewals.push(ticket);
        throw new QuickBIEmbedError({
          code: 'Authorize3rdTicket.Expired',
          message: 'expired',
          status: 409,
        });
      }
      const renewed: TicketCredential = {
        ...current,
        expiresAt: now() + lifetime,
        serverNow: now(),
        maxUses: current.maxUses + (options.topUp ?? 1),
      };
      tickets.set(ticket, renewed);
      return reserve(renewed, uses ?? 0);
    },
    async createEmbedToken(request: TokenRequest): Promise<EmbedTokenCredential> {
      calls.createEmbedToken++;
      bodies.push(request);
      await maybeFail();
      // Like the server's reuse cache: a token with more than the margin left is answered as is.
      if (token && !request.renew && token.expiresAt - now() > (options.tokenReuseMs ?? 0))
        return { ...token, serverNow: now() };
      token = {
        kind: 'token',
        accessToken: 'tok-1',
        worksId: request.worksId,
        worksType: 'dashboard',
        reportUrl: `${REPORT_ORIGIN}/dashboard/view/pc.htm?pageId=${request.worksId}&accessToken=tok-1`,
        ...origin,
        expiresAt: now() + lifetime,
        serverNow: now(),
      };
      return token;
    },
    async queryTicketInfo({ ticket }) {
      calls.queryTicketInfo++;
      await maybeFail();
      const t = tickets.get(ticket)!;
      return {
        ticket,
        worksId: t.worksId,
        maxUses: t.maxUses,
        usedUses: handedOut.get(ticket) ?? 0,
        expiresAt: t.expiresAt,
        watermark: t.watermark,
        globalParam: t.globalParam,
        serverNow: now(),
      };
    },
  };
  return {
    adapter,
    calls,
    tickets,
    expiredRenewals,
    /** What each ticket call asked for, in order. */
    requests,
    bodies,
    serverNow: now,
    /** The server grants uses again. */
    grantAgain() {
      neverGrants = false;
    },
    clearFailures() {
      failures.length = 0;
    },
    /** The next `n` calls fail (a 503 unless told). */
    failNext(n: number, code = 'UPSTREAM_UNAVAILABLE', status = 503) {
      for (let i = 0; i < n; i++)
        failures.push(new QuickBIEmbedError({ code, message: 'upstream down', status }));
    },
  };
}
