/**
 * What a person can do about an error, by its code: the default error views name this cause
 * rather than one opaque sentence for everything.
 */
export type EmbedErrorKind =
  'notAllowed' | 'notFound' | 'unavailable' | 'network' | 'exhausted' | 'rejected';

const KINDS: Record<string, EmbedErrorKind> = {
  UNAUTHORIZED: 'notAllowed',
  FORBIDDEN: 'notAllowed',
  FORBIDDEN_ORIGIN: 'notAllowed',
  TICKET_NOT_OWNED: 'notAllowed',
  CREDENTIAL_KIND_REFUSED: 'notAllowed',
  COMPONENT_NOT_ALLOWED: 'notAllowed',
  FILTER_NOT_ALLOWED: 'notAllowed',
  NOT_FOUND: 'notFound',
  NETWORK_ERROR: 'network',
  TICKET_EXHAUSTED: 'exhausted',
  REPORT_ORIGIN_REJECTED: 'rejected',
};

/**
 * Quick BI's own business codes pass through the server with status 502; the ones that say the
 * report is not embeddable or does not exist name that cause, not "unavailable".
 */
const QUICKBI_KINDS: [RegExp, EmbedErrorKind][] = [
  [/^Access\.ReportTree\.Unauthorized/, 'notAllowed'],
  [/^Report\.NotExist/, 'notFound'],
];

export function errorKind(error: { code: string; status?: number }): EmbedErrorKind {
  return (
    KINDS[error.code] ??
    QUICKBI_KINDS.find(([pattern]) => pattern.test(error.code))?.[1] ??
    (error.status === 401 || error.status === 403
      ? 'notAllowed'
      : error.status === 404
        ? 'notFound'
        : 'unavailable')
  );
}

/** Default texts of the error views, by kind (en and zh-CN). */
export const ERROR_TEXT: Record<'en' | 'zh-CN', Record<EmbedErrorKind, string>> = {
  en: {
    notAllowed: 'You are not allowed to view this report.',
    notFound: 'This report was not found.',
    unavailable: 'Quick BI is unavailable right now.',
    network: 'The report server could not be reached.',
    exhausted: 'This report has no views left.',
    rejected: 'The report address was refused.',
  },
  'zh-CN': {
    notAllowed: '您无权查看此报表。',
    notFound: '未找到此报表。',
    unavailable: 'Quick BI 暂时不可用。',
    network: '无法连接报表服务器。',
    exhausted: '此报表的访问次数已用完。',
    rejected: '报表地址被拒绝。',
  },
};
