/**
 * The organisation's Quick BI embedding scheme, checked against a policy before any upstream call,
 * so a basic-scheme organisation gets a clear SCHEME_VIOLATION instead of Quick BI's own error
 * after the fact. Limits from the basic-vs-enhanced table of the ticket guide
 * (https://help.aliyun.com/document_detail/391291.html, "基础方案 / 增强方案"):
 * - bound user: basic = the report owner, not changeable; enhanced = any user.
 * - uses per ticket: basic ≤ 100,000; enhanced configurable (CreateTicket caps TicketNum at 99,999).
 * - watermark: basic none; enhanced yes, "大屏本身不支持水印除外" (never on data screens).
 * - validity: basic ≤ 240 minutes; enhanced "支持自定义" (CreateTicket's own doc caps it at 240).
 * - global parameters and single-component (区块) embeds: basic none; enhanced yes.
 * The basic scheme also embeds only dashboards and workbooks ("基础版方案仅支持仪表板和电子表格的嵌入",
 * https://help.aliyun.com/zh/quick-bi/developer-reference/basic-scheme-for-report-embedding).
 */
import { ERROR_STATUS, QuickBIEmbedError } from '@quickbi-embed/core';
import type { GlobalParam, WorksType } from '@quickbi-embed/core';

export type QuickBIScheme = 'basic' | 'enhanced';

export interface SchemeLimits {
  customUser: boolean;
  watermark: boolean;
  globalParam: boolean;
  componentEmbed: boolean;
  maxExpireMinutes: number;
  maxTicketUses: number;
  worksTypes: readonly WorksType[] | 'all';
}

export const SCHEME_LIMITS: Readonly<Record<QuickBIScheme, SchemeLimits>> = {
  basic: {
    customUser: false,
    watermark: false,
    globalParam: false,
    componentEmbed: false,
    maxExpireMinutes: 240,
    maxTicketUses: 100_000,
    worksTypes: ['dashboard', 'workbook'],
  },
  enhanced: {
    customUser: true,
    watermark: true,
    globalParam: true,
    componentEmbed: true,
    maxExpireMinutes: 240,
    maxTicketUses: 99_999,
    worksTypes: 'all',
  },
};

/** The parts of a resolved policy a scheme limits (ResolvedPolicy satisfies it). */
export interface SchemePolicy {
  userId?: string | undefined;
  accountName?: string | undefined;
  watermark?: string | undefined;
  globalParam?: GlobalParam | undefined;
  expireMinutes: number;
  ticketUses: number;
}

export interface SchemeTarget {
  worksType: WorksType;
  cmptId?: string | undefined;
}

function violation(scheme: QuickBIScheme, what: string): QuickBIEmbedError {
  // The message names the setting, never its value (a user id or filter is the app's data).
  return new QuickBIEmbedError({
    code: 'SCHEME_VIOLATION',
    status: ERROR_STATUS.SCHEME_VIOLATION,
    message: `The policy asks for ${what}, which Quick BI's ${scheme} embedding scheme does not allow.`,
  });
}

/** Throws SCHEME_VIOLATION (500: the app's configuration, not the browser) on the first breach. */
export function checkScheme(
  scheme: QuickBIScheme,
  policy: SchemePolicy,
  target: SchemeTarget,
): void {
  const limits = SCHEME_LIMITS[scheme];
  if (limits.worksTypes !== 'all' && !limits.worksTypes.includes(target.worksType)) {
    throw violation(scheme, `a ${target.worksType} embed`);
  }
  if (!limits.customUser && (policy.userId !== undefined || policy.accountName !== undefined)) {
    throw violation(scheme, 'a bound user (the basic scheme binds the report owner)');
  }
  if (policy.watermark !== undefined && policy.watermark !== '') {
    if (!limits.watermark) throw violation(scheme, 'a watermark');
    // Quick BI draws none on data screens: a policy relying on one would silently get nothing.
    if (target.worksType === 'dataScreen') throw violation(scheme, 'a watermark on a data screen');
  }
  if (!limits.globalParam && policy.globalParam !== undefined && policy.globalParam.length > 0) {
    throw violation(scheme, 'global parameters');
  }
  if (!limits.componentEmbed && target.cmptId !== undefined) {
    throw violation(scheme, 'a single-component embed');
  }
  if (policy.expireMinutes > limits.maxExpireMinutes) {
    throw violation(scheme, `more than ${limits.maxExpireMinutes} minutes of validity`);
  }
  if (policy.ticketUses > limits.maxTicketUses) {
    throw violation(scheme, `more than ${limits.maxTicketUses} uses per ticket`);
  }
}

export function isQuickBIScheme(value: unknown): value is QuickBIScheme {
  return value === 'basic' || value === 'enhanced';
}
