import type { GlobalParam } from '@quickbi-embed/core';

/** Who a credential is for: a Quick BI UserId, or the deprecated AccountName + AccountType. */
export interface QuickBIUserRef {
  userId?: string;
  accountName?: string;
  /** Quick BI AccountType: 1, 3, 4, 5, 6, 9 or 10 (spec §1.1). Required with accountName. */
  accountType?: number;
}

/** A Quick BI time as sent (`yyyy-MM-dd HH:mm:ss`, zone undocumented) and as epoch ms. */
export interface QuickBITime {
  text: string;
  /** Read in the client's `timeZone` (default `+08:00`); undefined when unparseable. */
  epochMs: number | undefined;
}

// ---- 2021-03-25: embed tokens ------------------------------------------------------------

export interface CreateEmbedTokenInput extends QuickBIUserRef {
  worksId: string;
  /** `ExpireMin`: minutes of validity. */
  expireMinutes?: number;
}

export interface EmbedTokenResult {
  accessToken: string;
  /** Quick BI's `TokeType` (sic), always 4. */
  tokenType: number | undefined;
  invalidTime: QuickBITime | undefined;
  registerTime: QuickBITime | undefined;
  requestId: string;
}

export interface DelayEmbedTokenInput {
  accessToken: string;
  expireMinutes: number;
}

export interface EmbedTokenRef {
  accessToken: string;
}

export interface EmbedTokenInfo {
  accessToken: string;
  worksId: string | undefined;
  userId: string | undefined;
  invalidTime: QuickBITime | undefined;
  registerTime: QuickBITime | undefined;
  /** Every field Quick BI returned, camelCase not applied (the shape is not documented). */
  raw: Record<string, unknown>;
  requestId: string;
}

// ---- 2022-01-01: tickets and embedding status -------------------------------------------

export interface CreateTicketInput extends QuickBIUserRef {
  worksId: string;
  /** One dashboard component. */
  cmptId?: string;
  /** `TicketNum`: the use budget, 1..99999 (Quick BI's default is 1). */
  ticketNum?: number;
  /** `ExpireTime`: minutes of validity (Quick BI's default is 240). */
  expireMinutes?: number;
  /** `WatermarkParam`, at most 50 characters. */
  watermark?: string;
  /** `GlobalParam`, sent as a compact JSON array string. */
  globalParam?: GlobalParam;
}

export interface CreateTicketResult {
  ticket: string;
  requestId: string;
}

export interface TicketRef {
  ticket: string;
}

export interface QuickBITicketInfo {
  ticket: string;
  worksId: string | undefined;
  cmptId: string | undefined;
  userId: string | undefined;
  organizationId: string | undefined;
  /** `MaxTicketNum`. */
  maxUses: number;
  /** `UsedTicketNum`. */
  usedUses: number;
  watermark: string | null;
  globalParam: GlobalParam | null;
  invalidTime: QuickBITime | undefined;
  registerTime: QuickBITime | undefined;
  requestId: string;
}

export interface UpdateTicketNumInput {
  ticket: string;
  /** `TicketNum`, 1..99998. Whether it sets the total or adds to the remainder is undocumented. */
  ticketNum: number;
}

export interface DelayTicketExpireTimeInput {
  ticket: string;
  /** `ExpireTime`, 0..240 minutes. Works only while the ticket is unexpired. */
  expireMinutes: number;
}

export interface WorksRef {
  worksId: string;
}

export interface UpdateEmbeddedStatusInput {
  /** One id, or several (sent comma-separated). */
  worksId: string | string[];
  /** `ThirdPartAuthFlag`: true switches embedding on. */
  enabled: boolean;
}
