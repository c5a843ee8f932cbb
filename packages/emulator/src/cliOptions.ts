/**
 * The CLI's flags, one per `startEmulator` option, parsed into `EmulatorOptions`. Pure (no
 * process, no files read here) so every flag is tested; cli.ts does the I/O.
 */
import { parseArgs } from 'node:util';
import type { ApiVersion, EmulatorOptions } from './options.js';
import {
  COPILOT_REGIONS,
  DEFAULT_PAGE_PATHS,
  EXTEND_FROM,
  POST_HEIGHT_ON,
  UPDATE_TICKET_NUM_MODES,
  type PagePaths,
  type UnconfirmedPageType,
} from './model/unconfirmed.js';

export const CLI_USAGE = `Usage: quickbi-emulator [flags]

  --port N                       port, 0 = a free one (default 9100)
  --host H                       (default 127.0.0.1)
  --access-key-id ID --access-key-secret S [--security-token T]
                                 the key the emulator accepts (default: its test key)
  --tz +HH:MM                    zone of InvalidTime/RegisterTime (default +08:00)
  --refresh-ms N                 embed-page refresh interval, 0 = off (default 5000)
  --rate-limit N                 calls per second per action, 0 = off (default 50)
  --organization-id ID           (default the sample organisation's)
  --ticket-extend-from now|invalidTime
  --token-extend-from now|invalidTime
  --update-ticket-num-mode setMax|addRemaining
  --max-expire-minutes N         (default 240)
  --error-status N | 2022-01-01=400,2021-03-25=500
  --max-token-creates N          CreateEmbedToken calls per user and works while valid
  --rpc-timestamp-window-ms N    (default 31 min)
  --v3-date-window-ms N          (default 15 min)
  --start-time ISO               the base clock starts here and runs on (default: real time)
  --post-height-on dashboards|reports|all
                                 pages that post {height, pageId}: dashboards (default, as
                                 documented), every report page, or error pages too
  --portal-tickets true|false    CreateTicket accepts a data portal's id (default false, as
                                 documented; true is UNCONFIRMED)
  --max-url-bytes N              longest OpenAPI request line before a JSON 414 (default 16384)
  --region R                     the site this emulator plays (default cn-hongkong)
  --copilot-regions documented|any
                                 Smart Q tickets only on its documented sites (cn-hongkong,
                                 ap-southeast-3; default) or in any region (UNCONFIRMED)
  --page-path-adHocAnalysis P / --page-path-dataEntryForm P /
  --page-path-copilot P / --page-path-dataPortal P
                                 the undocumented page paths (defaults ${Object.values(DEFAULT_PAGE_PATHS).join(', ')})
  --max-embedded-count N         QueryEmbeddedInfo's MaxCount, the org's quota (default 100)
  --works-file F / --users-file F
                                 JSON arrays replacing the sample works / users
  --log                          print one line per call to stderr (never a secret)
  -h, --help
`;

export interface CliOptions {
  help: boolean;
  log: boolean;
  worksFile?: string;
  usersFile?: string;
  options: EmulatorOptions;
}

export class CliError extends Error {}

function int(flag: string, value: string | undefined, min = 0): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new CliError(`invalid --${flag} ${value}`);
  return n;
}

function choice<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]) {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new CliError(`--${flag} must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

function errorStatus(value: string | undefined): EmulatorOptions['errorStatus'] {
  if (value === undefined) return undefined;
  if (/^\d+$/.test(value)) return Number(value);
  const perVersion: Partial<Record<ApiVersion, number>> = {};
  for (const part of value.split(',')) {
    const m = /^(2022-01-01|2021-03-25)=(\d{3})$/.exec(part.trim());
    if (!m) throw new CliError(`invalid --error-status ${value}`);
    perVersion[m[1] as ApiVersion] = Number(m[2]);
  }
  return perVersion;
}

/** `now` for --start-time: starts at that instant and runs on with the real clock. */
export function clockFrom(startTime: string, realNow: () => number = Date.now): () => number {
  const start = Date.parse(startTime);
  if (Number.isNaN(start)) throw new CliError(`invalid --start-time ${startTime}`);
  const launched = realNow();
  return () => start + (realNow() - launched);
}

const PAGE_TYPES = Object.keys(DEFAULT_PAGE_PATHS) as UnconfirmedPageType[];
const PAGE_PATH_FLAGS = Object.fromEntries(
  PAGE_TYPES.map((type) => [`page-path-${type}`, { type: 'string' as const }]),
);

function pagePaths(values: Record<string, unknown>): Partial<PagePaths> | undefined {
  const given = PAGE_TYPES.flatMap((type) => {
    const value = values[`page-path-${type}`];
    return typeof value === 'string' ? [[type, value] as const] : [];
  });
  return given.length > 0 ? (Object.fromEntries(given) as Partial<PagePaths>) : undefined;
}

export function parseCliOptions(args: string[]): CliOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        port: { type: 'string', default: '9100' },
        host: { type: 'string' },
        'access-key-id': { type: 'string' },
        'access-key-secret': { type: 'string' },
        'security-token': { type: 'string' },
        tz: { type: 'string' },
        'refresh-ms': { type: 'string' },
        'rate-limit': { type: 'string' },
        'organization-id': { type: 'string' },
        'ticket-extend-from': { type: 'string' },
        'token-extend-from': { type: 'string' },
        'update-ticket-num-mode': { type: 'string' },
        'max-expire-minutes': { type: 'string' },
        'error-status': { type: 'string' },
        'max-token-creates': { type: 'string' },
        'rpc-timestamp-window-ms': { type: 'string' },
        'v3-date-window-ms': { type: 'string' },
        'start-time': { type: 'string' },
        'post-height-on': { type: 'string' },
        'portal-tickets': { type: 'string' },
        'max-embedded-count': { type: 'string' },
        'max-url-bytes': { type: 'string' },
        region: { type: 'string' },
        'copilot-regions': { type: 'string' },
        ...PAGE_PATH_FLAGS,
        'works-file': { type: 'string' },
        'users-file': { type: 'string' },
        log: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error));
  }
  const port = int('port', values.port)!;
  if (port > 65535) throw new CliError(`invalid --port ${values.port}`);
  const id = values['access-key-id'];
  const secret = values['access-key-secret'];
  if ((id === undefined) !== (secret === undefined)) {
    throw new CliError('give both --access-key-id and --access-key-secret, or neither');
  }
  if (values['security-token'] !== undefined && id === undefined) {
    throw new CliError('--security-token needs --access-key-id and --access-key-secret');
  }
  const entries: Partial<EmulatorOptions> = {
    port,
    host: values.host,
    accessKeys:
      id !== undefined && secret !== undefined
        ? [
            {
              accessKeyId: id,
              accessKeySecret: secret,
              ...(values['security-token'] ? { securityToken: values['security-token'] } : {}),
            },
          ]
        : undefined,
    timeZone: values.tz,
    refreshIntervalMs: int('refresh-ms', values['refresh-ms']),
    rateLimitPerSecond: int('rate-limit', values['rate-limit']),
    organizationId: values['organization-id'],
    ticketExtendFrom: choice('ticket-extend-from', values['ticket-extend-from'], EXTEND_FROM),
    tokenExtendFrom: choice('token-extend-from', values['token-extend-from'], EXTEND_FROM),
    updateTicketNumMode: choice(
      'update-ticket-num-mode',
      values['update-ticket-num-mode'],
      UPDATE_TICKET_NUM_MODES,
    ),
    maxExpireMinutes: int('max-expire-minutes', values['max-expire-minutes'], 1),
    errorStatus: errorStatus(values['error-status']),
    maxTokenCreatesPerWindow: int('max-token-creates', values['max-token-creates'], 1),
    rpcTimestampWindowMs: int('rpc-timestamp-window-ms', values['rpc-timestamp-window-ms']),
    v3DateWindowMs: int('v3-date-window-ms', values['v3-date-window-ms']),
    now: values['start-time'] === undefined ? undefined : clockFrom(values['start-time']),
    postHeightOn: choice('post-height-on', values['post-height-on'], POST_HEIGHT_ON),
    portalTickets:
      values['portal-tickets'] === undefined
        ? undefined
        : choice('portal-tickets', values['portal-tickets'], ['true', 'false']) === 'true',
    maxEmbeddedCount: int('max-embedded-count', values['max-embedded-count']),
    maxUrlBytes: int('max-url-bytes', values['max-url-bytes'], 256),
    region: values.region,
    copilotRegions: choice('copilot-regions', values['copilot-regions'], COPILOT_REGIONS),
    pagePaths: pagePaths(values),
  };
  // Only what was given: startEmulator's defaults stay in one place.
  const options = Object.fromEntries(
    Object.entries(entries).filter(([, v]) => v !== undefined),
  ) as EmulatorOptions;
  return {
    help: values.help,
    log: values.log,
    ...(values['works-file'] ? { worksFile: values['works-file'] } : {}),
    ...(values['users-file'] ? { usersFile: values['users-file'] } : {}),
    options,
  };
}
