/**
 * Every reading of Quick BI that its docs leave open, defined once. Each is an emulator option
 * (named like the server's option where the server has one), OFF or at the documented reading by
 * default, switchable while running (`setOptions`, `POST /__emulator/options`) and by a CLI flag.
 * `UNCONFIRMED_OPTIONS` lists them with their values so a doctor and tests can enumerate every
 * option × value. Part of the model layer: imports nothing.
 */

/** Which embed pages post `{height, pageId}` and answer `getDashboardHeight`. */
export type PostHeightOn = 'dashboards' | 'reports' | 'all';
export const POST_HEIGHT_ON: readonly PostHeightOn[] = ['dashboards', 'reports', 'all'];

export type UpdateTicketNumMode = 'setMax' | 'addRemaining';
export const UPDATE_TICKET_NUM_MODES: readonly UpdateTicketNumMode[] = ['setMax', 'addRemaining'];

export type ExtendFrom = 'now' | 'invalidTime';
export const EXTEND_FROM: readonly ExtendFrom[] = ['now', 'invalidTime'];

/** Where Smart Q tickets mint: only the documented sites, or any region. */
export type CopilotRegions = 'documented' | 'any';
export const COPILOT_REGIONS: readonly CopilotRegions[] = ['documented', 'any'];

/**
 * The regions whose site offers Smart Q (ticket) embedding: "This feature is currently available
 * only on the China (Hong Kong) and Malaysia sites" (Smart Q OpenAPI,
 * https://www.alibabacloud.com/help/doc-detail/2922369.html).
 */
export const SMART_Q_REGIONS: readonly string[] = ['cn-hongkong', 'ap-southeast-3'];

/** The ticket page paths Quick BI documents or public code shows (spec §3), after `/token3rd`. */
export const DOCUMENTED_PAGE_PATHS = Object.freeze({
  dashboard: '/dashboard/view/pc.htm',
  workbook: '/report/view.htm',
  dataScreen: '/screen/view/pc.htm',
  selfServiceDownload: '/offline/view/pc.htm',
});

/** Works types whose ticket page path Quick BI does not document. */
export type UnconfirmedPageType = 'adHocAnalysis' | 'dataEntryForm' | 'copilot' | 'dataPortal';
export type PagePaths = Record<UnconfirmedPageType, string>;

/**
 * The default page path of each works type Quick BI documents no ticket URL for (after the origin,
 * with or without `/token3rd`). The same defaults as core's `buildReportUrl`, `buildCopilotUrl`
 * and `buildPortalUrl` (whose `pagePath` option overrides them).
 */
export const DEFAULT_PAGE_PATHS: Readonly<PagePaths> = Object.freeze({
  adHocAnalysis: '/analysis/view/pc.htm',
  dataEntryForm: '/dataForm/view/pc.htm',
  copilot: '/copilot/view/pc.htm',
  dataPortal: '/product/view.htm',
});

/**
 * A second path per type, only so tests and the doctor can move a page and see it move. Not a
 * claim about Quick BI: any path with one leading `/` is accepted.
 */
const ALTERNATE_PAGE_PATHS: Readonly<PagePaths> = Object.freeze({
  adHocAnalysis: '/adhoc/view/pc.htm',
  dataEntryForm: '/dataForm/fill/pc.htm',
  copilot: '/copilot/view.htm',
  dataPortal: '/product/view/pc.htm',
});

export type UnconfirmedValue = string | boolean | number;

export interface UnconfirmedOption {
  /**
   * The option's name in `EmulatorOptions` (page paths: `pagePaths.<worksType>`), the same as the
   * server's option where the server has one (`updateTicketNumMode`).
   */
  name: string;
  /** The readings the emulator implements (page paths and `timeZone`: examples; any is accepted). */
  values: readonly UnconfirmedValue[];
  /** The emulator's default: the documented behaviour, or the most likely reading. */
  default: UnconfirmedValue;
  /** The CLI flag that sets it. */
  flag: string;
  /** What is undocumented, and what each value means. */
  doc: string;
}

export const UNCONFIRMED_OPTIONS: readonly UnconfirmedOption[] = Object.freeze([
  {
    name: 'updateTicketNumMode',
    values: UPDATE_TICKET_NUM_MODES,
    default: 'setMax',
    flag: '--update-ticket-num-mode',
    doc:
      "UpdateTicketNum's TicketNum: 'setMax' makes it the ticket's MaxTicketNum (uses already " +
      "spent count against it); 'addRemaining' makes it the uses left (Max = Used + TicketNum).",
  },
  {
    name: 'ticketExtendFrom',
    values: EXTEND_FROM,
    default: 'now',
    flag: '--ticket-extend-from',
    doc: "DelayTicketExpireTime's base: the new InvalidTime is now + ExpireTime, or the old InvalidTime + ExpireTime.",
  },
  {
    name: 'tokenExtendFrom',
    values: EXTEND_FROM,
    default: 'now',
    flag: '--token-extend-from',
    doc: 'CreateEmbedToken renewal and DelayEmbedToken base (legacy token scheme), as ticketExtendFrom.',
  },
  {
    name: 'timeZone',
    values: ['+08:00', '+00:00'],
    default: '+08:00',
    flag: '--tz',
    doc: 'The zone InvalidTime / RegisterTime / EmbedTime are written in (no offset on the wire); any +HH:MM.',
  },
  {
    name: 'postHeightOn',
    values: POST_HEIGHT_ON,
    default: 'dashboards',
    flag: '--post-height-on',
    doc:
      "Pages that post {height, pageId}: 'dashboards' (documented), every report page " +
      "('reports'), or Quick BI's error pages too ('all').",
  },
  {
    name: 'portalTickets',
    values: [false, true],
    default: false,
    flag: '--portal-tickets',
    doc:
      "CreateTicket accepts a data portal's id (CreateTicket's docs list six works types and no " +
      'portal): false refuses it with Invalid.Parameter.Error, true mints a ticket for the portal page.',
  },
  {
    name: 'copilotRegions',
    values: COPILOT_REGIONS,
    default: 'documented',
    flag: '--copilot-regions',
    doc:
      `Where CreateTicket4Copilot mints: 'documented' only on the Smart Q sites (${SMART_Q_REGIONS.join(', ')}), ` +
      "refusing elsewhere with Access.Forbidden (the code is a guess); 'any' in every region.",
  },
  {
    name: 'maxUrlBytes',
    values: [16 * 1024, 8 * 1024],
    default: 16 * 1024,
    flag: '--max-url-bytes',
    doc:
      'The longest OpenAPI request line (bytes) before a JSON 414 RequestURITooLong (limit, code ' +
      'and status undocumented); parameters in a form body are not counted. Any number 256..262144.',
  },
  ...(Object.keys(DEFAULT_PAGE_PATHS) as UnconfirmedPageType[]).map((type) => ({
    name: `pagePaths.${type}`,
    values: [DEFAULT_PAGE_PATHS[type], ALTERNATE_PAGE_PATHS[type]],
    default: DEFAULT_PAGE_PATHS[type],
    flag: `--page-path-${type}`,
    doc: `The ${type} ticket page path (Quick BI documents none); any path starting with one "/".`,
  })),
]);

/**
 * The options patch that sets one UNCONFIRMED option (`setOptions`, `POST /__emulator/options`):
 * `unconfirmedPatch('pagePaths.copilot', '/x.htm')` is `{ pagePaths: { copilot: '/x.htm' } }`.
 */
export function unconfirmedPatch(name: string, value: UnconfirmedValue): Record<string, unknown> {
  const [head, type] = name.split('.');
  if (!UNCONFIRMED_OPTIONS.some((o) => o.name === name) || head === undefined) {
    throw new TypeError(`${name} is not an UNCONFIRMED option`);
  }
  return type === undefined ? { [head]: value } : { [head]: { [type]: value } };
}
