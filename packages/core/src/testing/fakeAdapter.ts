/**
 * A client adapter for unit tests that need no network and no emulator: it hands out made-up
 * credentials the way a server would (expiry, use budget, renewal in place), records every call,
 * and fails on demand with a `QuickBIEmbedError` of any code. The report URLs point at a host
 * that never resolves, so an iframe that tries to load one shows nothing and reaches nobody.
 */
import type { AdapterCallOptions, QuickBIClientAdapter } from '../adapter.js';
import type {
  EmbedErrorCode,
  EmbedTokenCredential,
  TicketCredential,
  TicketInfo,
  TicketInfoRequest,
  TicketRenewRequest,
  TicketRequest,
  TokenRequest,
} from '../contract.js';
import { ERROR_STATUS, QuickBIEmbedError } from '../errors.js';
import type { GlobalParam } from '../globalParam.js';
import { buildReportUrl } from '../reportUrl.js';

/** RFC 6761 reserves `.test`: nothing ever answers here. */
export const FAKE_REPORT_ORIGIN = 'https://quickbi.fake.test';

export type FakeAdapterMethod = keyof QuickBIClientAdapter;

export interface FakeAdapterCall {
  method: FakeAdapterMethod;
  request: TokenRequest | TicketRequest | TicketRenewRequest | TicketInfoRequest;
}

export interface FakeAdapterOptions {
  /** Clock of the made-up server (epoch ms). Default `Date.now`; pass your fake timers' clock. */
  now?: () => number;
  /** Credential lifetime. Default 4 hours. */
  lifetimeMs?: number;
  /** Uses per ticket. Default 20. */
  maxUses?: number;
  /** Uses a renewal adds once a ticket's are spent (0 = none). Default `maxUses`. */
  topUpUses?: number;
  watermark?: string | null;
  globalParam?: GlobalParam | null;
  reportOrigin?: string;
  /** Answer each call after this many ms (on `setTimeout`, so fake timers control it). Default 0. */
  latencyMs?: number;
}

export interface FakeAdapter extends QuickBIClientAdapter {
  /** Every call, in order. */
  readonly calls: readonly FakeAdapterCall[];
  /** The next `count` calls of `method` ('*' = any) reject with this error code. */
  failNext(method: FakeAdapterMethod | '*', code: EmbedErrorCode, count?: number): void;
  /** Calls wait until `release()`: to look at a loading state for as long as you like. */
  hold(): void;
  release(): void;
  /** Uses spent on a ticket, as if its iframe had loaded (the fake cannot see iframes). */
  spend(ticket: string, uses?: number): void;
}

interface FakeTicket {
  credential: TicketCredential;
  used: number;
}

export function createFakeAdapter(options: FakeAdapterOptions = {}): FakeAdapter {
  const now = options.now ?? Date.now;
  const lifetimeMs = options.lifetimeMs ?? 4 * 60 * 60_000;
  const maxUses = options.maxUses ?? 20;
  const topUpUses = options.topUpUses ?? maxUses;
  const origin = options.reportOrigin ?? FAKE_REPORT_ORIGIN;
  const calls: FakeAdapterCall[] = [];
  const failures: Array<{ method: FakeAdapterMethod | '*'; code: EmbedErrorCode; left: number }> =
    [];
  const tickets = new Map<string, FakeTicket>();
  let serial = 0;
  let held: Array<() => void> | null = null;

  async function answer<T>(
    method: FakeAdapterMethod,
    request: FakeAdapterCall['request'],
    call: AdapterCallOptions | undefined,
    produce: () => T,
  ): Promise<T> {
    calls.push({ method, request: { ...request } });
    if (held) await new Promise<void>((resolve) => held!.push(resolve));
    if (options.latencyMs) await new Promise((r) => setTimeout(r, options.latencyMs));
    if (call?.signal?.aborted) {
      throw new QuickBIEmbedError({ code: 'NETWORK_ERROR', message: 'aborted', status: 0 });
    }
    const failure = failures.find((f) => f.method === method || f.method === '*');
    if (failure) {
      failure.left -= 1;
      if (failure.left <= 0) failures.splice(failures.indexOf(failure), 1);
      throw new QuickBIEmbedError({
        code: failure.code,
        message: `fake ${method}: ${failure.code}`,
        status: ERROR_STATUS[failure.code],
      });
    }
    return produce();
  }

  const base = (worksId: string, worksType: TicketCredential['worksType']) => {
    const at = now();
    return { worksId, worksType, reportOrigin: origin, expiresAt: at + lifetimeMs, serverNow: at };
  };

  const ticketOf = (ticket: string): FakeTicket => {
    const found = tickets.get(ticket);
    if (!found)
      throw new QuickBIEmbedError({
        code: 'TICKET_NOT_OWNED',
        message: 'unknown ticket',
        status: ERROR_STATUS.TICKET_NOT_OWNED,
      });
    return found;
  };

  return {
    calls,
    failNext(method, code, count = 1) {
      failures.push({ method, code, left: count });
    },
    hold() {
      held ??= [];
    },
    release() {
      const waiting = held ?? [];
      held = null;
      waiting.forEach((resume) => resume());
    },
    spend(ticket, uses = 1) {
      ticketOf(ticket).used += uses;
    },
    createEmbedToken(request, call) {
      return answer('createEmbedToken', request, call, (): EmbedTokenCredential => {
        const worksType = request.worksType ?? 'dashboard';
        const accessToken = `fake-token-${(serial += 1)}`;
        return {
          kind: 'token',
          accessToken,
          ...base(request.worksId, worksType),
          reportUrl: buildReportUrl({
            origin,
            worksId: request.worksId,
            worksType,
            credential: { accessToken },
          }),
        };
      });
    },
    createTicket(request, call) {
      return answer('createTicket', request, call, () => {
        const worksType = request.worksType ?? 'dashboard';
        const ticket = `fake-ticket-${(serial += 1)}`;
        const reserved = Math.min(request.uses ?? 1, maxUses);
        const credential: TicketCredential = {
          kind: 'ticket',
          ticket,
          ...base(request.worksId, worksType),
          ...(request.cmptId ? { cmptId: request.cmptId } : {}),
          reportUrl: buildReportUrl({
            origin,
            worksId: request.worksId,
            worksType,
            ...(request.cmptId ? { cmptId: request.cmptId } : {}),
            credential: { ticket },
          }),
          maxUses,
          usedUses: 0,
          reservedUses: reserved,
          watermark: options.watermark ?? null,
          globalParam: options.globalParam ?? null,
        };
        tickets.set(ticket, { credential, used: reserved });
        return { ...credential };
      });
    },
    renewTicket(request, call) {
      return answer('renewTicket', request, call, () => {
        const entry = ticketOf(request.ticket);
        const at = now();
        const c = entry.credential;
        if (entry.used >= c.maxUses && topUpUses > 0) c.maxUses = entry.used + topUpUses;
        const reserved = Math.min(request.uses ?? 0, c.maxUses - entry.used);
        const before = entry.used;
        entry.used += reserved;
        c.expiresAt = at + lifetimeMs;
        c.serverNow = at;
        return { ...c, usedUses: before, reservedUses: reserved };
      });
    },
    queryTicketInfo(request, call) {
      return answer('queryTicketInfo', request, call, (): TicketInfo => {
        const { credential: c, used } = ticketOf(request.ticket);
        return {
          ticket: c.ticket,
          worksId: c.worksId,
          ...(c.cmptId ? { cmptId: c.cmptId } : {}),
          maxUses: c.maxUses,
          usedUses: used,
          expiresAt: c.expiresAt,
          watermark: c.watermark,
          globalParam: c.globalParam,
          serverNow: now(),
        };
      });
    },
  };
}
