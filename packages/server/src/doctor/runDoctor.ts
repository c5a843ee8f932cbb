/**
 * `quickbi-embed doctor`: checks a real Quick BI organisation (or the emulator) before production
 * and detects which reading of each undocumented behaviour holds, then prints the options to set.
 * Every ticket it creates it deletes; it counts the uses it consumed. It never prints a secret.
 */
import type { QuickBIRegion, WorksType } from '@quickbi-embed/core';
import { createQuickBIClient } from '../client/createQuickBIClient.js';
import type { QuickBIClient } from '../client/createQuickBIClient.js';
import { redactSecrets } from '../client/credentials.js';
import { QuickBIApiError } from '../client/quickbiApiError.js';
import { DOCTOR_ENV } from './doctorTypes.js';
import type {
  DoctorCheck,
  DoctorDetected,
  DoctorOptions,
  DoctorReport,
  DoctorStatus,
} from './doctorTypes.js';
import { optionsSnippet } from './optionsSnippet.js';
import { roundTrip } from './roundTrip.js';
import { smartQ } from './smartQ.js';
import {
  deleteTicket,
  describeError,
  loadPage,
  maskId,
  quote,
  worksTypes,
  type Probe,
} from './ticketProbe.js';

export { DOCTOR_ENV };
export type { DoctorCheck, DoctorDetected, DoctorOptions, DoctorReport, DoctorStatus };

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
