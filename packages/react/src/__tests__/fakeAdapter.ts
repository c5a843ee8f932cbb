import {
  QuickBIEmbedError,
  type EmbedTokenCredential,
  type QuickBIClientAdapter,
  type TicketCredential,
} from '@quickbi-embed/core';

export const REPORT_ORIGIN = 'https://bi.example.com';

interface Options {
  lifetimeMs?: number;
  maxUses?: number;
  /** Uses added by a renewal; 0 models a server that only extends the expiry. */
  topUp?: number;
  /** The server's clock minus the browser's. */
  serverOffsetMs?: number;
}

/**
 * An in-memory server side of the contract, counting calls. Its clock is the (fake) browser clock
 * plus an offset, so tests can make the browser fast or slow. It refuses to renew an expired ticket,
 * as DelayTicketExpireTime does.
 */
export function createFakeAdapter(options: Options = {}) {
  const lifetime = options.lifetimeMs ?? 10 * 60_000;
  const calls = { createTicket: 0, renewTicket: 0, createEmbedToken: 0, queryTicketInfo: 0 };
  const failures: QuickBIEmbedError[] = [];
  const tickets = new Map<string, TicketCredential>();
  const expiredRenewals: string[] = [];
  let serial = 0;
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
  ): TicketCredential => ({
    kind: 'ticket',
    ticket,
    worksId,
    worksType: 'dashboard',
    ...(cmptId !== undefined && { cmptId }),
    reportUrl: `${REPORT_ORIGIN}/token3rd/dashboard/view/pc.htm?pageId=${worksId}&accessTicket=${ticket}`,
    expiresAt: now() + lifetime,
    serverNow: now(),
    maxUses: options.maxUses ?? 100,
    usedUses: 0,
    watermark: 'alice@example',
    globalParam: [
      { paramKey: 'price', joinType: 'and', conditionList: [{ operate: '>', value: '0' }] },
    ],
  });

  const adapter: QuickBIClientAdapter = {
    async createTicket(request) {
      calls.createTicket++;
      await maybeFail();
      const credential = ticketCredential(`t-${++serial}`, request.worksId, request.cmptId);
      tickets.set(credential.ticket, credential);
      return { ...credential };
    },
    async renewTicket({ ticket }) {
      calls.renewTicket++;
      await maybeFail();
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
      return { ...renewed };
    },
    async createEmbedToken(request): Promise<EmbedTokenCredential> {
      calls.createEmbedToken++;
      await maybeFail();
      return {
        kind: 'token',
        accessToken: 'tok-1',
        worksId: request.worksId,
        worksType: 'dashboard',
        reportUrl: `${REPORT_ORIGIN}/dashboard/view/pc.htm?pageId=${request.worksId}&accessToken=tok-1`,
        expiresAt: now() + lifetime,
        serverNow: now(),
      };
    },
    async queryTicketInfo({ ticket }) {
      calls.queryTicketInfo++;
      await maybeFail();
      const t = tickets.get(ticket)!;
      return {
        ticket,
        worksId: t.worksId,
        maxUses: t.maxUses,
        usedUses: t.usedUses,
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
    serverNow: now,
    clearFailures() {
      failures.length = 0;
    },
    /** The next `n` calls fail with a 5xx. */
    failNext(n: number, code = 'UPSTREAM_UNAVAILABLE') {
      for (let i = 0; i < n; i++)
        failures.push(new QuickBIEmbedError({ code, message: 'upstream down', status: 503 }));
    },
  };
}
