/**
 * A small in-memory PageBackend for the page tests, so they do not depend on the state layer.
 * It follows spec §1.9's page-side texts; the real backend is tested through startEmulator.
 */
import type { EmulatorWorks } from '../../src/model/organization.js';
import type { PageAccess, PageBackend, PageRequest } from '../../src/model/pageAccess.js';

export interface FakeTicket {
  ticket: string;
  worksId: string;
  cmptId?: string | null;
  uses?: number;
  expiresAt: number;
  watermark?: string | null;
  globalParam?: unknown[] | null;
}

export function sampleWorks(overrides: Partial<EmulatorWorks> & Pick<EmulatorWorks, 'worksId'>) {
  return {
    name: 'Sales overview',
    worksType: 'dashboard',
    published: true,
    embedEnabled: true,
    components: [
      { cmptId: 'cmpt-sales-table', name: 'Orders table', kind: 'table' },
      { cmptId: 'cmpt-sales-chart', name: 'Sales by region', kind: 'bar' },
      { cmptId: 'cmpt-sales-kpi', name: 'Total sales', kind: 'kpi' },
    ],
    globalParamKeys: ['region', 'product_type', 'price', 'order_date'],
    workspaceId: 'ws-1',
    ownerUserId: 'user-1',
    ...overrides,
  } satisfies EmulatorWorks;
}

export class FakePageBackend implements PageBackend {
  clock = Date.UTC(2026, 0, 1);
  readonly works = new Map<string, EmulatorWorks>();
  readonly tickets = new Map<string, Required<FakeTicket>>();
  private readonly views = new Map<string, string>();
  loads = 0;
  refreshes = 0;

  addWorks(works: EmulatorWorks): void {
    this.works.set(works.worksId, works);
  }

  addTicket(ticket: FakeTicket): string {
    this.tickets.set(ticket.ticket, {
      cmptId: null,
      uses: 1,
      watermark: null,
      globalParam: null,
      ...ticket,
    });
    return ticket.ticket;
  }

  now(): number {
    return this.clock;
  }

  private check(id: string, request?: PageRequest): PageAccess {
    const ticket = this.tickets.get(id);
    if (!ticket) {
      return { ok: false, code: 'Authorize3rdTicket.NotExist', message: `Ticket[${id}]not exist` };
    }
    if (this.clock >= ticket.expiresAt) {
      return { ok: false, code: 'Authorize3rdTicket.Expired', message: `Ticket[${id}]has expired` };
    }
    if (request && ticket.uses <= 0) {
      return {
        ok: false,
        code: 'Authorize3rdTicket.Num.HasNoLeft',
        message: 'AE0130010026 There is no ticket number left, please generate new ticket',
      };
    }
    const works = this.works.get(ticket.worksId);
    if (!works || (request && request.worksId !== ticket.worksId)) {
      return {
        ok: false,
        code: 'Authorize3rdTicket.BindedWorks.Mismatch',
        message: 'The report bound by ticket mismatch the actual report',
      };
    }
    return {
      ok: true,
      viewId: '',
      kind: 'ticket',
      works,
      cmptId: ticket.cmptId,
      userId: works.ownerUserId,
      watermark: ticket.watermark,
      globalParam: ticket.globalParam,
      expiresAt: ticket.expiresAt,
    };
  }

  openPage(request: PageRequest): PageAccess {
    this.loads += 1;
    const id = request.accessTicket ?? request.accessToken;
    if (id === null) {
      return {
        ok: false,
        code: 'Authorize3rdTicket.HasNo.LoginToken',
        message: 'The request [] has no token.',
      };
    }
    const access = this.check(id, request);
    if (!access.ok) return access;
    const ticket = this.tickets.get(id);
    if (ticket) ticket.uses -= 1;
    const viewId = `view-${this.views.size + 1}`;
    this.views.set(viewId, id);
    return { ...access, viewId };
  }

  refreshView(viewId: string): PageAccess {
    this.refreshes += 1;
    const id = this.views.get(viewId);
    if (id === undefined) {
      return {
        ok: false,
        code: 'Authorize3rdTicket.NotExist',
        message: `Ticket[${viewId}]not exist`,
      };
    }
    const access = this.check(id);
    return access.ok ? { ...access, viewId } : access;
  }
}
