/**
 * Bad input the handler must refuse with a typed 4xx, before any upstream call and without
 * consuming a ticket use. Table-driven and exported so other suites can extend it.
 *
 * `$ALICE_TICKET` in a body is replaced by a real ticket issued to alice before the run.
 */
export interface BadInputCase {
  name: string;
  /** Full path on the server (the handler is mounted at /api/quickbi). */
  path: string;
  method?: string;
  /** Signed-in test user (`x-test-user`); null for none. Default alice. */
  user?: string | null;
  /** Extra or overriding headers. */
  headers?: Record<string, string>;
  /** Serialised as JSON. */
  body?: unknown;
  /** Sent as-is instead of `body`. */
  rawBody?: string;
  status: number;
  code: string;
}

const T = '/api/quickbi/ticket';
const K = '/api/quickbi/token';
const R = '/api/quickbi/ticket/renew';
const I = '/api/quickbi/ticket/info';
const works = { worksId: 'dash-sales-0001' };
const bad = (name: string, path: string, body: unknown): BadInputCase => ({
  name,
  path,
  body,
  status: 400,
  code: 'BAD_REQUEST',
});

export const badInputCorpus: BadInputCase[] = [
  // Methods and routes
  { name: 'GET on /ticket', path: T, method: 'GET', status: 405, code: 'METHOD_NOT_ALLOWED' },
  {
    name: 'PUT on /token',
    path: K,
    method: 'PUT',
    body: works,
    status: 405,
    code: 'METHOD_NOT_ALLOWED',
  },
  {
    name: 'DELETE on /ticket/renew',
    path: R,
    method: 'DELETE',
    status: 405,
    code: 'METHOD_NOT_ALLOWED',
  },
  {
    name: 'PATCH on /ticket/info',
    path: I,
    method: 'PATCH',
    body: { ticket: 'x' },
    status: 405,
    code: 'METHOD_NOT_ALLOWED',
  },
  {
    name: 'unknown route',
    path: '/api/quickbi/tickets',
    body: works,
    status: 404,
    code: 'NOT_FOUND',
  },
  { name: 'base path itself', path: '/api/quickbi', body: works, status: 404, code: 'NOT_FOUND' },
  {
    name: 'route with a suffix',
    path: '/api/quickbi/ticket/renew/now',
    body: { ticket: 'x' },
    status: 404,
    code: 'NOT_FOUND',
  },
  {
    name: 'outside the base path',
    path: '/api/other/ticket',
    body: works,
    status: 404,
    code: 'NOT_FOUND',
  },
  {
    name: 'path traversal',
    path: '/api/quickbi/../quickbi/ticket%2F..',
    body: works,
    status: 404,
    code: 'NOT_FOUND',
  },

  // Content type, size, syntax
  {
    name: 'text/plain body',
    path: T,
    headers: { 'content-type': 'text/plain' },
    rawBody: JSON.stringify(works),
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
  },
  {
    name: 'form body',
    path: T,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    rawBody: 'worksId=dash-sales-0001',
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
  },
  {
    name: 'multipart body',
    path: T,
    headers: { 'content-type': 'multipart/form-data; boundary=x' },
    rawBody: '--x--',
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
  },
  {
    name: 'json-like media type',
    path: T,
    headers: { 'content-type': 'application/json-patch+json' },
    rawBody: '[]',
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
  },
  {
    name: 'oversized body',
    path: T,
    rawBody: JSON.stringify({ ...works, pad: 'x'.repeat(5000) }),
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
  },
  { name: 'truncated JSON', path: T, rawBody: '{"worksId":', status: 400, code: 'BAD_REQUEST' },
  { name: 'empty body', path: T, rawBody: '', status: 400, code: 'BAD_REQUEST' },
  bad('JSON array', T, []),
  bad('JSON null', T, null),
  bad('JSON string', T, 'dash-sales-0001'),
  bad('JSON number', K, 42),

  // /ticket schema
  bad('missing worksId', T, {}),
  bad('numeric worksId', T, { worksId: 1 }),
  bad('empty worksId', T, { worksId: '' }),
  bad('overlong worksId', T, { worksId: 'a'.repeat(129) }),
  bad('worksId with a slash', T, { worksId: '../dash-sales-0001' }),
  bad('worksId with a space', T, { worksId: 'dash sales' }),
  bad('worksId with CJK', T, { worksId: '报表' }),
  bad('worksId smuggling query params', T, { worksId: 'dash-sales-0001&Action=DeleteTicket' }),
  bad('unknown worksType', T, { ...works, worksType: 'portal' }),
  bad('cmptId on a workbook', T, {
    worksId: 'book-finance-0001',
    worksType: 'workbook',
    cmptId: 'cmpt-sales-table',
  }),
  bad('cmptId with bad characters', T, { ...works, cmptId: 'cmpt<script>' }),
  bad('browser-sent userId', T, { ...works, userId: 'user-bob-0002' }),
  bad('browser-sent globalParam', T, { ...works, globalParam: [] }),
  bad('browser-sent watermark', T, { ...works, watermark: 'none' }),
  bad('browser-sent expireMinutes', T, { ...works, expireMinutes: 240 }),
  bad('browser-sent TicketNum', T, { ...works, TicketNum: 99999 }),
  bad('browser-sent accountName', T, { ...works, accountName: 'bob', accountType: 1 }),
  bad('zero uses', T, { ...works, uses: 0 }),
  bad('negative uses', T, { ...works, uses: -3 }),
  bad('fractional uses', T, { ...works, uses: 1.5 }),
  bad('uses as a string', T, { ...works, uses: '3' }),
  bad('uses over 99999', T, { ...works, uses: 100_000 }),
  bad('uses as null', T, { ...works, uses: null }),
  {
    name: '__proto__ key',
    path: T,
    rawBody: '{"worksId":"dash-sales-0001","__proto__":{"userId":"x"}}',
    status: 400,
    code: 'BAD_REQUEST',
  },

  // /token schema
  bad('cmptId on /token', K, { ...works, cmptId: 'cmpt-sales-table' }),
  bad('browser-sent userId on /token', K, { ...works, userId: 'user-bob-0002' }),
  bad('browser-sent ExpireMin on /token', K, { ...works, ExpireMin: 240 }),
  bad('missing worksId on /token', K, { worksType: 'dashboard' }),

  // /ticket/renew and /ticket/info schema
  bad('renew without ticket', R, {}),
  bad('renew with numeric ticket', R, { ticket: 12345 }),
  bad('renew with bad ticket characters', R, { ticket: 'abc def' }),
  bad('renew asking for more minutes', R, { ticket: '$ALICE_TICKET', expireMinutes: 240 }),
  bad('renew asking for more uses', R, { ticket: '$ALICE_TICKET', ticketNum: 99998 }),
  bad('renew with negative uses', R, { ticket: '$ALICE_TICKET', uses: -1 }),
  bad('renew with uses over 99999', R, { ticket: '$ALICE_TICKET', uses: 1e9 }),
  bad('renew with fractional uses', R, { ticket: '$ALICE_TICKET', uses: 0.5 }),
  bad('info with uses', I, { ticket: '$ALICE_TICKET', uses: 1 }),
  bad('info by worksId', I, works),
  bad('info with overlong ticket', I, { ticket: 'a'.repeat(257) }),

  // Ownership
  {
    name: 'info on an unknown ticket',
    path: I,
    body: { ticket: 'ccd3428c-0000-0000-a608-26bae29dffee' },
    status: 403,
    code: 'TICKET_NOT_OWNED',
  },
  {
    name: "info on alice's ticket as bob",
    path: I,
    user: 'bob',
    body: { ticket: '$ALICE_TICKET' },
    status: 403,
    code: 'TICKET_NOT_OWNED',
  },
  {
    name: "renew of alice's ticket as bob",
    path: R,
    user: 'bob',
    body: { ticket: '$ALICE_TICKET' },
    status: 403,
    code: 'TICKET_NOT_OWNED',
  },
  {
    name: "renew of alice's ticket with no session",
    path: R,
    user: null,
    body: { ticket: '$ALICE_TICKET' },
    status: 401,
    code: 'UNAUTHORIZED',
  },

  // Headers, origin, session
  {
    name: 'future contract version',
    path: T,
    headers: { 'x-quickbi-embed-contract': '2' },
    body: works,
    status: 400,
    code: 'BAD_REQUEST',
  },
  {
    name: 'foreign origin',
    path: T,
    headers: { origin: 'http://evil.example.test' },
    body: works,
    status: 403,
    code: 'FORBIDDEN_ORIGIN',
  },
  {
    name: 'opaque origin',
    path: T,
    headers: { origin: 'null' },
    body: works,
    status: 403,
    code: 'FORBIDDEN_ORIGIN',
  },
  {
    name: 'look-alike origin',
    path: T,
    headers: { origin: 'http://app.example.test.evil.test' },
    body: works,
    status: 403,
    code: 'FORBIDDEN_ORIGIN',
  },
  {
    name: 'preflight from a foreign origin',
    path: T,
    method: 'OPTIONS',
    headers: { origin: 'http://evil.example.test', 'access-control-request-method': 'POST' },
    status: 403,
    code: 'FORBIDDEN_ORIGIN',
  },
  { name: 'no session', path: T, user: null, body: works, status: 401, code: 'UNAUTHORIZED' },
  {
    name: 'user the app refuses',
    path: T,
    user: 'mallory',
    body: works,
    status: 403,
    code: 'FORBIDDEN',
  },
];
