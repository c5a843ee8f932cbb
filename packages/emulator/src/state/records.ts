import type { EmulatorWorksType } from '../model/organization.js';

/** A report-embedding ticket (CreateTicket). Edited in place by Delay/UpdateTicketNum. */
export interface TicketRecord {
  ticket: string;
  /** CreateTicket (a report) or CreateTicket4Copilot (a Smart Q module, whose id is `worksId`). */
  kind: 'report' | 'copilot';
  worksId: string;
  cmptId: string | null;
  userId: string;
  organizationId: string;
  maxTicketNum: number;
  usedTicketNum: number;
  registeredAt: number;
  expiresAt: number;
  /** The raw GlobalParam string as sent (QueryTicketInfo returns it verbatim). */
  globalParam: string | null;
  watermark: string | null;
}

/** A legacy embed token (CreateEmbedToken, 2021-03-25). */
export interface TokenRecord {
  token: string;
  worksId: string;
  userId: string;
  registeredAt: number;
  expiresAt: number;
  /** CreateEmbedToken calls answered with this token while valid. */
  creates: number;
}

/** One embed page view, so a refresh can recheck the credential it was opened with. */
export interface ViewRecord {
  kind: 'ticket' | 'token';
  worksType: EmulatorWorksType;
  credential: string;
  worksId: string;
  cmptId: string | null;
}
