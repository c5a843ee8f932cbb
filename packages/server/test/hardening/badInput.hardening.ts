/**
 * More bad input, on top of the server suite's corpus: malformed and huge JSON, wrong types,
 * unicode edge cases, prototype keys, CRLF and path tricks in ids, forged fields, another user's
 * ticket. Same shape and same rule: a typed 4xx, no upstream call, no use consumed.
 */
import { badInputCorpus } from '../badInput.corpus.js';
import type { BadInputCase } from '../badInput.corpus.js';

const T = '/api/quickbi/ticket';
const K = '/api/quickbi/token';
const R = '/api/quickbi/ticket/renew';
const I = '/api/quickbi/ticket/info';
const W = 'dash-sales-0001';

const bad = (name: string, path: string, body: unknown): BadInputCase => ({
  name,
  path,
  body,
  status: 400,
  code: 'BAD_REQUEST',
});
const raw = (name: string, path: string, rawBody: string): BadInputCase => ({
  name,
  path,
  rawBody,
  status: 400,
  code: 'BAD_REQUEST',
});

export const hardeningBadInput: BadInputCase[] = [
  // Malformed and huge JSON
  raw('trailing garbage after JSON', T, `{"worksId":"${W}"} x`),
  raw('two JSON documents', T, `{"worksId":"${W}"}{"worksId":"${W}"}`),
  raw('JSON with a comment', T, `{"worksId":"${W}" /* hi */}`),
  raw('single-quoted JSON', T, `{'worksId':'${W}'}`),
  raw('NaN literal', T, `{"worksId":"${W}","worksType":NaN}`),
  raw('unquoted key', T, `{worksId:"${W}"}`),
  raw('trailing comma', T, `{"worksId":"${W}",}`),
  raw('deeply nested arrays under the size limit', T, '['.repeat(1900) + ']'.repeat(1900)),
  raw('deeply nested objects under the size limit', T, '{"a":'.repeat(600) + '1' + '}'.repeat(600)),
  raw('duplicate key, last one bad', T, `{"worksId":"${W}","worksId":"../${W}"}`),
  {
    name: '1 MiB body',
    path: T,
    rawBody: JSON.stringify({ worksId: W, pad: 'x'.repeat(1 << 20) }),
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
  },
  {
    name: 'many small keys over the limit',
    path: T,
    rawBody: JSON.stringify(
      Object.fromEntries(Array.from({ length: 800 }, (_, i) => [`k${i}`, i])),
    ),
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
  },
  {
    name: 'content type application/jsonp',
    path: T,
    headers: { 'content-type': 'application/jsonp' },
    rawBody: JSON.stringify({ worksId: W }),
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
  },
  {
    name: 'no content type',
    path: T,
    headers: { 'content-type': '' },
    rawBody: JSON.stringify({ worksId: W }),
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
  },

  // Wrong types
  bad('worksId true', T, { worksId: true }),
  bad('worksId null', T, { worksId: null }),
  bad('worksId as an array', T, { worksId: [W] }),
  bad('worksId as an object', T, { worksId: { toString: W } }),
  bad('worksType as a number', T, { worksId: W, worksType: 1 }),
  bad('worksType null', T, { worksId: W, worksType: null }),
  bad('worksType in the wrong case', T, { worksId: W, worksType: 'Dashboard' }),
  bad('cmptId as a number', T, { worksId: W, cmptId: 5 }),
  bad('cmptId null', T, { worksId: W, cmptId: null }),
  bad('ticket null', R, { ticket: null }),
  bad('ticket as an array', I, { ticket: ['x'] }),
  bad('ticket as an object', R, { ticket: {} }),
  bad('cmptId on a data screen token', K, {
    worksId: 'screen-live-0001',
    worksType: 'dataScreen',
    cmptId: 'c',
  }),

  // Unicode edge cases
  raw('lone high surrogate (JSON escape)', T, `{"worksId":"dash-sales-\\ud800"}`),
  raw('lone low surrogate (JSON escape)', R, `{"ticket":"\\udc00abc"}`),
  bad('right-to-left override', T, { worksId: 'dash\u202Eselas-0001' }),
  bad('zero-width space', T, { worksId: 'dash-sales\u200B-0001' }),
  bad('zero-width joiner in a ticket', I, { ticket: 'abc\u200Ddef' }),
  bad('NUL character', T, { worksId: `${W}\u0000` }),
  bad('fullwidth digits', T, { worksId: 'dash-sales-\uFF10\uFF10\uFF10\uFF11' }),
  bad('Cyrillic look-alike letter', T, { worksId: 'd\u0430sh-sales-0001' }),
  bad('combining accent', T, { worksId: 'dash-sa\u0301les-0001' }),
  bad('emoji', T, { worksId: 'dash-📈-0001' }),
  bad('BOM inside the id', T, { worksId: `\uFEFF${W}` }),

  // Prototype keys
  raw(
    'constructor.prototype key',
    T,
    `{"worksId":"${W}","constructor":{"prototype":{"userId":"x"}}}`,
  ),
  raw('prototype key', T, `{"worksId":"${W}","prototype":{}}`),
  raw('__proto__ only', T, `{"__proto__":{"worksId":"${W}"}}`),
  raw('__proto__ on renew', R, `{"ticket":"$ALICE_TICKET","__proto__":{"subject":"app-user-bob"}}`),
  raw('__proto__ on /token', K, `{"worksId":"${W}","__proto__":{"userId":"user-bob-0002"}}`),

  // CRLF in ids
  bad('CRLF header injection in worksId', T, { worksId: `${W}\r\nX-Injected: 1` }),
  bad('LF in cmptId', T, { worksId: W, cmptId: 'cmpt-sales-table\n' }),
  bad('CRLF in a ticket', R, { ticket: '$ALICE_TICKET\r\n' }),
  bad('tab in worksId', T, { worksId: `dash\tsales` }),

  // Path tricks in ids
  bad('worksId ..', T, { worksId: '..' }),
  bad('worksId percent-encoded dots', T, { worksId: '%2e%2e' }),
  bad('worksId percent-encoded traversal', T, { worksId: '%2e%2e%2fdash-sales-0001' }),
  bad('worksId with a backslash', T, { worksId: '..\\dash-sales-0001' }),
  bad('worksId leading dot', T, { worksId: '.dash-sales-0001' }),
  bad('worksId as a URL', T, { worksId: 'https://evil.example/dash' }),
  bad('ticket traversal', I, { ticket: '../../etc/passwd' }),
  bad('ticket percent-encoded', R, { ticket: '%2e%2e%2f$ALICE_TICKET' }),
  {
    name: 'route with a matrix parameter',
    path: '/api/quickbi/ticket;admin=1',
    body: { worksId: W },
    status: 404,
    code: 'NOT_FOUND',
  },
  {
    name: 'route in upper case',
    path: '/API/QUICKBI/TICKET',
    body: { worksId: W },
    status: 404,
    code: 'NOT_FOUND',
  },
  {
    name: 'route with an encoded NUL',
    path: '/api/quickbi/ticket%00',
    body: { worksId: W },
    status: 404,
    code: 'NOT_FOUND',
  },

  // Forged user, params, watermark (camelCase and Quick BI's wire names)
  bad('forged UserId (wire name)', T, { worksId: W, UserId: 'user-bob-0002' }),
  bad('forged GlobalParam (wire name)', T, { worksId: W, GlobalParam: '[]' }),
  bad('forged globalParam string', T, { worksId: W, globalParam: 'region=East' }),
  bad('forged WatermarkParam (wire name)', T, { worksId: W, WatermarkParam: 'none' }),
  bad('forged subject', T, { worksId: W, subject: 'app-user-bob' }),
  bad('forged policy object', T, { worksId: W, policy: { ticketUses: 99999 } }),
  bad('forged AccessKeyId and Signature', T, { worksId: W, AccessKeyId: 'LTAI', Signature: 'x' }),
  bad('forged userId on renew', R, { ticket: '$ALICE_TICKET', userId: 'user-bob-0002' }),
  bad('forged watermark on info', I, { ticket: '$ALICE_TICKET', watermark: '' }),
  bad('forged ExpireTime on /ticket', T, { worksId: W, ExpireTime: 240 }),

  // Another user's ticket
  {
    name: "info on alice's ticket as crowd",
    path: I,
    user: 'crowd',
    body: { ticket: '$ALICE_TICKET' },
    status: 403,
    code: 'TICKET_NOT_OWNED',
  },
  {
    name: "renew of alice's ticket by a user the app refuses",
    path: R,
    user: 'mallory',
    body: { ticket: '$ALICE_TICKET' },
    status: 403,
    code: 'FORBIDDEN',
  },
  {
    name: "alice's ticket in upper case (another ticket)",
    path: I,
    body: { ticket: '$ALICE_TICKET_UPPER' },
    status: 403,
    code: 'TICKET_NOT_OWNED',
  },
  {
    name: "alice's ticket with a suffix",
    path: R,
    body: { ticket: '$ALICE_TICKET-2' },
    status: 403,
    code: 'TICKET_NOT_OWNED',
  },

  // Contract header
  {
    name: 'contract version 1.0',
    path: T,
    headers: { 'x-quickbi-embed-contract': '1.0' },
    body: { worksId: W },
    status: 400,
    code: 'BAD_REQUEST',
  },
  {
    name: 'contract version 01',
    path: T,
    headers: { 'x-quickbi-embed-contract': '01' },
    body: { worksId: W },
    status: 400,
    code: 'BAD_REQUEST',
  },
];

/** The server suite's corpus and these, together. */
export const extendedBadInputCorpus: BadInputCase[] = [...badInputCorpus, ...hardeningBadInput];
