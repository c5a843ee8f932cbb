import {
  cloneUsers,
  cloneWorks,
  type EmulatorUser,
  type EmulatorWorks,
} from '../model/organization.js';
import { quickbi } from '../errors/apiError.js';
import { SMART_Q_REGIONS } from '../model/unconfirmed.js';
import type { ResolvedOptions } from '../options.js';
import type { MovableClock } from './clock.js';
import { formatQuickBITime } from './formatTime.js';
import type { TicketRecord, TokenRecord, ViewRecord } from './records.js';
import { bump, emptyStats, type EmulatorStats } from './stats.js';

const MINUTE = 60_000;

export interface UserSelector {
  userId?: string | undefined;
  accountName?: string | undefined;
  accountType?: number | undefined;
}

export interface CreateTicketInput extends UserSelector {
  worksId: string;
  cmptId?: string | undefined;
  ticketNum: number;
  expireMinutes: number;
  watermark?: string | undefined;
  globalParam?: string | undefined;
}

export interface CreateCopilotTicketInput extends UserSelector {
  copilotId: string;
  ticketNum: number;
  expireMinutes: number;
}

export interface CreateTokenInput extends UserSelector {
  worksId: string;
  expireMinutes: number;
}

/**
 * Everything the emulator remembers: the organisation, tickets, tokens, page views and stats.
 * Methods enforce Quick BI's documented semantics and throw `ApiError` as Quick BI answers.
 */
export class EmulatorState {
  works = new Map<string, EmulatorWorks>();
  users = new Map<string, EmulatorUser>();
  readonly tickets = new Map<string, TicketRecord>();
  readonly tokens = new Map<string, TokenRecord>();
  /** (userId, worksId) → the token value currently issued to that pair. */
  private readonly tokenByPair = new Map<string, string>();
  readonly views = new Map<string, ViewRecord>();
  /** When embedding was switched on per works (GetWorksEmbedList's `EmbedTime`). */
  readonly embeddedAt = new Map<string, number>();
  stats: EmulatorStats = emptyStats();

  constructor(
    private readonly options: ResolvedOptions,
    readonly clock: MovableClock,
    private readonly initialWorks: readonly EmulatorWorks[],
    private readonly initialUsers: readonly EmulatorUser[],
  ) {
    this.resetState();
  }

  resetState(): void {
    this.works = new Map(cloneWorks(this.initialWorks).map((w) => [w.worksId, w]));
    this.users = new Map(cloneUsers(this.initialUsers).map((u) => [u.userId, u]));
    this.tickets.clear();
    this.tokens.clear();
    this.tokenByPair.clear();
    this.views.clear();
    this.stats = emptyStats();
    this.embeddedAt.clear();
    const now = this.now();
    for (const works of this.works.values())
      if (works.embedEnabled) this.embeddedAt.set(works.worksId, now);
  }

  now(): number {
    return this.clock.now();
  }

  format(epochMs: number): string {
    return formatQuickBITime(epochMs, this.options.timeZone);
  }

  /** Works that exist, are published and have embedding on. */
  embeddableWorks(worksId: string): EmulatorWorks {
    const works = this.works.get(worksId);
    if (!works) throw quickbi.reportNotExist(worksId);
    if (!works.published || !works.embedEnabled) throw quickbi.reportTreeUnauthorized();
    return works;
  }

  /** UserId, else deprecated AccountName+AccountType, else the report owner (spec §4.2). */
  resolveUser(selector: UserSelector, works: EmulatorWorks): string {
    if (selector.userId !== undefined) {
      if (!this.users.has(selector.userId)) throw quickbi.userNotInOrganization();
      return selector.userId;
    }
    if (selector.accountName !== undefined) {
      const match = [...this.users.values()].find(
        (u) => u.accountName === selector.accountName && u.accountType === selector.accountType,
      );
      if (!match) throw quickbi.apiUserNotExists();
      return match.userId;
    }
    return works.ownerUserId;
  }

  createTicket(input: CreateTicketInput): TicketRecord {
    const works = this.embeddableWorks(input.worksId);
    // A Smart Q module is not a report: it has its own action (CreateTicket4Copilot).
    if (works.worksType === 'copilot') throw quickbi.reportNotExist(input.worksId);
    if (works.worksType === 'dataPortal' && !this.options.portalTickets) {
      throw quickbi.invalidParameter('WorksId');
    }
    if (input.cmptId !== undefined && works.worksType !== 'dashboard') {
      throw quickbi.invalidParameter('CmptId');
    }
    return this.storeTicket(input, {
      kind: 'report',
      worksId: works.worksId,
      cmptId: input.cmptId ?? null,
      userId: this.resolveUser(input, works),
      globalParam: input.globalParam ?? null,
      watermark: input.watermark ?? null,
    });
  }

  /** CreateTicket4Copilot: a ticket for a Smart Q module, bound to a user like report tickets. */
  createCopilotTicket(input: CreateCopilotTicketInput): TicketRecord {
    const copilot = this.works.get(input.copilotId);
    // Undocumented which code an unknown CopilotId gets; the generic parameter error is closest.
    if (!copilot || copilot.worksType !== 'copilot') throw quickbi.invalidParameter('CopilotId');
    if (!copilot.published || !copilot.embedEnabled) throw quickbi.reportTreeUnauthorized();
    // Smart Q is "currently available only on the China (Hong Kong) and Malaysia sites".
    if (
      this.options.copilotRegions === 'documented' &&
      !SMART_Q_REGIONS.includes(this.options.region)
    ) {
      throw quickbi.accessForbidden();
    }
    return this.storeTicket(input, {
      kind: 'copilot',
      worksId: copilot.worksId,
      cmptId: null,
      userId: this.resolveUser(input, copilot),
      globalParam: null,
      watermark: null,
    });
  }

  /** Mints a ticket of either action: a fresh id, its budget and expiry from now, counted. */
  private storeTicket(
    budget: { ticketNum: number; expireMinutes: number },
    fields: Pick<
      TicketRecord,
      'kind' | 'worksId' | 'cmptId' | 'userId' | 'globalParam' | 'watermark'
    >,
  ): TicketRecord {
    const now = this.now();
    const record: TicketRecord = {
      ticket: globalThis.crypto.randomUUID(),
      ...fields,
      organizationId: this.options.organizationId,
      maxTicketNum: budget.ticketNum,
      usedTicketNum: 0,
      registeredAt: now,
      expiresAt: now + budget.expireMinutes * MINUTE,
    };
    this.tickets.set(record.ticket, record);
    this.stats.ticketsCreated += 1;
    return record;
  }

  /** A ticket that exists (expired or not). */
  ticket(value: string): TicketRecord {
    const record = this.tickets.get(value);
    if (!record) throw quickbi.ticketNotExist(value);
    return record;
  }

  /** A ticket that exists and has not expired: the only kind Delay/UpdateTicketNum may edit. */
  liveTicket(value: string): TicketRecord {
    const record = this.ticket(value);
    if (this.now() >= record.expiresAt) throw quickbi.ticketExpired(value);
    return record;
  }

  updateTicketNum(value: string, ticketNum: number): void {
    const record = this.liveTicket(value);
    record.maxTicketNum =
      this.options.updateTicketNumMode === 'setMax' ? ticketNum : record.usedTicketNum + ticketNum;
  }

  delayTicket(value: string, minutes: number): void {
    const record = this.liveTicket(value);
    const base = this.options.ticketExtendFrom === 'now' ? this.now() : record.expiresAt;
    record.expiresAt = base + minutes * MINUTE;
  }

  deleteTicket(value: string): void {
    this.ticket(value);
    this.tickets.delete(value);
  }

  /** Same token, extended, while one is valid for this user and works (spec §1.8). */
  createToken(input: CreateTokenInput): TokenRecord {
    const works = this.embeddableWorks(input.worksId);
    // The legacy token scheme predates Smart Q and portals: only reports take tokens.
    if (works.worksType === 'copilot' || works.worksType === 'dataPortal') {
      throw quickbi.reportNotExist(input.worksId);
    }
    const userId = this.resolveUser(input, works);
    const now = this.now();
    const pair = `${userId}\u0000${works.worksId}`;
    const existing = this.liveToken(this.tokenByPair.get(pair));
    if (existing) {
      if (existing.creates >= this.options.maxTokenCreatesPerWindow) {
        throw quickbi.tokenTooMany(works.worksId);
      }
      const base = this.options.tokenExtendFrom === 'now' ? now : existing.expiresAt;
      existing.expiresAt = Math.max(existing.expiresAt, base + input.expireMinutes * MINUTE);
      existing.creates += 1;
      this.stats.tokensRenewed += 1;
      return existing;
    }
    const record: TokenRecord = {
      token: randomHex(16),
      worksId: works.worksId,
      userId,
      registeredAt: now,
      expiresAt: now + input.expireMinutes * MINUTE,
      creates: 1,
    };
    this.tokens.set(record.token, record);
    this.tokenByPair.set(pair, record.token);
    this.stats.tokensCreated += 1;
    return record;
  }

  /** The token when it exists and is still valid, else undefined. */
  liveToken(value: string | undefined): TokenRecord | undefined {
    if (value === undefined) return undefined;
    const record = this.tokens.get(value);
    return record && this.now() < record.expiresAt ? record : undefined;
  }

  /** Only valid tokens can be queried, renewed or deleted; anything else "does not exist". */
  requireLiveToken(value: string): TokenRecord {
    const record = this.liveToken(value);
    if (!record) throw quickbi.tokenNotExist(value);
    return record;
  }

  delayToken(value: string, minutes: number): void {
    const record = this.requireLiveToken(value);
    const base = this.options.tokenExtendFrom === 'now' ? this.now() : record.expiresAt;
    record.expiresAt = base + minutes * MINUTE;
  }

  deleteToken(value: string): void {
    const record = this.tokens.get(value);
    if (!record) throw quickbi.tokenNotExist(value);
    this.tokens.delete(value);
    this.tokenByPair.delete(`${record.userId}\u0000${record.worksId}`);
  }

  embeddedStatus(worksId: string): boolean {
    const works = this.works.get(worksId);
    if (!works) throw quickbi.reportNotExist(worksId);
    return works.embedEnabled;
  }

  /** Comma-separated batch; all IDs must exist, so a typo changes nothing. */
  setEmbeddedStatus(worksIds: string[], enabled: boolean): number {
    const list = worksIds.map((id) => {
      const works = this.works.get(id);
      if (!works) throw quickbi.reportNotExist(id);
      return works;
    });
    for (const works of list) {
      if (enabled && !works.embedEnabled) this.embeddedAt.set(works.worksId, this.now());
      if (!enabled) this.embeddedAt.delete(works.worksId);
      works.embedEnabled = enabled;
    }
    return list.length;
  }

  countError(code: string): void {
    bump(this.stats.errors, code);
  }
}

/** `size` random bytes as hex, from Web Crypto (global in Node 20 and every browser). */
function randomHex(size: number): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(size));
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}
