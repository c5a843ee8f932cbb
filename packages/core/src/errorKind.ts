/**
 * What a person can do about an error, and whose mistake it is, by its code: the default error
 * views name this cause rather than one opaque sentence for everything.
 * - `signIn`: the app's server does not know who this is (401): sign in.
 * - `notAllowed`: this user may not see this report (the app's policy, or Quick BI's).
 * - `notFound`: Quick BI has no such report.
 * - `misconfigured`: the app's embed server is set up wrong (a wrong mount path, an HTML or
 *   non-JSON answer, a request it refuses as malformed, a missing setting): the developer's.
 * - `network`: the app's own server could not be reached (offline, a timeout, its proxy answering
 *   502/503/504 without it).
 * - `unavailable`: Quick BI itself failed or is unreachable from the app's server.
 * - `exhausted`: the ticket has no page loads left. `rejected`: the report address was refused.
 */
export type EmbedErrorKind =
  | 'signIn'
  | 'notAllowed'
  | 'notFound'
  | 'misconfigured'
  | 'network'
  | 'unavailable'
  | 'exhausted'
  | 'rejected';

const KINDS: Record<string, EmbedErrorKind> = {
  UNAUTHORIZED: 'signIn',
  FORBIDDEN: 'notAllowed',
  TICKET_NOT_OWNED: 'notAllowed',
  COMPONENT_NOT_ALLOWED: 'notAllowed',
  FILTER_NOT_ALLOWED: 'notAllowed',
  // Our handler's only NOT_FOUND is "no such route": the adapter's baseUrl misses the mount path.
  NOT_FOUND: 'misconfigured',
  BAD_REQUEST: 'misconfigured',
  METHOD_NOT_ALLOWED: 'misconfigured',
  UNSUPPORTED_MEDIA_TYPE: 'misconfigured',
  PAYLOAD_TOO_LARGE: 'misconfigured',
  BAD_HOST: 'misconfigured',
  // A proxy that rewrites the Origin (Vite's `changeOrigin`) or a missing `allowedOrigins` entry.
  FORBIDDEN_ORIGIN: 'misconfigured',
  CREDENTIAL_KIND_REFUSED: 'misconfigured',
  NOT_CONFIGURED: 'misconfigured',
  SCHEME_VIOLATION: 'misconfigured',
  INTERNAL: 'misconfigured',
  NETWORK_ERROR: 'network',
  STORE_UNAVAILABLE: 'network',
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
  const status = error.status ?? 500;
  return (
    KINDS[error.code] ??
    QUICKBI_KINDS.find(([pattern]) => pattern.test(error.code))?.[1] ??
    (status === 0
      ? 'network'
      : status === 401
        ? 'signIn'
        : status === 403
          ? 'notAllowed'
          : status >= 400 && status < 500 && status !== 429
            ? 'misconfigured'
            : 'unavailable')
  );
}

/** Default texts of the error views, by kind (en and zh-CN). */
export const ERROR_TEXT: Record<'en' | 'zh-CN', Record<EmbedErrorKind, string>> = {
  en: {
    signIn: 'Sign in to view this report.',
    notAllowed: 'You are not allowed to view this report.',
    notFound: 'This report was not found.',
    misconfigured: 'This site’s report server is misconfigured.',
    network: 'This site’s report server could not be reached.',
    unavailable: 'Quick BI is unavailable right now.',
    exhausted: 'This report has no views left.',
    rejected: 'The report address was refused.',
  },
  'zh-CN': {
    signIn: '请登录后查看此报表。',
    notAllowed: '您无权查看此报表。',
    notFound: '未找到此报表。',
    misconfigured: '本站的报表服务配置有误。',
    network: '无法连接本站的报表服务器。',
    unavailable: 'Quick BI 暂时不可用。',
    exhausted: '此报表的访问次数已用完。',
    rejected: '报表地址被拒绝。',
  },
};
