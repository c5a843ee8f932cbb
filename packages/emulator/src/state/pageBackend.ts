import type { EmulatorWorks } from '../model/organization.js';
import type { PageAccess, PageBackend, PageRequest } from '../model/pageAccess.js';
import type { EmulatorState } from './emulatorState.js';
import type { ViewRecord } from './records.js';
import { bump } from './stats.js';

// The texts Quick BI shows inside the iframe (spec §1.9, page-side messages).
const deny = (code: string, message: string): PageAccess => ({ ok: false, code, message });
const notExist = (t: string) => deny('Authorize3rdTicket.NotExist', `Ticket[${t}]not exist`);
const expired = (t: string) => deny('Authorize3rdTicket.Expired', `Ticket[${t}]has expired`);
const noneLeft = () =>
  deny(
    'Authorize3rdTicket.Num.HasNoLeft',
    'AE0130010026 There is no ticket number left, please generate new ticket',
  );
const mismatch = () =>
  deny(
    'Authorize3rdTicket.BindedWorks.Mismatch',
    'The report bound by ticket mismatch the actual report',
  );
const unauthorized = () =>
  deny('Access.ReportTree.Unauthorized', 'access report_tree unauthorized');
// Token-page texts are not documented; these follow the token API messages.
const tokenNotExist = (t: string) =>
  deny('Authorize3Rd.Token.NotExist', `The token [${t}] does not exist.`);

/** The state layer seen from the embed pages: opening a page consumes one ticket use. */
export function createPageBackend(state: EmulatorState): PageBackend {
  const count = (access: PageAccess, kind: 'load' | 'refresh'): PageAccess => {
    if (kind === 'refresh') state.stats.refreshes += 1;
    else if (access.ok) state.stats.pageLoads += 1;
    else state.stats.pageErrors += 1;
    return access;
  };

  /** The page's works, type and component must be what the credential is bound to. */
  const checkTarget = (
    request: Pick<PageRequest, 'worksId' | 'cmptId' | 'worksType'>,
    boundWorksId: string,
    boundCmptId: string | null,
  ): { works: EmulatorWorks; cmptId: string | null } | PageAccess => {
    if (request.worksId !== boundWorksId) return mismatch();
    const works = state.works.get(boundWorksId);
    if (!works || works.worksType !== request.worksType) return mismatch();
    if (!works.published || !works.embedEnabled) return unauthorized();
    const cmptId = request.cmptId ?? boundCmptId;
    if (boundCmptId !== null && cmptId !== boundCmptId) return mismatch();
    if (cmptId !== null && !works.components.some((c) => c.cmptId === cmptId)) return mismatch();
    return { works, cmptId };
  };

  /** A portal page shows the works its menus link to, so it is given them (copies). */
  const portalWorksOf = (works: EmulatorWorks): { portalWorks?: EmulatorWorks[] } => {
    if (works.worksType !== 'dataPortal') return {};
    const ids = new Set<string>();
    const walk = (menus: NonNullable<EmulatorWorks['menus']>) =>
      menus.forEach((m) => (m.children ? walk(m.children) : m.uri && ids.add(m.uri)));
    walk(works.menus ?? []);
    return { portalWorks: [...ids].flatMap((id) => state.works.get(id) ?? []) };
  };

  const ticketAccess = (view: ViewRecord, viewId: string, consume: boolean): PageAccess => {
    const ticket = state.tickets.get(view.credential);
    if (!ticket) return notExist(view.credential);
    if (state.now() >= ticket.expiresAt) return expired(ticket.ticket);
    const target = checkTarget(view, ticket.worksId, ticket.cmptId);
    if ('ok' in target) return target;
    if (consume) {
      if (ticket.usedTicketNum >= ticket.maxTicketNum) return noneLeft();
      ticket.usedTicketNum += 1;
      state.stats.usesConsumed += 1;
      bump(state.stats.ticketUses, ticket.ticket);
    }
    return {
      ok: true,
      viewId,
      kind: 'ticket',
      works: target.works,
      cmptId: target.cmptId,
      userId: ticket.userId,
      watermark: ticket.watermark,
      globalParam: parseGlobalParam(ticket.globalParam),
      expiresAt: ticket.expiresAt,
      ...portalWorksOf(target.works),
    };
  };

  const tokenAccess = (view: ViewRecord, viewId: string): PageAccess => {
    const token = state.liveToken(view.credential);
    if (!token) return tokenNotExist(view.credential);
    const target = checkTarget(view, token.worksId, null);
    if ('ok' in target) return target;
    return {
      ok: true,
      viewId,
      kind: 'token',
      works: target.works,
      cmptId: target.cmptId,
      userId: token.userId,
      watermark: null,
      globalParam: null,
      expiresAt: token.expiresAt,
    };
  };

  return {
    now: () => state.now(),
    openPage(request) {
      const credential = request.accessTicket ?? request.accessToken;
      if (!credential) {
        return count(
          deny('Authorize3rdTicket.HasNo.LoginToken', 'The request [accessTicket] has no token.'),
          'load',
        );
      }
      const kind = request.accessTicket ? 'ticket' : 'token';
      const view: ViewRecord = {
        kind,
        credential,
        worksType: request.worksType,
        worksId: request.worksId ?? '',
        cmptId: request.cmptId,
      };
      const viewId = globalThis.crypto.randomUUID();
      const access =
        kind === 'ticket' ? ticketAccess(view, viewId, true) : tokenAccess(view, viewId);
      if (access.ok) state.views.set(viewId, view);
      return count(access, 'load');
    },
    refreshView(viewId) {
      const view = state.views.get(viewId);
      if (!view)
        return count(deny('Authorize3rdTicket.NotExist', `View[${viewId}]not exist`), 'refresh');
      const access =
        view.kind === 'ticket' ? ticketAccess(view, viewId, false) : tokenAccess(view, viewId);
      return count(access, 'refresh');
    },
  };
}

function parseGlobalParam(raw: string | null): unknown[] | null {
  if (raw === null) return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) ? parsed : null;
  } catch {
    return null;
  }
}
