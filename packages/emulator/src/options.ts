import type { EmulatorUser, EmulatorWorks } from './model/organization.js';
import {
  COPILOT_REGIONS,
  DEFAULT_PAGE_PATHS,
  DOCUMENTED_PAGE_PATHS,
  EXTEND_FROM,
  POST_HEIGHT_ON,
  UPDATE_TICKET_NUM_MODES,
  type CopilotRegions,
  type ExtendFrom,
  type PagePaths,
  type PostHeightOn,
  type UpdateTicketNumMode,
} from './model/unconfirmed.js';

export type { CopilotRegions, PagePaths, PostHeightOn, UpdateTicketNumMode };

export type ApiVersion = '2021-03-25' | '2022-01-01';

export interface EmulatorAccessKey {
  accessKeyId: string;
  accessKeySecret: string;
  /** When set, every call with this key must carry this STS token. */
  securityToken?: string;
}

/** The key pair the emulator accepts when none is configured. Not a secret: a test fixture. */
export const DEFAULT_ACCESS_KEY: EmulatorAccessKey = Object.freeze({
  accessKeyId: 'LTAI-emulator-default',
  accessKeySecret: 'emulator-default-secret',
});

export interface EmulatorLogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  action?: string;
  code?: string;
  requestId?: string;
}
export type EmulatorLogger = (entry: EmulatorLogEntry) => void;

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default `[DEFAULT_ACCESS_KEY]`. */
  accessKeys?: EmulatorAccessKey[];
  /** Zone `InvalidTime`/`RegisterTime` are rendered in, `+HH:MM`. Default `+08:00`. UNCONFIRMED. */
  timeZone?: string;
  /** Base clock (epoch ms), default `Date.now`; the control clock offset is added on top. */
  now?: () => number;
  /** Embed-page data refresh interval; 0 turns it off. Default 5000. */
  refreshIntervalMs?: number;
  /** Per-action rate limit; 0 or Infinity turns it off. Default 50 (spec §7). */
  rateLimitPerSecond?: number;
  /** Replace the sample organisation's works / users. */
  works?: EmulatorWorks[];
  users?: EmulatorUser[];
  organizationId?: string;
  /** DelayTicketExpireTime base. Default 'now'. UNCONFIRMED in the docs. */
  ticketExtendFrom?: ExtendFrom;
  /** CreateEmbedToken renewal / DelayEmbedToken base. Default 'now'. UNCONFIRMED. */
  tokenExtendFrom?: ExtendFrom;
  /**
   * UpdateTicketNum: TicketNum becomes MaxTicketNum ('setMax', default) or the remaining uses
   * ('addRemaining': Max = Used + TicketNum). UNCONFIRMED; the server's option of the same name.
   */
  updateTicketNumMode?: UpdateTicketNumMode;
  /**
   * Max ExpireTime / ExpireMin in minutes of CreateTicket, DelayTicketExpireTime and the token
   * actions. Default 240. Smart Q (CreateTicket4Copilot) keeps its own documented 240.
   */
  maxExpireMinutes?: number;
  /**
   * HTTP status of Quick BI business errors: one number, or per API version.
   * Default `{ '2022-01-01': 400, '2021-03-25': 500 }` (current docs vs the 2021 seed page).
   */
  errorStatus?: number | Partial<Record<ApiVersion, number>>;
  /** CreateEmbedToken calls allowed per (user, works) while one token is valid. Default Infinity. */
  maxTokenCreatesPerWindow?: number;
  /** V1 `Timestamp` window (ms either side). Default 31 minutes (spec §6.2). */
  rpcTimestampWindowMs?: number;
  /** V3 `x-acs-date` window (ms either side). Default 15 minutes (spec §6.3). */
  v3DateWindowMs?: number;
  /** Receives one entry per call; never carries a secret. */
  logger?: EmulatorLogger;
  /**
   * CreateTicket accepts a data portal's id and serves it on the portal page path. Default false,
   * as documented: CreateTicket's docs list six works types and no portal, so a portal id is
   * refused (`Invalid.Parameter.Error`). UNCONFIRMED: true mints portal tickets.
   */
  portalTickets?: boolean;
  /**
   * The longest OpenAPI request line (path and query, bytes) the emulator takes; longer ones get a
   * JSON `414 RequestURITooLong` (parameters in a form body have no such limit; the body's own is
   * 1 MiB). Default 16384. UNCONFIRMED: the gateway's limit and its answer are undocumented.
   */
  maxUrlBytes?: number;
  /**
   * The region (site) this emulator plays, e.g. `cn-hangzhou`, `ap-southeast-1`. Default
   * `cn-hongkong`, the site the embedding docs' examples use. Decides where Smart Q mints.
   */
  region?: string;
  /**
   * Where CreateTicket4Copilot mints. `'documented'` (default): only on the Smart Q sites, Hong
   * Kong and Malaysia (`SMART_Q_REGIONS`); elsewhere it answers `Access.Forbidden`. `'any'`: in
   * every region. UNCONFIRMED: the international docs name two sites; the code of the refusal is
   * a guess.
   */
  copilotRegions?: CopilotRegions;
  /**
   * Page paths of the works types Quick BI documents no ticket URL for (ad hoc analysis, data
   * entry forms, Smart Q, data portals). Defaults `DEFAULT_PAGE_PATHS`. UNCONFIRMED: a moved type
   * is served only on its new path.
   */
  pagePaths?: Partial<PagePaths>;
  /** QueryEmbeddedInfo's `MaxCount` (the organisation's embedding quota). Default 100, UNCONFIRMED. */
  maxEmbeddedCount?: number;
  /**
   * Which embed pages post `{height, pageId}` to the parent and answer `{getDashboardHeight: true}`.
   * `'dashboards'` (default): only a dashboard's report page, the one page Quick BI documents the
   * message for (spec §5, PC dashboards). `'reports'`: every works type's report page. `'all'`:
   * Quick BI's error pages (expired, exhausted, mismatched, unknown ticket) too. UNCONFIRMED:
   * whether Quick BI's other works types or its error pages post is undocumented.
   */
  postHeightOn?: PostHeightOn;
}

export interface ResolvedOptions {
  port: number;
  host: string;
  accessKeys: EmulatorAccessKey[];
  timeZone: string;
  now: () => number;
  refreshIntervalMs: number;
  rateLimitPerSecond: number;
  organizationId: string;
  ticketExtendFrom: ExtendFrom;
  tokenExtendFrom: ExtendFrom;
  updateTicketNumMode: UpdateTicketNumMode;
  maxExpireMinutes: number;
  errorStatus: Record<ApiVersion, number>;
  maxTokenCreatesPerWindow: number;
  rpcTimestampWindowMs: number;
  v3DateWindowMs: number;
  logger: EmulatorLogger | undefined;
  portalTickets: boolean;
  maxEmbeddedCount: number;
  postHeightOn: PostHeightOn;
  maxUrlBytes: number;
  region: string;
  copilotRegions: CopilotRegions;
  pagePaths: PagePaths;
}

const MINUTE = 60_000;

/**
 * The Node server's request-header limit (node's `maxHeaderSize`, default 16 KiB), so that the
 * emulator, not node, answers an over-long request line; past it node refuses the request, and
 * the server turns that into the same JSON 414. Bounds `maxUrlBytes`.
 */
export const MAX_URL_BYTES_LIMIT = 256 * 1024;

/** Options the control API (`POST /__emulator/options`) may change while the emulator runs. */
export const LIVE_OPTIONS = [
  'accessKeys',
  'timeZone',
  'refreshIntervalMs',
  'rateLimitPerSecond',
  'organizationId',
  'ticketExtendFrom',
  'tokenExtendFrom',
  'updateTicketNumMode',
  'maxExpireMinutes',
  'errorStatus',
  'maxTokenCreatesPerWindow',
  'rpcTimestampWindowMs',
  'v3DateWindowMs',
  'postHeightOn',
  'portalTickets',
  'maxEmbeddedCount',
  'maxUrlBytes',
  'region',
  'copilotRegions',
  'pagePaths',
] as const satisfies ReadonlyArray<keyof EmulatorOptions>;
export type LiveOption = (typeof LIVE_OPTIONS)[number];

function oneOf<T extends string>(name: string, value: T | undefined, allowed: readonly T[]) {
  if (value !== undefined && !allowed.includes(value)) {
    throw new TypeError(
      `${name} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`,
    );
  }
}

function atLeast(name: string, value: number | undefined, min: number) {
  // Infinity is allowed where it means "no limit".
  if (value !== undefined && !(typeof value === 'number' && value >= min)) {
    throw new TypeError(`${name} must be a number >= ${min}, got ${JSON.stringify(value)}`);
  }
}

function checkOptions(options: EmulatorOptions): void {
  oneOf('ticketExtendFrom', options.ticketExtendFrom, EXTEND_FROM);
  oneOf('tokenExtendFrom', options.tokenExtendFrom, EXTEND_FROM);
  oneOf('updateTicketNumMode', options.updateTicketNumMode, UPDATE_TICKET_NUM_MODES);
  oneOf('postHeightOn', options.postHeightOn, POST_HEIGHT_ON);
  oneOf('copilotRegions', options.copilotRegions, COPILOT_REGIONS);
  if (options.region !== undefined && !/^[a-z]{2,}(-[a-z0-9]+)+$/.test(options.region)) {
    throw new TypeError(`region must look like cn-hangzhou, got ${JSON.stringify(options.region)}`);
  }
  checkPagePaths(options.pagePaths);
  atLeast('refreshIntervalMs', options.refreshIntervalMs, 0);
  atLeast('rateLimitPerSecond', options.rateLimitPerSecond, 0);
  atLeast('maxExpireMinutes', options.maxExpireMinutes, 1);
  atLeast('maxTokenCreatesPerWindow', options.maxTokenCreatesPerWindow, 1);
  atLeast('rpcTimestampWindowMs', options.rpcTimestampWindowMs, 0);
  atLeast('v3DateWindowMs', options.v3DateWindowMs, 0);
  atLeast('maxEmbeddedCount', options.maxEmbeddedCount, 0);
  atLeast('maxUrlBytes', options.maxUrlBytes, 256);
  if (options.maxUrlBytes !== undefined && options.maxUrlBytes > MAX_URL_BYTES_LIMIT) {
    throw new TypeError(
      `maxUrlBytes must be <= ${MAX_URL_BYTES_LIMIT} (the server's header limit)`,
    );
  }
  if (options.portalTickets !== undefined && typeof options.portalTickets !== 'boolean') {
    throw new TypeError(
      `portalTickets must be true or false, got ${JSON.stringify(options.portalTickets)}`,
    );
  }
  const status = options.errorStatus;
  const statuses = typeof status === 'number' ? [status] : Object.values(status ?? {});
  for (const code of statuses) {
    if (!Number.isInteger(code) || code < 400 || code > 599) {
      throw new TypeError(`errorStatus must be HTTP 400..599, got ${JSON.stringify(code)}`);
    }
  }
  for (const key of options.accessKeys ?? []) {
    if (typeof key?.accessKeyId !== 'string' || typeof key.accessKeySecret !== 'string') {
      throw new TypeError('accessKeys must be { accessKeyId, accessKeySecret, securityToken? }');
    }
  }
}

function checkPagePaths(paths: Partial<PagePaths> | undefined): void {
  if (paths === undefined) return;
  if (typeof paths !== 'object' || paths === null)
    throw new TypeError('pagePaths must be an object');
  const seen = new Set<string>();
  for (const [type, path] of Object.entries(paths)) {
    if (!Object.hasOwn(DEFAULT_PAGE_PATHS, type)) {
      throw new TypeError(
        `pagePaths.${type}: only ${Object.keys(DEFAULT_PAGE_PATHS).join(', ')} have undocumented paths`,
      );
    }
    if (typeof path !== 'string' || !/^\/(?!\/)[\w\-./]*$/.test(path) || path.startsWith('/__')) {
      throw new TypeError(
        `pagePaths.${type} must be a path like /a/b.htm, got ${JSON.stringify(path)}`,
      );
    }
    if ((Object.values(DOCUMENTED_PAGE_PATHS) as string[]).includes(path)) {
      throw new TypeError(`pagePaths.${type}: ${path} is a documented page's path`);
    }
    if (seen.has(path)) throw new TypeError(`pagePaths: ${path} is given to two works types`);
    seen.add(path);
  }
}

export function resolveOptions(options: EmulatorOptions, organizationId: string): ResolvedOptions {
  const status = options.errorStatus;
  const timeZone = options.timeZone ?? '+08:00';
  if (!/^[+-]\d{2}:\d{2}$/.test(timeZone)) {
    throw new TypeError(`timeZone must look like +08:00, got ${JSON.stringify(timeZone)}`);
  }
  checkOptions(options);
  return {
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    accessKeys: (options.accessKeys ?? [DEFAULT_ACCESS_KEY]).map((k) => ({ ...k })),
    timeZone,
    now: options.now ?? Date.now,
    refreshIntervalMs: options.refreshIntervalMs ?? 5000,
    rateLimitPerSecond: options.rateLimitPerSecond ?? 50,
    organizationId: options.organizationId ?? organizationId,
    ticketExtendFrom: options.ticketExtendFrom ?? 'now',
    tokenExtendFrom: options.tokenExtendFrom ?? 'now',
    updateTicketNumMode: options.updateTicketNumMode ?? 'setMax',
    maxExpireMinutes: options.maxExpireMinutes ?? 240,
    errorStatus:
      typeof status === 'number'
        ? { '2021-03-25': status, '2022-01-01': status }
        : { '2021-03-25': 500, '2022-01-01': 400, ...status },
    maxTokenCreatesPerWindow: options.maxTokenCreatesPerWindow ?? Infinity,
    rpcTimestampWindowMs: options.rpcTimestampWindowMs ?? 31 * MINUTE,
    v3DateWindowMs: options.v3DateWindowMs ?? 15 * MINUTE,
    logger: options.logger,
    portalTickets: options.portalTickets ?? false,
    maxEmbeddedCount: options.maxEmbeddedCount ?? 100,
    postHeightOn: options.postHeightOn ?? 'dashboards',
    maxUrlBytes: options.maxUrlBytes ?? 16 * 1024,
    region: options.region ?? 'cn-hongkong',
    copilotRegions: options.copilotRegions ?? 'documented',
    pagePaths: { ...DEFAULT_PAGE_PATHS, ...options.pagePaths },
  };
}

/** What `GET /__emulator/options` shows: every value, never a secret. */
export function publicOptions(resolved: ResolvedOptions) {
  const { now: _now, logger, accessKeys, ...rest } = resolved;
  return {
    ...rest,
    accessKeys: accessKeys.map((k) => ({
      accessKeyId: k.accessKeyId,
      securityToken: k.securityToken === undefined ? 'none' : 'set',
    })),
    logger: logger ? 'set' : 'none',
  };
}
