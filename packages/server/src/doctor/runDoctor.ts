/**
 * `quickbi-embed doctor`: checks a real Quick BI organisation (or the emulator) before production
 * and detects which reading of each undocumented behaviour holds, then prints the options to set.
 * Every ticket it creates it deletes; it counts the uses it consumed. It never prints a secret.
 */
import { buildReportUrl, QUICKBI_SITES, worksTypeFromQuickBI } from '@quickbi-embed/core';
import type { QuickBIRegion, WorksType } from '@quickbi-embed/core';
import { createQuickBIClient } from '../client/createQuickBIClient.js';
import type { QuickBIClient } from '../client/createQuickBIClient.js';
import { redactSecrets } from '../client/credentials.js';
import { QuickBIApiError } from '../client/quickbiApiError.js';
import {
  errorPageText,
  readExtendFrom,
  readTimeZone,
  readUpdateTicketNum,
  type ExtendReading,
} from './probes.js';

/** The environment variables the README's setup reads (plus an optional region). */
export const DOCTOR_ENV = {
  accessKeyId: 'QUICKBI_ACCESS_KEY_ID',
  accessKeySecret: 'QUICKBI_ACCESS_KEY_SECRET',
  securityToken: 'QUICKBI_SECURITY_TOKEN',
  endpoint: 'QUICKBI_ENDPOINT',
  reportOrigin: 'QUICKBI_REPORT_ORIGIN',
  region: 'QUICKBI_REGION',
  copilotId: 'QUICKBI_COPILOT_ID',
} as const;

export interface DoctorOptions {
  /** Default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Works to check; the first embeddable one also runs the ticket round trip. */
  worksIds?: readonly string[];
  /** Overrides `QUICKBI_REGION`. */
  region?: string;
  /** A Smart Q (copilot) id to mint a test ticket for; overrides `QUICKBI_COPILOT_ID`. */
  copilotId?: string;
  fetch?: typeof globalThis.fetch;
  /** Our clock, for reading `InvalidTime`'s zone. Default `Date.now`. */
  now?: () => number;
  /** Each output line as it is produced (the CLI prints them). */
  onLine?: (line: string) => void;
  /**
   * When the server-side page load consumed no use (Quick BI's page may count a use only once its
   * script runs in a browser), called with the page URL: resolve once a browser has opened it.
   * Without it, `updateTicketNumMode` then stays undetermined. The CLI's `--browser` asks you.
   */
  openInBrowser?: (url: string) => Promise<void>;
}

export type DoctorStatus = 'ok' | 'warn' | 'fail' | 'skip';

export interface DoctorCheck {
  name: string;
  status: DoctorStatus;
  detail: string;
}

export interface DoctorDetected {
  timeZone?: string;
  updateTicketNumMode?: 'setMax' | 'addRemaining';
  ticketExtendFrom?: 'now' | 'invalidTime';
  smartQTickets?: boolean;
}

export interface DoctorReport {
  /** No check failed. */
  ok: boolean;
  settings: Array<{ option: string; value: string; source: string }>;
  checks: DoctorCheck[];
  detected: DoctorDetected;
  tickets: { created: number; deleted: number; usesConsumed: number };
  snippet: string;
  /** Everything printed, in order. */
  lines: string[];
}

const ROUND_TRIP_USES = 3;
const ROUND_TRIP_MINUTES = 60;
const DELAY_MINUTES = 30;
const TOP_UP_TO = 4;

function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function maskId(id: string): string {
  return id.length <= 8 ? `${id.slice(0, 2)}…` : `${id.slice(0, 4)}…${id.slice(-4)}`;
}

function describeError(error: unknown): string {
  if (error instanceof QuickBIApiError)
    return `${error.code} (HTTP ${error.status}${error.requestId ? `, RequestId ${error.requestId}` : ''}): ${error.message}`;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** What a failure of the first signed call most likely means, and what fixes it. */
function signingHint(error: unknown): string {
  const code = error instanceof QuickBIApiError ? error.code : '';
  if (/^InvalidAccessKeyId/.test(code)) return `check ${DOCTOR_ENV.accessKeyId}`;
  if (/^SignatureDoesNotMatch/.test(code)) return `check ${DOCTOR_ENV.accessKeySecret}`;
  if (/SecurityToken/.test(code)) return `check ${DOCTOR_ENV.securityToken}`;
  if (/^IllegalTimestamp/.test(code)) return "check this machine's clock";
  if (code === 'NETWORK_ERROR' || code === 'UPSTREAM_TIMEOUT')
    return `check ${DOCTOR_ENV.endpoint} / the region`;
  if (/Forbidden|NoPermission/.test(code))
    return 'the key needs Quick BI OpenAPI rights (Professional edition, an org admin or an API-granted user)';
  return 'see the message';
}

interface Probe {
  client: QuickBIClient;
  fetch: typeof globalThis.fetch;
  reportOrigin: string;
  now: () => number;
  created: string[];
  deleted: number;
  usesConsumed: number;
  openInBrowser: ((url: string) => Promise<void>) | undefined;
}

/** One page load of a works with a ticket, server-side: is it the report or an error page? */
async function loadPage(
  probe: Probe,
  worksId: string,
  worksType: WorksType,
  ticket: string,
): Promise<{ ok: boolean; url: string; path: string; detail: string }> {
  const url = buildReportUrl({
    origin: probe.reportOrigin,
    worksId,
    worksType,
    credential: { ticket },
  });
  const path = new URL(url).pathname;
  try {
    const response = await probe.fetch(url, { redirect: 'manual' });
    const html = await response.text();
    const type = response.headers.get('content-type') ?? 'no content type';
    if (response.status !== 200)
      return { ok: false, url, path, detail: `HTTP ${response.status} (${type})` };
    const error = errorPageText(html);
    if (error) return { ok: false, url, path, detail: `Quick BI's error page: "${error}"` };
    if (!/html/i.test(type)) return { ok: false, url, path, detail: `not a page (${type})` };
    return { ok: true, url, path, detail: 'shows the report' };
  } catch (error) {
    return { ok: false, url, path, detail: `could not be fetched: ${describeError(error)}` };
  }
}

async function usedOf(probe: Probe, ticket: string): Promise<number | undefined> {
  try {
    return (await probe.client.queryTicketInfo({ ticket })).usedUses;
  } catch {
    return undefined;
  }
}

async function deleteTicket(probe: Probe, ticket: string): Promise<void> {
  const used = await usedOf(probe, ticket);
  probe.usesConsumed += used ?? 0;
  try {
    if (await probe.client.deleteTicket({ ticket })) probe.deleted += 1;
  } catch {
    // Counted as not deleted; the summary says so (it expires on its own).
  }
}

/** Works types by id, from GetWorksEmbedList (at most 10 pages of 100). */
async function worksTypes(client: QuickBIClient): Promise<Map<string, WorksType | undefined>> {
  const types = new Map<string, WorksType | undefined>();
  for (let pageNo = 1; pageNo <= 10; pageNo++) {
    const page = await client.getWorksEmbedList({ pageNo, pageSize: 100 });
    for (const works of page.works)
      types.set(works.worksId, works.worksType ?? worksTypeFromQuickBI(works.quickbiWorksType));
    if (pageNo >= page.totalPages || page.works.length === 0) break;
  }
  return types;
}

/**
 * Runs every check against the configured Quick BI (or emulator) and answers the report. Never
 * throws for a Quick BI failure: each is a failed check with its code.
 */
export async function runDoctor(options: DoctorOptions = {}): Promise<DoctorReport> {
  const env = options.env ?? (typeof process === 'undefined' ? {} : process.env);
  const read = (name: string) => {
    const value = env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };
  const accessKeyId = read(DOCTOR_ENV.accessKeyId);
  const accessKeySecret = read(DOCTOR_ENV.accessKeySecret);
  const securityToken = read(DOCTOR_ENV.securityToken);
  const endpoint = read(DOCTOR_ENV.endpoint);
  const reportOriginEnv = read(DOCTOR_ENV.reportOrigin);
  const region = options.region ?? read(DOCTOR_ENV.region);
  const copilotId = options.copilotId ?? read(DOCTOR_ENV.copilotId);
  const secrets = [accessKeySecret, securityToken];
  const lines: string[] = [];
  const say = (line: string) => {
    const safe = redactSecrets(line, secrets);
    lines.push(safe);
    options.onLine?.(safe);
  };
  const checks: DoctorCheck[] = [];
  const check = (name: string, status: DoctorStatus, detail: string) => {
    checks.push({ name, status, detail: redactSecrets(detail, secrets) });
    const mark = { ok: 'ok  ', warn: 'warn', fail: 'FAIL', skip: 'skip' }[status];
    say(`  [${mark}] ${name}: ${detail}`);
  };
  const detected: DoctorDetected = {};
  const settings: DoctorReport['settings'] = [];
  const setting = (option: string, value: string, source: string) => {
    settings.push({ option, value, source });
    say(`  ${option}: ${value}  (${source})`);
  };
  const finish = (snippet: string, probe?: Probe): DoctorReport => {
    const tickets = {
      created: probe?.created.length ?? 0,
      deleted: probe?.deleted ?? 0,
      usesConsumed: probe?.usesConsumed ?? 0,
    };
    say('');
    say(
      `Ticket uses spent: ${tickets.usesConsumed} (tickets created: ${tickets.created}, deleted: ${tickets.deleted}` +
        `${tickets.created > tickets.deleted ? '; the rest expire on their own' : ''}).`,
    );
    const ok = checks.every((c) => c.status !== 'fail');
    say(ok ? 'Result: no check failed.' : 'Result: some checks FAILED (see above).');
    return { ok, settings, checks, detected, tickets, snippet, lines };
  };

  say('quickbi-embed doctor');
  say('');
  say('Settings (from the environment)');
  setting(
    'accessKeyId',
    accessKeyId ? quote(maskId(accessKeyId)) : 'missing',
    DOCTOR_ENV.accessKeyId,
  );
  setting(
    'accessKeySecret',
    accessKeySecret ? 'set (never shown)' : 'missing',
    DOCTOR_ENV.accessKeySecret,
  );
  if (securityToken) setting('securityToken', 'set (never shown)', DOCTOR_ENV.securityToken);
  if (region) setting('region', quote(region), options.region ? '--region' : DOCTOR_ENV.region);
  setting('endpoint', endpoint ? quote(endpoint) : 'unset', DOCTOR_ENV.endpoint);
  setting(
    'reportOrigin',
    reportOriginEnv ? quote(reportOriginEnv) : 'unset',
    DOCTOR_ENV.reportOrigin,
  );

  let client: QuickBIClient;
  try {
    client = createQuickBIClient({
      ...(accessKeyId ? { accessKeyId } : {}),
      ...(accessKeySecret ? { accessKeySecret } : {}),
      ...(securityToken ? { securityToken } : {}),
      ...(region ? { region: region as QuickBIRegion } : {}),
      ...(endpoint ? { endpoint } : {}),
      ...(reportOriginEnv ? { reportOrigin: reportOriginEnv } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.now ? { now: options.now } : {}),
    });
  } catch (error) {
    say('');
    say('Checks');
    check('configuration', 'fail', describeError(error));
    return finish('');
  }
  say(`  resolved endpoint: ${quote(client.endpoint)}`);
  say('');
  say('Checks');
  if (!accessKeyId || !accessKeySecret) {
    check(
      'keys',
      'fail',
      `set ${[!accessKeyId && DOCTOR_ENV.accessKeyId, !accessKeySecret && DOCTOR_ENV.accessKeySecret].filter(Boolean).join(' and ')}`,
    );
    return finish('');
  }
  const reportOrigin = client.reportOrigin;
  if (!reportOrigin) {
    check(
      'reportOrigin',
      'fail',
      `a custom endpoint needs ${DOCTOR_ENV.reportOrigin} (the origin of the embed pages)`,
    );
    return finish('');
  }
  const probe: Probe = {
    client,
    fetch: options.fetch ?? ((...args) => globalThis.fetch(...args)),
    reportOrigin,
    now: options.now ?? Date.now,
    created: [],
    deleted: 0,
    usesConsumed: 0,
    openInBrowser: options.openInBrowser,
  };

  // 1. The keys sign and the region answers: a read that changes nothing.
  try {
    const info = await client.queryEmbeddedInfo();
    check(
      'keys sign, endpoint answers',
      'ok',
      `QueryEmbeddedInfo: ${info.embeddedCount} of ${info.maxCount} embeds used`,
    );
  } catch (error) {
    check('keys sign, endpoint answers', 'fail', `${describeError(error)}; ${signingHint(error)}`);
    return finish('', probe);
  }

  // 2. The report origin serves embed pages (Quick BI's page, even its error page, is HTML).
  try {
    const response = await probe.fetch(`${reportOrigin}/token3rd/dashboard/view/pc.htm`, {
      redirect: 'manual',
    });
    await response.body?.cancel();
    const type = response.headers.get('content-type') ?? '';
    if (response.status < 500 && /html/i.test(type))
      check(
        'report origin serves embed pages',
        'ok',
        `${reportOrigin} (HTTP ${response.status}, ${type})`,
      );
    else
      check(
        'report origin serves embed pages',
        'fail',
        `${reportOrigin} answered HTTP ${response.status} (${type || 'no content type'}); check ${DOCTOR_ENV.reportOrigin}`,
      );
  } catch (error) {
    check(
      'report origin serves embed pages',
      'fail',
      `${reportOrigin} could not be reached (${describeError(error)}); check ${DOCTOR_ENV.reportOrigin}`,
    );
  }

  // 3. Each works: embeddable, and its type (for its page path).
  let types = new Map<string, WorksType | undefined>();
  try {
    types = await worksTypes(client);
  } catch (error) {
    check(
      'works types',
      'warn',
      `GetWorksEmbedList failed (${describeError(error)}); assuming dashboards`,
    );
  }
  const worksIds = [...(options.worksIds ?? [])];
  if (worksIds.length === 0) {
    const first = [...types.keys()][0];
    if (first) {
      worksIds.push(first);
      say(`  (no works given: using ${first}, the first of GetWorksEmbedList)`);
    }
  }
  const embeddable: string[] = [];
  for (const worksId of worksIds) {
    try {
      if (await client.queryEmbeddedStatus({ worksId })) {
        embeddable.push(worksId);
        check(`${worksId} embeddable`, 'ok', 'QueryEmbeddedStatus: true');
      } else
        check(
          `${worksId} embeddable`,
          'fail',
          'QueryEmbeddedStatus: false; switch embedding on (console, or UpdateEmbeddedStatus) and publish it',
        );
    } catch (error) {
      check(`${worksId} embeddable`, 'fail', describeError(error));
    }
  }

  // 4. The round trip on the first embeddable works, detecting the undocumented readings.
  const roundTripWorks = embeddable[0];
  const typeOf = (worksId: string): WorksType => types.get(worksId) ?? 'dashboard';
  if (!roundTripWorks) {
    check(
      'ticket round trip',
      'skip',
      'no embeddable works to create a ticket for (pass a worksId)',
    );
  } else {
    await roundTrip(probe, roundTripWorks, typeOf(roundTripWorks), check, detected);
  }

  // 5. Every other works type's page path, with a one-use ticket each.
  const pageChecked = new Set(roundTripWorks ? [typeOf(roundTripWorks)] : []);
  for (const worksId of embeddable.slice(1)) {
    const worksType = typeOf(worksId);
    if (pageChecked.has(worksType)) continue;
    pageChecked.add(worksType);
    try {
      const { ticket } = await client.createTicket({ worksId, ticketNum: 1, expireMinutes: 5 });
      probe.created.push(ticket);
      const page = await loadPage(probe, worksId, worksType, ticket);
      check(
        `${worksType} page (${worksId})`,
        page.ok ? 'ok' : 'fail',
        `${page.path} ${page.detail}`,
      );
      await deleteTicket(probe, ticket);
    } catch (error) {
      check(`${worksType} page (${worksId})`, 'fail', describeError(error));
    }
  }

  // 6. Smart Q tickets.
  await smartQ(probe, copilotId, check, detected);

  // 7. What to configure.
  const snippet = optionsSnippet({ region, endpoint, reportOriginEnv, reportOrigin, detected });
  say('');
  say('Detected (undocumented by Quick BI)');
  say(`  timeZone: ${detected.timeZone ? quote(detected.timeZone) : 'undetermined'}`);
  say(
    `  updateTicketNumMode: ${detected.updateTicketNumMode ? quote(detected.updateTicketNumMode) : 'undetermined'}`,
  );
  say(
    `  ticketExtendFrom: ${detected.ticketExtendFrom ? quote(detected.ticketExtendFrom) : 'undetermined'}` +
      '  (DelayTicketExpireTime base; the handler reads InvalidTime back, nothing to set)',
  );
  say(
    `  smartQTickets: ${detected.smartQTickets === undefined ? 'undetermined' : String(detected.smartQTickets)}`,
  );
  say('');
  say('Options to use');
  for (const line of snippet.split('\n')) say(`  ${line}`);
  return finish(snippet, probe);
}

type CheckFn = (name: string, status: DoctorStatus, detail: string) => void;

async function roundTrip(
  probe: Probe,
  worksId: string,
  worksType: WorksType,
  check: CheckFn,
  detected: DoctorDetected,
): Promise<void> {
  const { client } = probe;
  const before = probe.now();
  let ticket: string;
  try {
    ({ ticket } = await client.createTicket({
      worksId,
      ticketNum: ROUND_TRIP_USES,
      expireMinutes: ROUND_TRIP_MINUTES,
    }));
  } catch (error) {
    check('CreateTicket', 'fail', describeError(error));
    return;
  }
  const after = probe.now();
  probe.created.push(ticket);
  try {
    const first = await client.queryTicketInfo({ ticket });
    check(
      'CreateTicket -> QueryTicketInfo',
      first.maxUses === ROUND_TRIP_USES ? 'ok' : 'warn',
      `MaxTicketNum ${first.maxUses}, UsedTicketNum ${first.usedUses}, InvalidTime ${first.invalidTime?.text ?? 'absent'}`,
    );
    const zone = readTimeZone(first.invalidTime?.text, before, after, ROUND_TRIP_MINUTES);
    if (zone.timeZone) {
      detected.timeZone = zone.timeZone;
      check(
        'InvalidTime zone',
        zone.skewMinutes > 3 ? 'warn' : 'ok',
        `timeZone: ${quote(zone.timeZone)}` +
          (zone.skewMinutes > 3
            ? ` (${zone.skewMinutes} min off: is this machine's clock right?)`
            : ''),
      );
    } else check('InvalidTime zone', 'warn', 'undetermined (InvalidTime unreadable)');

    const page = await loadPage(probe, worksId, worksType, ticket);
    let used = (await usedOf(probe, ticket)) ?? 0;
    if (used === 0 && page.ok && probe.openInBrowser) {
      await probe.openInBrowser(page.url);
      used = (await usedOf(probe, ticket)) ?? 0;
    }
    check(
      `${worksType} page (${worksId})`,
      page.ok ? 'ok' : 'fail',
      `${page.path} ${page.detail}; UsedTicketNum now ${used}`,
    );

    const maxBefore = (await client.queryTicketInfo({ ticket })).maxUses;
    await client.updateTicketNum({ ticket, ticketNum: TOP_UP_TO });
    const topped = await client.queryTicketInfo({ ticket });
    const reading = readUpdateTicketNum(maxBefore, topped.maxUses, topped.usedUses, TOP_UP_TO);
    if (reading.mode) {
      detected.updateTicketNumMode = reading.mode;
      check(
        'UpdateTicketNum',
        'ok',
        `updateTicketNumMode: ${quote(reading.mode)} (TicketNum ${TOP_UP_TO} with ${topped.usedUses} used: MaxTicketNum ${maxBefore} -> ${topped.maxUses})`,
      );
    } else check('UpdateTicketNum', 'warn', `undetermined: ${reading.note}`);

    await client.delayTicketExpireTime({ ticket, expireMinutes: DELAY_MINUTES });
    const delayed = await client.queryTicketInfo({ ticket });
    const base: ExtendReading = readExtendFrom(
      topped.invalidTime?.text ?? first.invalidTime?.text,
      delayed.invalidTime?.text,
      DELAY_MINUTES,
    );
    if (base) {
      detected.ticketExtendFrom = base;
      check(
        'DelayTicketExpireTime',
        'ok',
        `ticketExtendFrom: ${quote(base)} (InvalidTime ${first.invalidTime?.text ?? '?'} -> ${delayed.invalidTime?.text ?? '?'} after ${DELAY_MINUTES} min)`,
      );
    } else
      check(
        'DelayTicketExpireTime',
        'warn',
        `undetermined (InvalidTime ${first.invalidTime?.text ?? '?'} -> ${delayed.invalidTime?.text ?? '?'})`,
      );
  } catch (error) {
    check('ticket round trip', 'fail', describeError(error));
  }
  const deletedBefore = probe.deleted;
  await deleteTicket(probe, ticket);
  if (probe.deleted === deletedBefore) {
    check('DeleteTicket', 'fail', 'the test ticket could not be deleted (it expires on its own)');
    return;
  }
  try {
    await client.queryTicketInfo({ ticket });
    check('DeleteTicket', 'warn', 'QueryTicketInfo still finds the deleted ticket');
  } catch (error) {
    check(
      'DeleteTicket',
      'ok',
      `deleted; QueryTicketInfo now answers ${error instanceof QuickBIApiError ? error.code : 'an error'}`,
    );
  }
}

async function smartQ(
  probe: Probe,
  copilotId: string | undefined,
  check: CheckFn,
  detected: DoctorDetected,
): Promise<void> {
  const name = 'Smart Q tickets';
  // Without an id, a placeholder: "not found" still proves the action is served here.
  const id = copilotId ?? '__quickbi-embed-doctor-probe__';
  try {
    const { ticket } = await probe.client.createCopilotTicket({
      copilotId: id,
      ticketNum: 1,
      expireMinutes: 1,
    });
    probe.created.push(ticket);
    detected.smartQTickets = true;
    check(name, 'ok', `CreateTicket4Copilot minted a ticket for ${id}`);
    await deleteTicket(probe, ticket);
  } catch (error) {
    const code = error instanceof QuickBIApiError ? error.code : '';
    if (copilotId === undefined && /Invalid\.?Parameter|NotExist|Not\.Exist/i.test(code)) {
      detected.smartQTickets = true;
      check(
        name,
        'ok',
        `CreateTicket4Copilot is served (${code} for a placeholder id; pass --copilot-id to mint one)`,
      );
    } else if (/Invalid\.?Parameter|NotExist|Not\.Exist|report_tree|Unauthorized/i.test(code)) {
      check(
        name,
        'warn',
        `${describeError(error)} (check the copilot id and its embedding switch)`,
      );
    } else {
      detected.smartQTickets = false;
      check(name, 'warn', `not available here: ${describeError(error)}`);
    }
  }
}

function optionsSnippet(input: {
  region: string | undefined;
  endpoint: string | undefined;
  reportOriginEnv: string | undefined;
  reportOrigin: string;
  detected: DoctorDetected;
}): string {
  const { detected } = input;
  const documented =
    input.region === undefined
      ? undefined
      : (QUICKBI_SITES as Record<string, { reportOrigin?: string }>)[input.region]?.reportOrigin;
  const client = [
    `accessKeyId: process.env.${DOCTOR_ENV.accessKeyId},`,
    `accessKeySecret: process.env.${DOCTOR_ENV.accessKeySecret},`,
    ...(input.region ? [`region: ${quote(input.region)},`] : []),
    ...(input.endpoint
      ? [`endpoint: process.env.${DOCTOR_ENV.endpoint}, // ${input.endpoint}`]
      : []),
    ...(input.reportOriginEnv || !documented
      ? [`reportOrigin: process.env.${DOCTOR_ENV.reportOrigin}, // ${input.reportOrigin}`]
      : []),
    detected.timeZone
      ? `timeZone: ${quote(detected.timeZone)},`
      : `// timeZone: undetermined (default '+08:00')`,
  ];
  const handler = [
    'client,',
    'authorize, // your policy hook',
    detected.updateTicketNumMode
      ? `updateTicketNumMode: ${quote(detected.updateTicketNumMode)},`
      : `// updateTicketNumMode: undetermined (default 'setMax')`,
  ];
  return [
    'const client = createQuickBIClient({',
    ...client.map((l) => `  ${l}`),
    '});',
    'const handler = createQuickBIHandler({',
    ...handler.map((l) => `  ${l}`),
    '});',
  ].join('\n');
}
